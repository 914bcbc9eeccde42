"""VTIMEZONE components every calendar client reads right, for any IANA zone and any year.

icalendar's `add_missing_timezones()` writes each observance as one RDATE holding a list of
dates, up to 2037 only; ical.js and vobject read the first date only, Outlook reads no RDATE at
all. The form every client reads is the one Google and Outlook write: the zone's current rule
as two RRULE observances (DTSTART = the first change, in wall time before it) with no end, plus
one dated observance per earlier change that the feed spans. A rule no yearly RRULE can say
falls back to one RDATE line per change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from bot.meetings.tzrules import (
    RuleDate,
    Transition,
    ZoneData,
    ZoneRule,
    read_zone,
    rule_takes_over,
    yearly_rrule,
)

log = logging.getLogger(__name__)
# Clients need no observance before the Unix epoch; older history is clamped to it.
FLOOR = datetime(1970, 1, 1)
FLOOR_UTC = FLOOR.replace(tzinfo=UTC)


@dataclass
class Observance:
    """One STANDARD or DAYLIGHT sub-component."""

    daylight: bool
    start: datetime  # naive wall time before the change
    offset_from: timedelta
    offset_to: timedelta
    name: str
    rrule: dict | None = None
    rdates: list[datetime] = field(default_factory=list)

    def component(self) -> TimezoneStandard | TimezoneDaylight:
        """As an icalendar sub-component."""
        part = TimezoneDaylight() if self.daylight else TimezoneStandard()
        part.add("tzname", self.name)
        part.add("tzoffsetfrom", self.offset_from)
        part.add("tzoffsetto", self.offset_to)
        part.add("dtstart", self.start)
        if self.rrule:
            part.add("rrule", self.rrule)
        for when in self.rdates:
            part.add("rdate", when)
        return part


@lru_cache(maxsize=64)
def _zone(key: str) -> ZoneData:
    return read_zone(key)


def zone_rule(key: str) -> ZoneRule:
    """The rule `key` follows today (its TZif footer)."""
    return _zone(key).rule


def _rule_start(zone: ZoneData) -> datetime:
    """Where the footer rule holds: from the first explicit change it describes, or just
    after the last explicit change."""
    takeover = rule_takes_over(zone)
    if takeover < len(zone.transitions):
        return zone.transitions[takeover].at
    if zone.transitions:
        return zone.transitions[-1].at + timedelta(seconds=1)
    return FLOOR_UTC


def _rule_changes(zone: ZoneData, start: datetime, end: datetime) -> list[Transition]:
    """The footer rule's changes with `start <= at < end`, where the rule holds."""
    start = max(start, _rule_start(zone))
    return [
        change
        for year in range(start.year - 1, end.year + 1)
        for change in zone.rule.transitions(year)
        if start <= change.at < end
    ]


def _fixed(change: Transition, *, clamp: bool = False) -> Observance:
    if clamp and change.local_before < FLOOR:
        return Observance(change.summer, FLOOR, change.offset_after, change.offset_after,
                          change.name)  # fmt: skip
    return Observance(change.summer, change.local_before, change.offset_before,
                      change.offset_after, change.name)  # fmt: skip


def _repeating(
    zone: ZoneData, rule_date: RuleDate, first: Transition, daylight: bool, until: datetime
) -> Observance:
    """The observance for one of the rule's two yearly changes, from `first` on."""
    observance = Observance(daylight, first.local_before, first.offset_before,
                            first.offset_after, first.name)  # fmt: skip
    expressed = yearly_rrule(rule_date)
    if expressed is not None:
        observance.rrule = expressed[0]
        return observance
    log.info("%s: its rule has no yearly RRULE form; writing one RDATE per change", zone.key)
    observance.rdates = [
        change.local_before
        for change in _rule_changes(zone, first.at + timedelta(seconds=1), until)
        if change.offset_after == first.offset_after
    ]
    return observance


def observances(key: str, span_start: datetime, span_end: datetime) -> list[Observance]:
    """Observances for `key` that give the right offset at every instant from `span_start`
    on; `span_end` only bounds an RDATE fallback."""
    zone = _zone(key)
    history = zone.transitions[: rule_takes_over(zone)]
    before = [c for c in history if c.at <= span_start]
    if zone.rule.has_dst:
        year_before = datetime(span_start.year - 1, 1, 1, tzinfo=UTC)
        before += _rule_changes(zone, year_before, span_start + timedelta(seconds=1))
    anchor = max(before, key=lambda c: c.at, default=None)

    found: list[Observance] = []
    if anchor is None:
        offset = zone.initial_offset
        found.append(Observance(False, FLOOR, offset, offset, zone.initial_name))
    elif anchor in history:
        found.append(_fixed(anchor, clamp=True))
    found += [_fixed(c) for c in history if c.at > span_start]
    if not zone.rule.has_dst:
        return found

    rule = zone.rule
    assert rule.dst_start is not None
    assert rule.dst_end is not None
    assert rule.dst_offset is not None
    from_at = anchor.at if anchor is not None and anchor not in history else FLOOR_UTC
    from_at = max(from_at, _rule_start(zone))
    upcoming = _rule_changes(zone, from_at, max(from_at, span_start) + timedelta(days=800))
    summer = max(rule.std_offset, rule.dst_offset)
    for rule_date, offset_to in (
        (rule.dst_start, rule.dst_offset),
        (rule.dst_end, rule.std_offset),
    ):
        first = next(c for c in upcoming if c.offset_after == offset_to)
        found.append(_repeating(zone, rule_date, first, offset_to == summer, span_end))
    return found


def vtimezone(key: str, span_start: datetime, span_end: datetime) -> Timezone:
    """The VTIMEZONE for `key`, right from `span_start` on, in every client."""
    timezone = Timezone()
    timezone.add("tzid", key)
    for observance in observances(key, span_start.astimezone(UTC), span_end.astimezone(UTC)):
        timezone.add_component(observance.component())
    return timezone
