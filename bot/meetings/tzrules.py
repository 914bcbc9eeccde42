"""A zone's offset history and current rule, read from the same TZif data zoneinfo uses.

zoneinfo answers "what is the offset at this instant" but not "what are the transitions" or
"what is the rule"; a VTIMEZONE needs both. The TZif file (RFC 8536) lists the explicit
transitions, and its footer is the POSIX TZ string that holds after the last of them.
"""

from __future__ import annotations

import re
import struct
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dateutil.relativedelta import relativedelta
from dateutil.rrule import weekday

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Transition:
    """The offset changes at `at` (UTC) from `offset_before` to `offset_after`."""

    at: datetime
    offset_before: timedelta
    offset_after: timedelta
    is_dst: bool
    name: str
    was_dst: bool = False

    @property
    def summer(self) -> bool:
        """Whether this starts "summer time" as clients understand it: tzdata marks a few
        zones' winter as DST with a negative saving (Dublin, Casablanca), which readers that
        assume DAYLIGHT is ahead of STANDARD get wrong."""
        if self.offset_after != self.offset_before and self.is_dst != self.was_dst:
            return self.offset_after > self.offset_before
        return self.is_dst

    @property
    def local_before(self) -> datetime:
        """The wall time of the change as read before it (what a VTIMEZONE DTSTART holds)."""
        return (self.at + self.offset_before).replace(tzinfo=None)


@dataclass(frozen=True)
class RuleDate:
    """POSIX `Mm.w.d/time`: weekday d (0 = Sunday) of week w (5 = last) of month m, at `time`
    of wall clock before the change (may be negative or past 24 h)."""

    month: int
    week: int
    weekday: int
    time: timedelta

    def local_onset(self, year: int) -> datetime:
        """The naive wall time of this change in `year`."""
        day = weekday((self.weekday - 1) % 7)
        if self.week < 5:
            base = datetime(year, self.month, 1) + relativedelta(weekday=day(self.week))
        else:
            base = datetime(year, self.month, 1) + relativedelta(day=31, weekday=day(-1))
        return base + self.time


@dataclass(frozen=True)
class ZoneRule:
    """The POSIX TZ string: a fixed offset, or standard and daylight parts with two changes."""

    std_name: str
    std_offset: timedelta
    dst_name: str | None = None
    dst_offset: timedelta | None = None
    dst_start: RuleDate | None = None
    dst_end: RuleDate | None = None

    @property
    def has_dst(self) -> bool:
        """Whether the rule changes clocks twice a year."""
        return self.dst_start is not None and self.dst_end is not None

    def transitions(self, year: int) -> list[Transition]:
        """The rule's changes in `year`, in time order."""
        if not self.has_dst:
            return []
        assert self.dst_offset is not None
        assert self.dst_name is not None
        assert self.dst_start is not None
        assert self.dst_end is not None
        to_dst = self.dst_start.local_onset(year) - self.std_offset
        to_std = self.dst_end.local_onset(year) - self.dst_offset
        found = [
            Transition(to_dst.replace(tzinfo=UTC), self.std_offset, self.dst_offset, True,
                       self.dst_name),
            Transition(to_std.replace(tzinfo=UTC), self.dst_offset, self.std_offset, False,
                       self.std_name),
        ]  # fmt: skip
        return sorted(found, key=lambda t: t.at)


_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,3}(?::\d{2}){0,2}"
_DATE = r"M\d{1,2}\.\d\.\d(?:/" + _OFFSET + ")?"
_POSIX = re.compile(
    rf"^(?P<std>{_NAME})(?P<stdoff>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dstoff>{_OFFSET})?,(?P<start>{_DATE}),(?P<end>{_DATE}))?$"
)


class UnsupportedRule(ValueError):
    """A POSIX TZ string this module does not read (Julian-day forms, none in tzdata today)."""


