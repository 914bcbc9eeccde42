"""The subscribable iCalendar feed of the series: what calendar clients read.

Clients keep an event by its UID and replace it when SEQUENCE (and DTSTAMP) grow, so both are
taken from the stored revision of the series and of each override: the feed is byte-identical
between two exports when nothing changed, and a change is seen as one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, Timezone, vDuration, vRecur

from bot.meetings.config import MeetingConfig
from bot.meetings.eras import Era, part_for, parts
from bot.meetings.series import Overrides, first_start
from bot.meetings.vtimezone import vtimezone

REFRESH = timedelta(hours=1)
# An RDATE fallback in a VTIMEZONE (a rule no RRULE can say) reaches this far past the feed.
TIMEZONE_HORIZON = timedelta(days=25 * 366)


@dataclass(frozen=True)
class Revision:
    """How often something changed, and when last."""

    sequence: int
    changed_at: datetime


@dataclass(frozen=True)
class FeedState:
    """What the feed needs besides the series: its UID and the stored revisions."""

    uid: str
    series: Revision | None = None
    overrides: dict[datetime, Revision] = field(default_factory=dict)


def feed_fingerprint(config: MeetingConfig) -> str:
    """A digest of everything about the series that the feed shows."""
    shown = config.model_dump_json(
        include={"title", "timezone", "first", "duration", "rrule", "join_url", "agenda_url"}
    )
    return hashlib.sha256(shown.encode()).hexdigest()


def feed_uid(series_key: str, token: str, host: str | None) -> str:
    """A UID unique to this deployment (its own token, and its public host when known) that
    stays the same across restarts and edits of the series."""
    return f"{series_key}-{token}@{host or 'pmm-bot'}"


def _description(config: MeetingConfig) -> str:
    lines = [config.title]
    if config.join_url:
        lines.append(f"Join: {config.join_url}")
    if config.agenda_url:
        lines.append(f"Agenda: {config.agenda_url}")
    return "\n".join(lines)


def era_uid(uid: str, index: int) -> str:
    """The UID of the series' `index`-th definition: the first keeps the series' UID (its
    subscribers' clients end it with an UNTIL after an edit), later ones get their own."""
    if index == 0:
        return uid
    name, _, host = uid.partition("@")
    return f"{name}-{index}@{host}"


def _event(
    config: MeetingConfig, uid: str, start: datetime, revision: Revision, length: timedelta
) -> Event:
    # Title and links are the current definition's (a renamed meeting is the same one);
    # the times are those of the definition the meeting belongs to.
    event = Event()
    event.add("uid", uid)
    event.add("summary", config.title)
    event.add("dtstart", start)
    event.add("dtend", start + length)
    event.add("dtstamp", revision.changed_at.astimezone(UTC))
    event.add("last-modified", revision.changed_at.astimezone(UTC))
    event.add("sequence", revision.sequence)
    event.add("description", _description(config))
    if config.join_url:
        event.add("url", config.join_url)
        event.add("location", config.join_url)
    return event


def build_calendar(
    config: MeetingConfig,
    overrides: Overrides,
    state: FeedState | None = None,
    *,
    now: datetime | None = None,
    history: tuple[Era, ...] = (),
) -> Calendar:
    """VCALENDAR with refresh hints, a VTIMEZONE every client reads right, one recurring
    VEVENT per definition of the series (RRULE, EXDATEs; an edited series' earlier ones end
    with an UNTIL) and one VEVENT per move (RECURRENCE-ID = the original start)."""
    found = parts(config, history)
    first = min([p.start for p in found], default=first_start(config))
    state = state or FeedState(uid=feed_uid("default", "local", None))
    series_revision = state.series or Revision(0, first_start(config))
    calendar = Calendar()
    calendar.add("prodid", "-//pmm-bot//community sync//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", config.title)
    calendar.add("x-wr-timezone", config.timezone)
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    horizon = max([first, *overrides.moved.values(), *overrides.skipped] + ([now] if now else []))
    zones = {config.timezone: first}
    for part in found:  # each zone from the first meeting that uses it
        zones[part.config.timezone] = min(part.start, zones.get(part.config.timezone, part.start))
    for name, since in zones.items():
        calendar.add_component(vtimezone(name, since, horizon + TIMEZONE_HORIZON))

    for part in found:
        uid, zone = era_uid(state.uid, part.index), part.config.zone
        series = _event(config, uid, part.start, series_revision, part.config.duration)
        series.add("rrule", vRecur.from_ical(part.rule))
        for skipped in sorted(s for s in overrides.skipped if part.holds(s)):
            series.add("exdate", skipped.astimezone(zone))
        calendar.add_component(series)
    for original, new_start in sorted(overrides.moved.items()):
        part = part_for(found, original)
        if part is None:
            continue
        # The later of the move and the series: an edit of the series (its title, its
        # links) changes the moved meeting too, and clients keep an instance whose SEQUENCE
        # did not grow.
        own = state.overrides.get(original, series_revision)
        revision = max(own, series_revision, key=lambda r: (r.sequence, r.changed_at))
        zone, length = part.config.zone, part.config.duration
        uid = era_uid(state.uid, part.index)
        moved = _event(config, uid, new_start.astimezone(zone), revision, length)
        moved.add("recurrence-id", original.astimezone(zone))
        calendar.add_component(moved)
    return calendar


def combined_calendar(calendars: list[Calendar], *, name: str) -> Calendar:
    """One feed of several series: every VEVENT, each zone's VTIMEZONE once."""
    combined = Calendar()
    combined.add("prodid", "-//pmm-bot//community meetings//EN")
    combined.add("version", "2.0")
    combined.add("calscale", "GREGORIAN")
    combined.add("method", "PUBLISH")
    combined.add("x-wr-calname", name)
    combined.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    combined.add("x-published-ttl", vDuration(REFRESH))
    zones: dict[str, Timezone] = {}
    for calendar in calendars:
        for zone in calendar.walk("VTIMEZONE"):
            # A zone's VTIMEZONE starts at the first meeting of the series it came with and
            # never ends (its current rule recurs): the one that starts first covers all.
            known = zones.get(str(zone["TZID"]))
            if known is None or _zone_start(zone) < _zone_start(known):
                zones[str(zone["TZID"])] = zone
    for zone in zones.values():
        combined.add_component(zone)
    for calendar in calendars:
        for event in calendar.walk("VEVENT"):
            combined.add_component(event)
    return combined


def combined_feed(
    parts: list[tuple[Calendar, datetime]], *, name: str, now: datetime
) -> tuple[bytes, datetime]:
    """The .ics of several series' calendars (one alone as it is) and when the latest of
    them changed (`now` when there are none)."""
    if not parts:
        return combined_calendar([], name=name).to_ical(), now
    if len(parts) == 1:
        return parts[0][0].to_ical(), parts[0][1]
    calendar = combined_calendar([c for c, _ in parts], name=name)
    return calendar.to_ical(), max(at for _, at in parts)


def _zone_start(zone: Timezone) -> datetime:
    """The earliest observance's start (local wall time, as VTIMEZONE writes it)."""
    return min(sub.decoded("DTSTART") for sub in zone.subcomponents)


def without_events(calendar: Calendar) -> Calendar:
    """The feed of a paused series: its calendar with no events in it (subscribers' clients
    take the meetings off)."""
    empty = Calendar.from_ical(calendar.to_ical())
    empty.subcomponents = [c for c in empty.subcomponents if c.name != "VEVENT"]
    return empty
