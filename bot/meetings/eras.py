"""A series' earlier definitions: an edit that changes when a series meets applies from the
edit on, and the meetings before it keep the times they had.

Calendar clients do the same with "this and following events": the old event ends (an
UNTIL on its rule) and a new one starts at the first meeting after the change. The feed
shows each definition as its own recurring event; expansion, `/pmm agenda last` and the
buttons of past meetings read the same parts, so what took place stays where it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache

from dateutil.rrule import rruleset, rrulestr
from icalendar import vRecur

from bot.meetings.config import MeetingConfig

# What an edit must change for the meetings before it to keep the old definition.
SCHEDULE_FIELDS = ("timezone", "first", "duration", "rrule")


@dataclass(frozen=True)
class Era:
    """An earlier definition, in force for the meetings that started before `ends`."""

    config: MeetingConfig
    ends: datetime


@dataclass(frozen=True)
class Part:
    """One definition bounded to its span: the first meeting in it (the recurring event's
    DTSTART) and its rule ending with the last (UNTIL instead of COUNT)."""

    index: int  # the era's position (the current definition comes last): its UID's suffix
    config: MeetingConfig
    start: datetime
    rule: str  # an RRULE value, as in the feed
    since: datetime | None
    until: datetime | None
    last: datetime | None = None  # its last meeting, when it has one (None: it goes on)

    def holds(self, original_start: datetime) -> bool:
        """Whether a meeting that was due at `original_start` belongs to this part."""
        return (self.since is None or original_start >= self.since) and (
            self.until is None or original_start < self.until
        )


def schedule_changed(before: MeetingConfig, after: MeetingConfig) -> bool:
    """Whether `after` meets at other times than `before` (not only another title, link,
    channel or reminder)."""
    return any(getattr(before, name) != getattr(after, name) for name in SCHEDULE_FIELDS)


def _rule(config: MeetingConfig) -> rruleset:
    """The definition's meetings as RFC 5545 has them: DTSTART is the first, even where the
    rule itself would not produce it (dateutil leaves such a start out on its own)."""
    first = config.first.replace(tzinfo=config.zone)
    found = rrulestr(config.rrule, dtstart=first, forceset=True)
    found.rdate(first)
    return found


def _bounded(
    index: int,
    config: MeetingConfig,
    since: datetime | None,
    until: datetime | None,
    after: datetime | None = None,
) -> Part | None:
    """`config` bounded to the meetings that start in [since, until), and on a later day
    than `after` (the previous definition's last meeting: one meeting a day, so a series
    edited after today's meeting began does not meet again today at the new hour)."""
    first = config.first.replace(tzinfo=config.zone)
    if since is None and until is None:
        return Part(index, config, first, config.rrule, None, None)
    rule = _rule(config)
    start = first if since is None or first >= since else rule.after(since, inc=True)
    if start is not None and after is not None:
        day = after.astimezone(config.zone).date()
        if start.date() <= day:
            next_day = datetime.combine(day + timedelta(days=1), time(0), config.zone)
            start = rule.after(next_day, inc=True)
    if start is None or (until is not None and start >= until):
        return None  # this definition had no meeting in its span
    bounded = vRecur.from_ical(config.rrule)
    last = rule.before(until) if until is not None else None
    if last is None and "COUNT" in bounded:
        last = list(rule)[-1]  # a shifted DTSTART would count from the wrong meeting
    bounded.pop("COUNT", None)
    if last is not None:
        # RFC 5545: with a zoned DTSTART, UNTIL is in UTC.
        bounded["UNTIL"] = [last.astimezone(UTC)]
    rule_text = bounded.to_ical().decode()
    start = start.astimezone(config.zone)
    return Part(index, config, start, rule_text, since, until, last)


@lru_cache(maxsize=256)
def parts(config: MeetingConfig, history: tuple[Era, ...] = ()) -> tuple[Part, ...]:
    """The series' definitions, oldest first, each bounded to the meetings it holds (one
    part, the definition as it is, when it was never edited after it started). Cached:
    bounding walks each rule from its first meeting, and every expansion needs the parts."""
    found: list[Part] = []
    since: datetime | None = None
    spans: list[tuple[MeetingConfig, datetime | None]] = [(e.config, e.ends) for e in history]
    for index, (definition, ends) in enumerate([*spans, (config, None)]):
        previous = found[-1].last if found else None
        part = _bounded(index, definition, since, ends, previous)
        if part is not None:
            found.append(part)
        since = ends
    return tuple(found)


def part_for(found: tuple[Part, ...], original_start: datetime) -> Part | None:
    """The part a meeting due at `original_start` belongs to (None: no part holds it)."""
    return next((p for p in found if p.holds(original_start)), None)
