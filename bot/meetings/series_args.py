"""The arguments of the meeting commands, as people type them: an optional meeting series
(`/pmm schedule apac 10`, `/pmm meeting skip apac 2027-03-09`), a count, dates and times.
Which series a name means is the catalog's (MeetingCatalog.resolve); this only splits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from bot.meetings.service import MeetingChangeError
from bot.text import quote_user_text, whole_number

MEETING_USAGE = (
    "`/pmm meeting skip [series] YYYY-MM-DD`, `/pmm meeting unskip [series] YYYY-MM-DD`, "
    "`/pmm meeting move [series] YYYY-MM-DD HH:MM` (or `move [series] YYYY-MM-DD YYYY-MM-DD "
    "HH:MM` to change the day too; times in the meeting's zone)"
)
# The series is tried last (`??`): `move 2026-03-24 2026-03-25 17:00` names no series. It
# may also come at the end (`skip 2027-03-09 apac`), as long as it does not start with a digit.
_MEETING = re.compile(
    r"^(skip|unskip|move)\s+(?:(.+?)\s+)??(\d{4}-\d{2}-\d{2})"
    r"(?:\s+(\d{4}-\d{2}-\d{2}))?(?:\s+(\d{1,2}:\d{2}))?(?:\s+(?!\d)(.+))?$"
)
DEFAULT_COUNT, MOST = 6, 20


def split_count(args: str, default: int = DEFAULT_COUNT, most: int = MOST) -> tuple[str, int]:
    """`apac 10` -> ("apac", 10); `10` -> ("", 10); `APAC sync` -> ("APAC sync", default).
    The count is any word of digits, kept within 1 to `most`; the other words name a series."""
    words, count = [], default
    for word in args.split():
        number = whole_number(word)
        if number is not None:
            count = number
        else:
            words.append(word)
    return " ".join(words), max(1, min(count, most))


def split_series_word(args: str, keys: set[str], keywords: frozenset[str]) -> tuple[str, str]:
    """("apac", "add Golden paths") for `apac add Golden paths` when `apac` is exactly a
    series id; ("", the text) otherwise, and for the command's own `keywords` (a series
    called `last` would make `/pmm agenda last` ambiguous: the keyword wins)."""
    text = args.strip()
    word, _, rest = text.partition(" ")
    key = word.casefold()
    if key in keys and key not in keywords:
        return key, rest.strip()
    return "", text


@dataclass(frozen=True)
class MeetingArgs:
    """`/pmm meeting skip|unskip|move [series] day [new day] [time]`, read."""

    action: str  # skip, unskip or move
    series: str  # what the person typed for the series; "" when none
    day: date
    new_day: date | None = None
    at: time | None = None

    def command(self, key: str) -> str:
        """The same command naming series `key` (for "say which")."""
        parts = [self.action, key, f"{self.day}"]
        if self.new_day:
            parts.append(f"{self.new_day}")
        if self.at:
            parts.append(f"{self.at:%H:%M}")
        return "/pmm meeting " + " ".join(parts)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise MeetingChangeError(f"{text} is not a date in the calendar: use YYYY-MM-DD.") from None


def parse_meeting_args(args: str) -> MeetingArgs:
    """`skip 2026-03-24`, `skip apac 2026-03-24`, `move 2026-03-24 18:30`,
    `move apac 2026-03-24 2026-03-25 17:00`; MeetingChangeError says what is wrong."""
    match = _MEETING.match(" ".join(args.split()).lower())
    if not match:
        raise MeetingChangeError(
            f"I can't read `{quote_user_text(args, 60)}`. Use {MEETING_USAGE}."
        )
    action, series, day, new_day, at, after = match.groups()
    if series and after:
        raise MeetingChangeError(
            f"Name the meeting once, before the date: `/pmm meeting {action} {series} {day}`."
        )
    series = series or after
    parsed, parsed_new = _day(day), _day(new_day) if new_day else None
    parsed_time = None
    if at:
        try:
            parsed_time = datetime.strptime(at, "%H:%M").time()
        except ValueError:
            raise MeetingChangeError(
                f"{at} is not a time of day: use 24-hour HH:MM, from 00:00 to 23:59."
            ) from None
    if action == "move" and parsed_time is None:
        raise MeetingChangeError("Say the new time: `/pmm meeting move 2026-03-24 18:30`.")
    return MeetingArgs(action, series or "", parsed, parsed_new, parsed_time)
