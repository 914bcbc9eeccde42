"""Weeks when a display zone sees the sync at another time than usual, and why.

The usual time in a zone is the one that holds on most of the year's occurrences. Another
time is worth a heads-up when it is rare: the few weeks when the meeting's zone and the
display zone change clocks on different dates (17:00 Berlin is 12:00 in New York in March),
or a moved meeting. A time that holds for a whole season (Kolkata, which keeps one offset all
year, sees a Berlin meeting an hour later all winter) is the usual for that season, not news.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.meetings.config import MeetingConfig
from bot.meetings.series import Occurrence, series_starts
from bot.meetings.vtimezone import zone_rule

NEW_YORK = "America/New_York"
# A time seen on fewer than this share of the year's occurrences is out of the ordinary.
RARE = 0.25
# (month, week, weekday) of the two changes: the EU's last Sundays of March and October, the
# US's second Sunday of March and first of November.
_EU = ((3, 5, 0), (10, 5, 0))
_US = ((3, 2, 0), (11, 1, 0))


@dataclass(frozen=True)
class ZoneNote:
    """This occurrence is at `local` in `zone`, not the usual `usual`."""

    zone: str
    local: str
    usual: str
    moved: bool

    @property
    def label(self) -> str:
        """`ET` for New York (what people quote), the city elsewhere."""
        return "ET" if self.zone == NEW_YORK else city(self.zone)


def city(zone: str) -> str:
    """`America/New_York` -> `New York`."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def region(zone: str) -> str:
    """Who changes clocks together with `zone`, in words: "Europe", "the US", or the city."""
    rule = zone_rule(zone)
    if rule.dst_start is None or rule.dst_end is None:
        return city(zone)
    dates = tuple((d.month, d.week, d.weekday) for d in (rule.dst_start, rule.dst_end))
    if zone.startswith("Europe/") and dates == _EU:
        return "Europe"
    if zone.startswith("America/") and dates == _US:
        return "the US"
    return city(zone)


@lru_cache(maxsize=256)
def _year_times(config: MeetingConfig, year: int, zone: str) -> Counter[str]:
    start = datetime(year, 1, 1, tzinfo=config.zone)
    end = datetime(year + 1, 1, 1, tzinfo=config.zone)
    tz = ZoneInfo(zone)
    return Counter(f"{s.astimezone(tz):%H:%M}" for s in series_starts(config, start, end))


def usual_time(config: MeetingConfig, year: int, zone: str) -> str | None:
    """The time in `zone` that holds on most of `year`'s occurrences (ties: the earliest in
    the year); for New York, `usual_et_time` when the organisers set it."""
    if zone == NEW_YORK and config.usual_et_time:
        return config.usual_et_time
    times = _year_times(config, year, zone)
    return max(times, key=lambda t: times[t]) if times else None


def zone_notes(occurrence: Occurrence, config: MeetingConfig) -> list[ZoneNote]:
    """One note per display zone where this occurrence is at an out-of-the-ordinary time."""
    if occurrence.cancelled:
        return []
    year = occurrence.original_start.astimezone(config.zone).year
    notes = []
    for zone in config.display_timezones:
        if zone == config.timezone:
            continue
        local = f"{occurrence.start.astimezone(ZoneInfo(zone)):%H:%M}"
        usual = usual_time(config, year, zone)
        if usual is None or local == usual:
            continue
        times = _year_times(config, year, zone)
        overridden = zone == NEW_YORK and config.usual_et_time
        rare = times[local] < RARE * sum(times.values())
        if occurrence.moved or overridden or rare:
            notes.append(ZoneNote(zone, local, usual, occurrence.moved))
    return notes


def _sentence(note: ZoneNote, config: MeetingConfig) -> str:
    unit = " ET" if note.zone == NEW_YORK else ""
    said = f"it's {note.local} in {city(note.zone)}, not the usual {note.usual}{unit}"
    if note.moved:
        return f"{said}, because the meeting was moved"
    return (
        f"{said}, because {region(note.zone)} and {region(config.timezone)} change clocks "
        "on different dates"
    )


def distinct_notes(notes: list[ZoneNote]) -> list[ZoneNote]:
    """The first note of each zone group: zones that change clocks together say the same
    (New York's note speaks for Los Angeles), and one "moved" note is enough."""
    seen: set[str] = set()
    kept = []
    for note in notes:
        group = "moved" if note.moved else region(note.zone)
        if group not in seen:
            seen.add(group)
            kept.append(note)
    return kept


def time_note(occurrence: Occurrence, config: MeetingConfig) -> str | None:
    """The heads-up for this occurrence, or None."""
    notes = distinct_notes(zone_notes(occurrence, config))
    if not notes:
        return None
    return "Heads-up: this week " + "; and ".join(_sentence(n, config) for n in notes) + "."
