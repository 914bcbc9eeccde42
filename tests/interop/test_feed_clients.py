"""The served feed, read by the parsers real calendar clients use, is right to the second.

For a meeting in Berlin, New York, Sydney and Kolkata (every other Tuesday 17:00 local, from
13 January 2026), an organiser skips one occurrence and moves another to another day; the
feed served at /calendar.ics is then expanded by ical.js, libical and vobject, each with the
feed's own VTIMEZONE, and every start up to 2045 is compared with zoneinfo's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.conftest import start_bot, stop_bot
from tests.interop.parsers import PARSERS
from tests.support.fake_slack import FakeSlack

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]
FIRST = date(2026, 1, 13)
END = datetime(2046, 1, 1, tzinfo=UTC)
ORGANIZER = "U0ORGANIZ1"


def fortnight_on_or_after(day: date) -> date:
    return FIRST + timedelta(days=14 * -(-(day - FIRST).days // 14))


SKIPPED = fortnight_on_or_after(date(2040, 3, 20))  # near the spring changes
MOVED = fortnight_on_or_after(date(2041, 9, 28))  # near Sydney's October change
MOVED_TO = (MOVED + timedelta(days=2), time(18, 30))


def expected(zone_name: str) -> list[datetime]:
    """Wall-clock 17:00 every 14 days in the zone, by zoneinfo alone."""
    zone = ZoneInfo(zone_name)
    found, day = [], FIRST
    while (start := datetime.combine(day, time(17), zone)) < END:
        if day == MOVED:
            found.append(datetime.combine(*MOVED_TO, zone).astimezone(UTC))
        elif day != SKIPPED:
            found.append(start.astimezone(UTC))
        day += timedelta(days=14)
    return sorted(found)


def served_feed(tmp_path, zone: str) -> bytes:
    config = tmp_path / f"{zone.replace('/', '-')}.toml"
    config.write_text(f'[meeting]\ntimezone = "{zone}"\nfirst = {FIRST}T17:00:00\n')
    with FakeSlack() as fake:
        running = start_bot(fake, f"sqlite:///{tmp_path / 'db.sqlite'}", PMM_CONFIG=str(config),
                            PMM_ORGANIZERS=ORGANIZER)  # fmt: skip
        try:
            for command in (f"meeting skip {SKIPPED}",
                            f"meeting move {MOVED} {MOVED_TO[0]} {MOVED_TO[1]:%H:%M}"):  # fmt: skip
                running.slack.command(command, user_id=ORGANIZER)
            replies = fake.wait_for("response_url", count=2)
            assert all("Skipped" in r.raw.decode() or "Moved" in r.raw.decode() for r in replies)
            return running.slack.get("/calendar.ics").body
        finally:
            stop_bot(running)


@pytest.fixture(scope="module")
def feeds(tmp_path_factory) -> dict[str, bytes]:
    return {zone: served_feed(tmp_path_factory.mktemp("feed"), zone) for zone in ZONES}


@pytest.mark.slow
@pytest.mark.parametrize("parser", sorted(PARSERS))
@pytest.mark.parametrize("zone", ZONES)
def test_every_start_to_2045_matches_zoneinfo(feeds, zone: str, parser: str) -> None:
    want = expected(zone)
    got = PARSERS[parser](feeds[zone], want[0], END)
    wrong = sorted(set(got) ^ set(want))
    assert len(got) == len(want)
    assert wrong == [], f"{len(wrong)} instants differ, the first {wrong[0]:%Y-%m-%d %H:%M} UTC"


def old_style(ics: bytes) -> bytes:
    """The same feed with the VTIMEZONE icalendar's add_missing_timezones() writes."""
    calendar = Calendar.from_ical(ics)
    calendar.subcomponents = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
    calendar.add_missing_timezones()
    return calendar.to_ical()


@pytest.mark.slow
@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_the_check_catches_the_vtimezone_clients_misread(feeds, parser: str) -> None:
    """The old feed's VTIMEZONE (comma-separated RDATEs up to 2037) fails this same check in
    every one of these parsers, so a pass above means something."""
    want = expected("Europe/Berlin")
    got = PARSERS[parser](old_style(feeds["Europe/Berlin"]), want[0], END)
    assert set(got) != set(want)
