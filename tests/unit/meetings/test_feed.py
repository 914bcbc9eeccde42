"""The .ics feed read back by an independent parser (plain text + dateutil, not icalendar)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from bot.meetings.config import MeetingConfig
from bot.meetings.feed import FeedState, Revision, build_calendar, feed_uid
from bot.meetings.series import Overrides, occurrences_between

BERLIN = ZoneInfo("Europe/Berlin")
CONFIG = MeetingConfig()
OVERRIDES = Overrides(
    skipped=frozenset({datetime(2026, 3, 24, 17, tzinfo=BERLIN)}),
    moved={datetime(2026, 10, 20, 17, tzinfo=BERLIN): datetime(2026, 10, 27, 18, tzinfo=BERLIN)},
)


def unfold(text: str) -> list[str]:
    """RFC 5545 line unfolding."""
    return re.sub(r"\r?\n[ \t]", "", text).splitlines()


def events(lines: list[str]) -> list[dict[str, list[str]]]:
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current.setdefault(name, []).append(value)
    return found


def local(value: str, zone: ZoneInfo) -> datetime:
    return datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=zone)


def independent_instants(ics: str, start: datetime, end: datetime) -> list[datetime]:
    """Expand the feed with dateutil: DTSTART+RRULE, minus EXDATE, with RECURRENCE-ID moves."""
    all_events = events(unfold(ics))
    series = next(e for e in all_events if "RRULE" in e)
    (dtstart_key,) = [k for k in series if k.startswith("DTSTART")]
    zone = ZoneInfo(dtstart_key.split("TZID=")[1])
    first = local(series[dtstart_key][0], zone)
    rule = rrulestr(series["RRULE"][0], dtstart=first.replace(tzinfo=None))
    exdates = {local(v, zone) for k, vs in series.items() if k.startswith("EXDATE")
               for value in vs for v in value.split(",")}  # fmt: skip
    moved = {}
    for event in all_events:
        rid = [k for k in event if k.startswith("RECURRENCE-ID")]
        if rid:
            dt_key = next(k for k in event if k.startswith("DTSTART"))
            moved[local(event[rid[0]][0], zone)] = local(event[dt_key][0], zone)
    instants = []
    for naive in rule.between(start.replace(tzinfo=None) - timedelta(days=1),
                              end.replace(tzinfo=None), inc=True):  # fmt: skip
        occurrence = naive.replace(tzinfo=zone)
        if occurrence in exdates:
            continue
        occurrence = moved.get(occurrence, occurrence)
        if start <= occurrence < end:
            instants.append(occurrence.astimezone(UTC))
    return sorted(instants)


def test_feed_expands_to_the_same_instants_as_the_bot() -> None:
    ics = build_calendar(CONFIG, OVERRIDES).to_ical().decode()
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
    ours = [o.start_utc for o in occurrences_between(CONFIG, OVERRIDES, start, end)
            if not o.cancelled]  # fmt: skip
    assert independent_instants(ics, start, end) == ours
    assert datetime(2026, 10, 27, 17, tzinfo=UTC) in ours  # 18:00 CET after the EU change


def test_feed_has_stable_uid_vtimezone_and_exdate_in_the_series_zone() -> None:
    first = build_calendar(CONFIG, OVERRIDES).to_ical()
    second = build_calendar(CONFIG, OVERRIDES).to_ical()
    assert first == second
    lines = unfold(first.decode())
    assert "UID:default-local@pmm-bot" in lines
    assert "BEGIN:VTIMEZONE" in lines
    assert "TZID:Europe/Berlin" in lines
    assert "DTSTART;TZID=Europe/Berlin:20260113T170000" in lines
    assert "EXDATE;TZID=Europe/Berlin:20260324T170000" in lines
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20261020T170000" in lines


def test_a_move_after_the_last_series_change_carries_its_own_revision() -> None:
    state = FeedState(
        uid=feed_uid("default", "abc123", None),
        series=Revision(3, datetime(2026, 9, 2, 8, tzinfo=UTC)),
        overrides={
            datetime(2026, 10, 20, 17, tzinfo=BERLIN): Revision(4, datetime(2026, 9, 3, tzinfo=UTC))
        },
    )
    _, moved = events(unfold(build_calendar(CONFIG, OVERRIDES, state).to_ical().decode()))
    assert (moved["SEQUENCE"], moved["DTSTAMP"]) == (["4"], ["20260903T000000Z"])


def test_revisions_set_sequence_and_dtstamp_and_nothing_else_moves() -> None:
    moved_at = datetime(2026, 9, 1, 12, tzinfo=UTC)
    state = FeedState(
        uid=feed_uid("default", "abc123", "pmm.example.org"),
        series=Revision(3, datetime(2026, 9, 2, 8, tzinfo=UTC)),
        overrides={datetime(2026, 10, 20, 17, tzinfo=BERLIN): Revision(2, moved_at)},
    )
    lines = unfold(build_calendar(CONFIG, OVERRIDES, state).to_ical().decode())
    assert "UID:default-abc123@pmm.example.org" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    series, moved = events(lines)
    assert (series["SEQUENCE"], series["DTSTAMP"]) == (["3"], ["20260902T080000Z"])
    # The series changed after the move (its revision is later): the moved meeting shows
    # it too, so it carries the series' revision.
    assert (moved["SEQUENCE"], moved["DTSTAMP"]) == (["3"], ["20260902T080000Z"])
    assert (
        build_calendar(CONFIG, OVERRIDES, state).to_ical()
        == build_calendar(CONFIG, OVERRIDES, state).to_ical()
    )


def test_the_vtimezone_is_rrule_based_with_no_end() -> None:
    lines = unfold(build_calendar(CONFIG, OVERRIDES).to_ical().decode())
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in lines
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in lines
    assert not [line for line in lines if line.startswith(("RDATE", "COMMENT"))]
