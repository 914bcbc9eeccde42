"""Assessments that open by themselves: a series of rounds (every quarter by default), each
opening at a wall-clock time in a time zone, right across daylight-saving changes (the rule
is expanded in the zone, by dateutil, and only then turned into UTC)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

QUARTERLY = "FREQ=MONTHLY;INTERVAL=3"


def next_round(rule: str, first_local: datetime, zone: str, after: datetime) -> datetime | None:
    """The first opening strictly after `after` (UTC), or None when the rule has ended.
    `first_local` is the first opening's wall-clock time (naive) in `zone`."""
    start = first_local.replace(tzinfo=ZoneInfo(zone))
    expanded = rrulestr(rule, dtstart=start)
    local_after = after.astimezone(ZoneInfo(zone))
    found = expanded.after(local_after, inc=False)
    return None if found is None else found.astimezone(UTC)


def rounds_between(
    rule: str, first_local: datetime, zone: str, start: datetime, end: datetime
) -> list[datetime]:
    """Openings in [start, end), UTC (for previews and tests)."""
    expanded = rrulestr(rule, dtstart=first_local.replace(tzinfo=ZoneInfo(zone)))
    here = ZoneInfo(zone)
    local = expanded.between(start.astimezone(here), end.astimezone(here), inc=True)
    return [o.astimezone(UTC) for o in local if start <= o < end]
