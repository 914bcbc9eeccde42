"""The meeting series as an iCalendar event, and its occurrences expanded from it.

Occurrences come from recurring_ical_events expanding DTSTART/RRULE/EXDATE/RECURRENCE-ID in
the meeting's own zone, so wall time holds across every daylight-saving change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Event, vRecur

from bot.meetings.config import MeetingConfig
from bot.meetings.eras import Era, part_for, parts


@dataclass(frozen=True)
class Overrides:
    """Organiser changes: skipped original starts, and moved ones (original -> new start)."""

    skipped: frozenset[datetime] = frozenset()
    moved: dict[datetime, datetime] = field(default_factory=dict)


@dataclass(frozen=True)
class Occurrence:
    """One meeting: where it was in the series, where it is now, and its state."""

    original_start: datetime
    start: datetime
    end: datetime
    cancelled: bool = False
    moved: bool = False

    @property
    def start_utc(self) -> datetime:
        """The start as a UTC instant."""
        return self.start.astimezone(UTC)

    def local_times(self, zones: tuple[str, ...]) -> dict[str, datetime]:
        """The start in each of `zones`."""
        return {zone: self.start.astimezone(ZoneInfo(zone)) for zone in zones}


def first_start(config: MeetingConfig) -> datetime:
    """The first occurrence as an aware datetime in the meeting zone."""
    return config.first.replace(tzinfo=config.zone)


def series_calendar(
    config: MeetingConfig, overrides: Overrides, history: tuple[Era, ...] = ()
) -> Calendar:
    """The series as a bare VCALENDAR (no VTIMEZONE): what occurrences are expanded from.
    One recurring event per definition (bot/meetings/eras.py), each override on the one it
    belongs to."""
    calendar = Calendar()
    found = parts(config, history)
    for part in found:
        series = Event()
        series.add("uid", f"series-{part.index}")
        series.add("dtstart", part.start)
        series.add("dtend", part.start + part.config.duration)
        series.add("rrule", vRecur.from_ical(part.rule))
        for skipped in sorted(s for s in overrides.skipped if part.holds(s)):
            series.add("exdate", skipped.astimezone(part.config.zone))
        calendar.add_component(series)
    for original, new_start in sorted(overrides.moved.items()):
        part = part_for(found, original)
        if part is None:
            continue
        moved = Event()
        moved.add("uid", f"series-{part.index}")
        moved.add("dtstart", new_start.astimezone(part.config.zone))
        moved.add("dtend", new_start.astimezone(part.config.zone) + part.config.duration)
        moved.add("recurrence-id", original.astimezone(part.config.zone))
        calendar.add_component(moved)
    return calendar


def _duration(
    config: MeetingConfig, history: tuple[Era, ...], original_start: datetime
) -> timedelta:
    """How long the meeting due at `original_start` lasts (an earlier definition's length
    for a meeting before an edit)."""
    if not history:
        return config.duration
    part = part_for(parts(config, history), original_start)
    return (part.config if part else config).duration


def occurrences_between(
    config: MeetingConfig,
    overrides: Overrides,
    start: datetime,
    end: datetime,
    history: tuple[Era, ...] = (),
) -> list[Occurrence]:
    """Every occurrence starting in [start, end), skipped ones included (cancelled=True)."""
    calendar = series_calendar(config, overrides, history)
    found: list[Occurrence] = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        begin = event.decoded("dtstart").astimezone(config.zone)
        finish = event.decoded("dtend").astimezone(config.zone)
        original = event.get("recurrence-id")
        original_start = original.dt.astimezone(config.zone) if original else begin
        moved = original_start in {o.astimezone(config.zone) for o in overrides.moved}
        found.append(Occurrence(original_start, begin, finish, moved=moved))
    for skipped in overrides.skipped:
        local = skipped.astimezone(config.zone)
        if start <= local < end:
            length = _duration(config, history, local)
            found.append(Occurrence(local, local, local + length, cancelled=True))
    return sorted(found, key=lambda o: (o.start, o.cancelled))


def next_occurrences(
    config: MeetingConfig,
    overrides: Overrides,
    now: datetime,
    count: int,
    history: tuple[Era, ...] = (),
) -> list[Occurrence]:
    """The next `count` occurrences that have not ended yet, skipped ones included."""
    found: list[Occurrence] = []
    window = timedelta(days=120)
    start = now - config.duration
    while len(found) < count and start < now + timedelta(days=3650):
        batch = [
            o
            for o in occurrences_between(config, overrides, start, start + window, history)
            if o.end > now
        ]
        found += [o for o in batch if o not in found]
        start += window
    return found[:count]


def series_starts(
    config: MeetingConfig, start: datetime, end: datetime, history: tuple[Era, ...] = ()
) -> list[datetime]:
    """The series' own starts in [start, end), as if no one had skipped or moved any."""
    calendar = series_calendar(config, Overrides(), history)
    return [
        event.decoded("dtstart").astimezone(config.zone)
        for event in recurring_ical_events.of(calendar).between(start, end)
    ]


def occurrence_on(
    config: MeetingConfig, overrides: Overrides, day: date, history: tuple[Era, ...] = ()
) -> Occurrence | None:
    """The occurrence the series has on `day` (its original date, wherever it was moved), or
    failing that one moved onto `day`."""
    midnight = datetime.combine(day, time(0), config.zone)
    originals = series_starts(config, midnight, midnight + timedelta(days=1), history)
    if originals:
        original = originals[0]
        length = _duration(config, history, original)
        if original in overrides.skipped:
            return Occurrence(original, original, original + length, cancelled=True)
        start = overrides.moved.get(original, original)
        return Occurrence(original, start, start + length, moved=start != original)
    for original, start in sorted(overrides.moved.items()):
        if start.astimezone(config.zone).date() == day:
            length = _duration(config, history, original)
            return Occurrence(original, start, start + length, moved=True)
    return None


def taken_on(
    config: MeetingConfig,
    overrides: Overrides,
    day: date,
    *,
    besides: datetime,
    history: tuple[Era, ...] = (),
) -> Occurrence | None:
    """Another occurrence that takes place on `day` (not skipped, not `besides`)."""
    midnight = datetime.combine(day, time(0), config.zone)
    for occurrence in occurrences_between(
        config, overrides, midnight - config.duration, midnight + timedelta(days=1), history
    ):
        same_day = occurrence.start.astimezone(config.zone).date() == day
        if same_day and not occurrence.cancelled and occurrence.original_start != besides:
            return occurrence
    return None
