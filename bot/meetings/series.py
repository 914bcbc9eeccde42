"""The meeting series as an iCalendar event, and its occurrences expanded from it.

Occurrences come from recurring_ical_events expanding DTSTART/RRULE/EXDATE/RECURRENCE-ID in
the meeting's own zone, so wall time holds across every daylight-saving change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Event, vRecur

from bot.meetings.config import MeetingConfig

NEW_YORK = ZoneInfo("America/New_York")


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


def series_uid(config: MeetingConfig) -> str:
    """A UID that stays the same for the same series, so clients update instead of adding."""
    digest = hashlib.sha256(f"{config.title}|{config.first.isoformat()}|{config.rrule}".encode())
    return f"{digest.hexdigest()[:24]}@pmm-bot"


def first_start(config: MeetingConfig) -> datetime:
    """The first occurrence as an aware datetime in the meeting zone."""
    return config.first.replace(tzinfo=config.zone)


def _description(config: MeetingConfig) -> str:
    lines = [config.title]
    if config.join_url:
        lines.append(f"Join: {config.join_url}")
    if config.agenda_url:
        lines.append(f"Agenda: {config.agenda_url}")
    return "\n".join(lines)


def build_calendar(
    config: MeetingConfig, overrides: Overrides, *, uid: str | None = None
) -> Calendar:
    """VCALENDAR with VTIMEZONE, the series VEVENT (RRULE, EXDATEs) and one VEVENT per move."""
    uid = uid or series_uid(config)
    stamp = first_start(config).astimezone(UTC)  # fixed, so the feed is byte-stable
    calendar = Calendar()
    calendar.add("prodid", "-//pmm-bot//community sync//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", config.title)
    calendar.add("x-wr-timezone", config.timezone)
    series = _event(config, uid, first_start(config), stamp)
    series.add("rrule", vRecur.from_ical(config.rrule))
    for skipped in sorted(overrides.skipped):
        series.add("exdate", skipped.astimezone(config.zone))
    calendar.add_component(series)
    for original, new_start in sorted(overrides.moved.items()):
        moved = _event(config, uid, new_start.astimezone(config.zone), stamp)
        moved.add("recurrence-id", original.astimezone(config.zone))
        moved.add("sequence", 1)
        calendar.add_component(moved)
    calendar.add_missing_timezones()
    return calendar


def _event(config: MeetingConfig, uid: str, start: datetime, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", config.title)
    event.add("dtstart", start)
    event.add("dtend", start + config.duration)
    event.add("dtstamp", stamp)
    event.add("description", _description(config))
    if config.join_url:
        event.add("url", config.join_url)
        event.add("location", config.join_url)
    return event


def occurrences_between(
    config: MeetingConfig, overrides: Overrides, start: datetime, end: datetime
) -> list[Occurrence]:
    """Every occurrence starting in [start, end), skipped ones included (cancelled=True)."""
    calendar = build_calendar(config, overrides)
    found: list[Occurrence] = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        begin = event.decoded("dtstart").astimezone(config.zone)
        original = event.get("recurrence-id")
        original_start = original.dt.astimezone(config.zone) if original else begin
        moved = original_start in {o.astimezone(config.zone) for o in overrides.moved}
        found.append(Occurrence(original_start, begin, begin + config.duration, moved=moved))
    for skipped in overrides.skipped:
        local = skipped.astimezone(config.zone)
        if start <= local < end:
            found.append(Occurrence(local, local, local + config.duration, cancelled=True))
    return sorted(found, key=lambda o: (o.start, o.cancelled))


def next_occurrences(
    config: MeetingConfig, overrides: Overrides, now: datetime, count: int
) -> list[Occurrence]:
    """The next `count` occurrences that have not ended yet, skipped ones included."""
    found: list[Occurrence] = []
    window = timedelta(days=120)
    start = now - config.duration
    while len(found) < count and start < now + timedelta(days=3650):
        batch = [
            o for o in occurrences_between(config, overrides, start, start + window) if o.end > now
        ]
        found += [o for o in batch if o not in found]
        start += window
    return found[:count]


def et_note(occurrence: Occurrence, config: MeetingConfig) -> str | None:
    """A heads-up when the usual New York time is wrong this week (DST out of step)."""
    new_york = occurrence.start.astimezone(NEW_YORK).strftime("%H:%M")
    if new_york == config.usual_et_time:
        return None
    return (
        f"Heads-up: this week it's {new_york} in New York, not the usual "
        f"{config.usual_et_time} ET, because the US and Europe change clocks on different dates."
    )