def _hms(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def _rule_date(text: str) -> RuleDate:
    spec, _, at = text[1:].partition("/")
    month, week, day = (int(p) for p in spec.split("."))
    return RuleDate(month, week, day, _hms(at) if at else timedelta(hours=2))


def parse_posix_tz(text: str) -> ZoneRule:
    """Read a POSIX TZ string such as `CET-1CEST,M3.5.0,M10.5.0/3` (offsets west-positive)."""
    match = _POSIX.match(text)
    if not match:
        raise UnsupportedRule(f"cannot read the POSIX TZ string {text!r}")
    std_offset = -_hms(match["stdoff"])
    if not match["dst"]:
        return ZoneRule(match["std"].strip("<>"), std_offset)
    dst_offset = -_hms(match["dstoff"]) if match["dstoff"] else std_offset + timedelta(hours=1)
    return ZoneRule(
        match["std"].strip("<>"),
        std_offset,
        match["dst"].strip("<>"),
        dst_offset,
        _rule_date(match["start"]),
        _rule_date(match["end"]),
    )


@dataclass(frozen=True)
class ZoneData:
    """What a TZif file says: explicit transitions, the offset before them, the rule after."""

    key: str
    initial_offset: timedelta
    initial_name: str
    transitions: tuple[Transition, ...]
    rule: ZoneRule


def _tzif_bytes(key: str) -> bytes:
    """The file zoneinfo itself would read: TZPATH first, then the tzdata package."""
    for root in zoneinfo.TZPATH:
        path = Path(root, key)
        if path.is_file():
            return path.read_bytes()
    return resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()


def read_zone(key: str) -> ZoneData:
    """Parse the version 2+ block of `key`'s TZif data (RFC 8536 section 3)."""
    data = _tzif_bytes(key)
    header = struct.Struct(">4sc15x6l")
    magic, version, *counts = header.unpack_from(data, 0)
    if magic != b"TZif" or version < b"2":
        raise UnsupportedRule(f"{key}: not TZif version 2 or later")
    isut, isstd, leap, count, types, chars = counts
    offset = header.size + count * 5 + types * 6 + chars + leap * 8 + isstd + isut
    magic, _, *counts = header.unpack_from(data, offset)
    isut, isstd, leap, count, types, chars = counts
    offset += header.size
    times = struct.unpack_from(f">{count}q", data, offset)
    offset += count * 8
    indices = struct.unpack_from(f">{count}B", data, offset)
    offset += count
    infos = [struct.unpack_from(">lBB", data, offset + 6 * i) for i in range(types)]
    offset += types * 6
    names = data[offset : offset + chars]
    offset += chars + leap * 12 + isstd + isut
    footer = data[offset:].strip(b"\n").decode("ascii")

    def name_at(index: int) -> str:
        return names[index : names.index(b"\0", index)].decode("ascii")

    initial_off, _, initial_idx = infos[0]
    previous = timedelta(seconds=initial_off)
    found = []
    for at, index in zip(times, indices, strict=True):
        utoff, isdst, name_index = infos[index]
        after = timedelta(seconds=utoff)
        when = EPOCH + timedelta(seconds=at)
        was_dst = found[-1].is_dst if found else bool(infos[0][1])
        change = Transition(when, previous, after, bool(isdst), name_at(name_index), was_dst)
        unchanged = found and (found[-1].offset_after, found[-1].is_dst, found[-1].name) == (
            after,
            change.is_dst,
            change.name,
        )
        if not unchanged:  # "fat" files end with a no-op marker at 2038-01-19
            found.append(change)
        previous = after
    return ZoneData(key, timedelta(seconds=initial_off), name_at(initial_idx), tuple(found),
                    parse_posix_tz(footer))  # fmt: skip


@lru_cache(maxsize=256)
def rule_takes_over(zone: ZoneData) -> int:
    """Index of the first explicit transition from which the footer rule describes every one
    (zic writes the rule's own changes explicitly up to 2037 in "fat" files)."""
    index = len(zone.transitions)
    if not zone.rule.has_dst:
        return index
    while index > 0:
        candidate = zone.transitions[index - 1]
        predicted = zone.rule.transitions(candidate.at.year)
        if not any(
            p.at == candidate.at and p.offset_after == candidate.offset_after for p in predicted
        ):
            break
        index -= 1
    return index


_SHORTEST_MONTH = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}
_ICAL_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


def yearly_rrule(when: RuleDate) -> tuple[dict, timedelta] | None:
    """The RRULE parts and wall time of day that repeat `when` every year, or None when no
    single yearly RRULE can (a time that pushes the day into another month)."""
    day_shift, time_of_day = divmod(when.time, timedelta(days=1))
    nth = when.week if when.week < 5 else -1
    if day_shift == 0:
        return {"freq": "YEARLY", "bymonth": when.month,
                "byday": f"{nth}{_ICAL_DAYS[when.weekday]}"}, time_of_day  # fmt: skip
    # The n-th weekday falls on days 7(n-1)+1 .. 7n (or the last seven); shifted by whole
    # days it is "that other weekday on one of these seven days".
    shortest = _SHORTEST_MONTH.get(when.month, 31)
    if nth > 0:
        days = range(7 * (nth - 1) + 1 + day_shift, 7 * nth + 1 + day_shift)
        fits = days.start >= 1 and days.stop - 1 <= shortest
    else:
        days = range(-7 + day_shift, day_shift)
        fits = days.stop - 1 <= -1 and days.start >= -shortest
    if not fits:
        return None
    byday = _ICAL_DAYS[(when.weekday + day_shift) % 7]
    return {"freq": "YEARLY", "bymonth": when.month, "byday": byday,
            "bymonthday": list(days)}, time_of_day  # fmt: skip
