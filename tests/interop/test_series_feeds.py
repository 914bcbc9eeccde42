"""Several series' feeds, read by the parsers real calendar clients use, right to the second.

Three series (Berlin every other Tuesday 17:00, Kolkata weekly Wednesday 08:00, New York on
the second Thursday of each month at 11:00), each with one occurrence skipped and one moved,
served at /calendar/<id>.ics and together at /calendar.ics. ical.js, libical and vobject
expand each feed with its own VTIMEZONEs; every start up to 2045 is compared with the wall
times zoneinfo gives.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from tests.conftest import start_bot, stop_bot
from tests.interop.parsers import PARSERS
from tests.support.clock import SetClock
from tests.support.fake_slack import FakeSlack

END = datetime(2046, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _on_or_after(rule: str, first: datetime, near: date) -> date:
    return rrulestr(rule, dtstart=first).after(datetime.combine(near, time(0))).date()


SERIES = {
    # id: (zone, first local start, RRULE, skipped near, (moved near, days later, to time))
    "emea": ("Europe/Berlin", datetime(2026, 1, 13, 17), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
             date(2040, 3, 20), (date(2041, 10, 20), 1, time(18, 30))),
    "apac": ("Asia/Kolkata", datetime(2026, 1, 7, 8), "FREQ=WEEKLY;BYDAY=WE",
             date(2039, 3, 9), (date(2040, 11, 1), 1, time(7, 0))),
    "na": ("America/New_York", datetime(2026, 1, 8, 11), "FREQ=MONTHLY;BYDAY=2TH",
           date(2038, 3, 1), (date(2042, 11, 1), -1, time(12, 0))),
}  # fmt: skip


def changes(key: str) -> tuple[date, date, date, time]:
    """The day skipped, the day moved, and where to (a day and a wall time)."""
    _, first, rule, skip_near, (move_near, days, to_time) = SERIES[key]
    moved = _on_or_after(rule, first, move_near)
    return _on_or_after(rule, first, skip_near), moved, moved + timedelta(days=days), to_time


def expected(key: str) -> list[datetime]:
    """The series' starts by dateutil and zoneinfo alone (not by any feed)."""
    zone_name, first, rule, _, _ = SERIES[key]
    skipped, moved, to_day, to_time = changes(key)
    zone = ZoneInfo(zone_name)
    found = []
    for local in rrulestr(rule, dtstart=first).between(first, datetime(2046, 1, 2), inc=True):
        if local.date() == skipped:
            continue
        if local.date() == moved:
            local = datetime.combine(to_day, to_time)
        start = local.replace(tzinfo=zone).astimezone(UTC)
        if start < END:
            found.append(start)
    return sorted(found)


def _config() -> str:
    tables = []
    for key, (zone, first, rule, _, _) in SERIES.items():
        tables.append(
            f'[[meeting]]\nid = "{key}"\ntitle = "{key.upper()} meeting"\n'
            f'timezone = "{zone}"\nfirst = {first.isoformat()}\nrrule = "{rule}"\n'
        )
    return "\n".join(tables)


@pytest.fixture(scope="module")
def feeds(tmp_path_factory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("series-feeds")
    (tmp / "pmm.toml").write_text(_config())
    with FakeSlack() as fake:
        config, url = str(tmp / "pmm.toml"), f"sqlite:///{tmp / 'db.sqlite'}"
        running = start_bot(fake, url, PMM_CONFIG=config, clock=SetClock(NOW))
        try:
            catalog = running.services.meetings
            for key in SERIES:
                skipped, moved, to_day, to_time = changes(key)
                series = catalog.get(key)
                series.skip(skipped, by="U0ORGANIZ1")
                series.move(moved, to_day, to_time, by="U0ORGANIZ1")
            served = {key: running.slack.get(f"/calendar/{key}.ics") for key in SERIES}
            served["all"] = running.slack.get("/calendar.ics")
            assert running.slack.get("/calendar/nosuch.ics").status == 404
            assert {k: r.status for k, r in served.items()} == dict.fromkeys(served, 200)
            return {key: response.body for key, response in served.items()}
        finally:
            stop_bot(running)


@pytest.mark.slow
@pytest.mark.parametrize("parser", sorted(PARSERS))
@pytest.mark.parametrize("key", [*SERIES, "all"])
def test_every_start_of_every_series_to_2045_matches_zoneinfo(feeds, key: str, parser) -> None:
    keys = list(SERIES) if key == "all" else [key]
    want = sorted(start for k in keys for start in expected(k))
    got = PARSERS[parser](feeds[key], want[0] - timedelta(days=1), END)
    wrong = sorted(set(got) ^ set(want))
    assert wrong == [], f"{len(wrong)} instants differ, the first {wrong[0]:%Y-%m-%d %H:%M} UTC"
    assert len(got) == len(want)


def test_the_combined_feed_has_each_zone_once_and_each_series_its_own_uid(feeds) -> None:
    text = feeds["all"].decode()
    assert text.count("BEGIN:VTIMEZONE") == 3
    uids = {line for line in text.splitlines() if line.startswith("UID:")}
    assert len(uids) == 3
    for key in SERIES:
        own = {line for line in feeds[key].decode().splitlines() if line.startswith("UID:")}
        assert own <= uids  # a client subscribed to both sees one event, not two
