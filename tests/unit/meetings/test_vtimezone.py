"""The VTIMEZONE writer against zoneinfo, for every IANA zone that changes clocks.

The VTIMEZONE is read back by parsers that know nothing of our code (dateutil's tzical and
icalendar's own `Timezone.to_tz`), and the offset they imply is compared with zoneinfo's at
every hour boundary around every change from 2026 to 2045.
"""

from __future__ import annotations

import io
import zoneinfo
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from dateutil.tz import tzical
from icalendar import Calendar

from bot.meetings.vtimezone import vtimezone

START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2046, 1, 1, tzinfo=UTC)


@cache
def changes(key: str) -> tuple[datetime, ...]:
    """Every instant zoneinfo changes the offset in [START, END): sampled every 2 days (no zone
    changes twice within that), then
    narrowed to the second by bisection."""
    zone, found = ZoneInfo(key), []
    step = timedelta(days=2)
    when, offset = START, START.astimezone(zone).utcoffset()
    while when < END:
        later = when + step
        if later.astimezone(zone).utcoffset() != offset:
            low, high = when, later
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high.replace(microsecond=0))
            offset = later.astimezone(zone).utcoffset()
        when = later
    return tuple(found)


def probes(change: datetime) -> list[datetime]:
    """Hour boundaries around a change, and the second either side of it."""
    hour = change.replace(minute=0, second=0)
    return [hour + timedelta(hours=h) for h in range(-3, 4)] + [
        change - timedelta(seconds=1),
        change,
    ]


CHANGING = sorted(k for k in zoneinfo.available_timezones() if changes(k))


def as_text(key: str) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    calendar.add_component(vtimezone(key, START, END))
    return calendar.to_ical().decode()


def test_the_zone_list_is_the_real_one() -> None:
    assert len(CHANGING) > 100
    assert {"Europe/Berlin", "America/New_York", "Australia/Sydney"} <= set(CHANGING)
    assert "Asia/Kolkata" not in CHANGING


@pytest.mark.parametrize("key", CHANGING)
def test_offsets_match_zoneinfo_at_every_change_2026_to_2045(key: str) -> None:
    text = as_text(key)
    readers = {
        "dateutil": tzical(io.StringIO(text)).get(key),
        "icalendar": Calendar.from_ical(text).walk("VTIMEZONE")[0].to_tz(),
    }
    zone = ZoneInfo(key)
    wrong = [
        (reader, when.isoformat())
        for when in (p for c in changes(key) for p in probes(c))
        for reader, tz in readers.items()
        if when.astimezone(tz).utcoffset() != when.astimezone(zone).utcoffset()
    ]
    assert wrong == []


def test_offsets_hold_between_changes_too() -> None:
    """A daily probe over the span for a few zones, the ones the README names among them."""
    for key in ("Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"):
        tz = tzical(io.StringIO(as_text(key))).get(key)
        zone = ZoneInfo(key)
        day = START
        while day < END:
            assert day.astimezone(tz).utcoffset() == day.astimezone(zone).utcoffset(), day
            day += timedelta(days=1)


def test_the_form_every_client_reads() -> None:
    berlin = as_text("Europe/Berlin")
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in berlin
    assert "DTSTART:20260329T020000" in berlin  # the onset at 02:00, in wall time before it
    assert "RDATE" not in berlin
    assert "UNTIL" not in berlin
    kolkata = as_text("Asia/Kolkata")
    assert kolkata.count("BEGIN:STANDARD") == 1
    assert "BEGIN:DAYLIGHT" not in kolkata


def test_a_rule_with_no_yearly_rrule_falls_back_to_one_rdate_per_line(caplog) -> None:
    caplog.set_level("INFO")
    text = as_text("Africa/Cairo")  # "Friday after the last Thursday" can fall in November
    assert "RDATE:20301101T000000" in text
    assert "," not in "".join(line for line in text.splitlines() if line.startswith("RDATE"))
    assert any("RDATE" in r.message for r in caplog.records)
