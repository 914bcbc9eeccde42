"""An edited series' feed, read by the parsers real calendar clients use: the meetings before
the edit stay where they took place, the later ones follow the edit.

The community sync (every other Tuesday 17:00 Berlin from 13 January 2026, one meeting
skipped and one moved before the edit) is edited on 2 December 2026 to meet at 12:00 New
York time, every other Tuesday still, and one meeting after the edit is skipped. ical.js,
libical and vobject expand the served feed (two recurring events, two VTIMEZONEs) to 2045;
every start is compared with what dateutil and zoneinfo alone give.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from bot.meetings.config import MeetingConfig
from tests.conftest import start_bot, stop_bot
from tests.interop.parsers import PARSERS
from tests.support.clock import SetClock
from tests.support.fake_slack import FakeSlack

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
RULE = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
FIRST = datetime(2026, 1, 13, 17)
EDITED_AT = datetime(2026, 12, 2, 9, tzinfo=UTC)
START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2046, 1, 1, tzinfo=UTC)
SKIPPED_BEFORE, MOVED_BEFORE = date(2026, 3, 24), date(2026, 10, 20)  # 17:00 -> Thu 18:30
SKIPPED_AFTER = date(2027, 4, 6)


def expected() -> list[datetime]:
    """Old wall times before the edit, new ones after it, by dateutil and zoneinfo alone."""
    found = []
    for local in rrulestr(RULE, dtstart=FIRST).between(FIRST, datetime(2046, 1, 2), inc=True):
        old = local.replace(tzinfo=BERLIN)
        if old < EDITED_AT:
            if local.date() == SKIPPED_BEFORE:
                continue
            if local.date() == MOVED_BEFORE:
                old = datetime.combine(local.date() + timedelta(days=2), time(18, 30), BERLIN)
            found.append(old.astimezone(UTC))
            continue
        new = local.replace(hour=12, tzinfo=NEW_YORK)
        if local.date() != SKIPPED_AFTER and new < END:
            found.append(new.astimezone(UTC))
    return sorted(found)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> tuple[bytes, list[datetime]]:
    tmp = tmp_path_factory.mktemp("edited-feed")
    clock = SetClock(datetime(2026, 3, 1, tzinfo=UTC))
    with FakeSlack() as fake:
        running = start_bot(fake, f"sqlite:///{tmp / 'db.sqlite'}", clock=clock)
        try:
            catalog = running.services.meetings
            sync = catalog.get("default")
            sync.skip(SKIPPED_BEFORE, by="U0ORGANIZ1")
            sync.move(MOVED_BEFORE, MOVED_BEFORE + timedelta(days=2), time(18, 30), by="U0ORGANIZ1")
            clock.advance(EDITED_AT - clock.now())
            noon = MeetingConfig(timezone="America/New_York", first=datetime(2026, 1, 13, 12))
            catalog.edit("default", noon, by="U0ORGANIZ1")
            catalog.get("default").skip(SKIPPED_AFTER, by="U0ORGANIZ1")
            response = running.slack.get("/calendar.ics")
            assert response.status == 200
            edited = catalog.get("default")
            bot = [o.start_utc for o in edited.occurrences(START, END) if not o.cancelled]
            return response.body, bot
        finally:
            stop_bot(running)


@pytest.mark.slow
@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_every_start_before_and_after_the_edit_matches_zoneinfo(served, parser) -> None:
    want = expected()
    got = PARSERS[parser](served[0], START, END)
    wrong = sorted(set(got) ^ set(want))
    assert wrong == [], f"{len(wrong)} instants differ, the first {wrong[0]:%Y-%m-%d %H:%M} UTC"
    assert len(got) == len(want)


def test_the_bot_expands_what_the_feed_says(served) -> None:
    assert served[1] == expected()


def test_the_old_event_keeps_its_uid_and_ends_with_an_until(served) -> None:
    text = served[0].decode()
    uids = [line for line in text.splitlines() if line.startswith("UID:")]
    assert len(set(uids)) == 2
    assert "UNTIL=20261201T160000Z" in text  # the last meeting before the edit, in UTC
    assert text.count("BEGIN:VTIMEZONE") == 2
