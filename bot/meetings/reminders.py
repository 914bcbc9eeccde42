"""Which reminders are due, and whether a late one is still worth posting. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from bot.durations import format_duration
from bot.meetings.config import DEFAULT_ID, MeetingConfig
from bot.meetings.eras import Era
from bot.meetings.series import Occurrence, Overrides, occurrences_between

Decision = Literal["post", "skip", "wait"]


@dataclass(frozen=True)
class ReminderDue:
    """One reminder: an occurrence, how long before it, when to post, and its unique key."""

    occurrence: Occurrence
    offset: timedelta
    fire_at: datetime
    series_key: str = DEFAULT_ID

    @property
    def key(self) -> str:
        """Unique per (series, day, offset). Keyed on the day of the *original* start: a
        moved meeting keeps its key, and so does one whose series was edited to another hour,
        so each gets each reminder once, at the new time."""
        prefix = reminder_key_prefix(self.series_key, self.occurrence)
        return f"{prefix}{format_duration(self.offset)}"

    @property
    def legacy_key(self) -> str | None:
        """The key the default series' reminder had before there were several series."""
        if self.series_key != DEFAULT_ID:
            return None
        return f"{legacy_key_prefix(self.occurrence)}{format_duration(self.offset)}"


def reminder_key_prefix(series_key: str, occurrence: Occurrence) -> str:
    """What every reminder key of `occurrence` starts with (the default series' keys carry
    no series, as they did before there were several)."""
    day = f"{occurrence.original_start:%Y-%m-%d}/"
    return day if series_key == DEFAULT_ID else f"{series_key}/{day}"


def legacy_key_prefix(occurrence: Occurrence) -> str:
    """How the default series' reminder keys began before there were several series (the
    original start's UTC instant): claims made then still stand for the same reminders."""
    return f"{occurrence.original_start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}/"


def series_of_key(key: str) -> str:
    """The series a reminder key belongs to."""
    head = key.split("/", 1)[0]
    return DEFAULT_ID if head[:1].isdigit() else head


def planned_reminders(
    config: MeetingConfig,
    overrides: Overrides,
    start: datetime,
    end: datetime,
    history: tuple[Era, ...] = (),
) -> list[ReminderDue]:
    """Reminders whose post time falls in [start, end), for meetings that still happen."""
    longest = max(config.reminders, default=timedelta(0))
    dues = []
    for occurrence in occurrences_between(config, overrides, start, end + longest, history):
        if occurrence.cancelled:
            continue
        for offset in config.reminders:
            fire_at = occurrence.start_utc - offset
            if start <= fire_at < end:
                dues.append(ReminderDue(occurrence, offset, fire_at, config.id))
    return sorted(dues, key=lambda d: d.fire_at)


def late_decision(due: ReminderDue, now: datetime) -> Decision:
    """Post on time; post late only while useful (at most half the offset late and never
    once the meeting has started); otherwise skip."""
    if now < due.fire_at:
        return "wait"
    if now <= due.fire_at + due.offset / 2 and now < due.occurrence.start_utc:
        return "post"
    return "skip"


def reminder_phrase(offset: timedelta) -> str:
    """How the reminder speaks of the start: 'starting in 15 minutes', 'in 24 hours'...
    (never 'tomorrow': the date beside it already says tomorrow, or not, in each reader's
    own zone)."""
    seconds = round(offset.total_seconds())
    if seconds < 60:
        return f"starting in {seconds} second{'s' if seconds != 1 else ''}"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"starting in {minutes} minute{'s' if minutes != 1 else ''}"
    if minutes < 48 * 60:
        hours = round(minutes / 60)
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    days = round(minutes / 1440)
    return f"in {days} days"
