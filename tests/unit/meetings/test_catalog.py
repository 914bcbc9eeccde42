"""The catalog of meeting series: seeded once from the config file (then the database is
the truth), found by the names people type, and edited with skips, moves and agenda items
following their day. On SQLite and PostgreSQL (`db_url`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.meetings.catalog import MeetingCatalog, SeriesError, UnknownSeries, meeting_seeds
from bot.meetings.config import FileConfig, MeetingConfig
from storage.database import Database
from storage.migrate import upgrade
from tests.support.clock import SetClock

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)  # a Monday
EMEA = MeetingConfig(id="emea", title="EMEA sync", channel="C0EMEA")
APAC = MeetingConfig(
    id="apac",
    title="APAC community meeting",
    timezone="Asia/Kolkata",
    first=datetime(2026, 1, 7, 8, 0),
    rrule="FREQ=WEEKLY;BYDAY=WE",
    channel="C0APAC",
)


@pytest.fixture
def db(db_url: str) -> Database:
    database = Database.from_url(db_url)
    upgrade(database.engine)
    yield database
    database.engine.dispose()


def _catalog(db: Database, *seeds: MeetingConfig, clock: SetClock | None = None):
    return MeetingCatalog(db, clock or SetClock(NOW), seeds=seeds or (EMEA, APAC))


def test_the_file_seeds_once_then_the_database_is_the_truth(db: Database) -> None:
    catalog = _catalog(db)
    assert [s.key for s in catalog.all()] == ["emea", "apac"]  # the file's, before seeding
    assert catalog.seed() == ["emea", "apac"]
    assert catalog.seed() == []
    catalog.edit("emea", EMEA.model_copy(update={"title": "Europe sync"}), by="U1")
    catalog.delete("apac", by="U1")
    # A restart with the same file: the edit stays, the deleted series does not come back,
    # a series the database has never seen is added.
    other = MeetingConfig(id="na", title="NA sync", channel="C0NA")
    again = _catalog(db, EMEA, APAC, other)
    assert again.seed() == ["na"]
    assert [(s.key, s.title) for s in again.all()] == [("emea", "Europe sync"), ("na", "NA sync")]
    actions = [(c.series_key, c.action) for c in again.recent_changes(10)]
    assert actions[:3] == [("na", "seed"), ("apac", "delete"), ("emea", "edit")]


def test_two_replicas_seeding_together_add_each_series_once(db: Database) -> None:
    first, second = _catalog(db), _catalog(db)
    assert first.seed() == ["emea", "apac"]
    assert second.seed() == []
    assert [s.key for s in second.all()] == ["emea", "apac"]


@pytest.mark.parametrize(
    ("typed", "key", "guessed"),
    [
        ("apac", "apac", False),
        ("APAC", "apac", False),
        ("emea sync", "emea", False),
        ("community", "apac", False),  # a word of one title only
        ("apca", "apac", True),  # a typo
        ("em", "emea", False),
    ],
)
def test_names_resolve_like_level_names(db: Database, typed, key, guessed) -> None:
    catalog = _catalog(db)
    catalog.seed()
    if typed == "em":  # too short to be a prefix: suggestions instead
        with pytest.raises(UnknownSeries, match="emea"):
            catalog.resolve(typed)
        return
    series, note = catalog.resolve(typed)
    assert series.key == key
    assert (note is not None) == guessed


def test_an_unknown_name_lists_the_meetings(db: Database) -> None:
    catalog = _catalog(db)
    catalog.seed()
    with pytest.raises(UnknownSeries) as raised:
        catalog.resolve("xyz")
    assert "There is no meeting called “xyz”." in str(raised.value)
    assert "`apac` (APAC community meeting)" in str(raised.value)


def test_an_edit_to_another_hour_takes_its_skips_moves_and_agenda_along(db: Database) -> None:
    catalog = _catalog(db)
    catalog.seed()
    apac = catalog.get("apac")
    skipped, moved = date(2027, 3, 10), date(2027, 3, 17)
    apac.skip(skipped, by="U1")
    apac.move(moved, moved, time(10, 0), by="U1")
    kept = apac.upcoming(4)[3]  # 24 March
    apac.agenda.add(kept.original_start, "Roadmap", None, by="U2", now=NOW)
    later = APAC.model_copy(update={"first": datetime(2026, 1, 7, 9, 0)})
    change = catalog.edit("apac", later, by="U1")
    assert change.dropped == 0
    after = catalog.get("apac")
    upcoming = after.upcoming(4)
    assert [o.start.strftime("%d %H:%M") for o in upcoming] == [
        "03 09:00", "10 09:00", "17 10:00", "24 09:00",
    ]  # fmt: skip
    assert [o.cancelled for o in upcoming] == [False, True, False, False]
    assert upcoming[2].moved
    assert [e.topic for e in after.agenda.items(upcoming[3].original_start)] == ["Roadmap"]


def test_an_edit_to_another_day_drops_the_skips_of_days_it_no_longer_meets(db: Database) -> None:
    catalog = _catalog(db)
    catalog.seed()
    catalog.get("apac").skip(date(2027, 3, 10), by="U1")
    thursdays = APAC.model_copy(
        update={"first": datetime(2026, 1, 8, 8, 0), "rrule": "FREQ=WEEKLY;BYDAY=TH"}
    )
    change = catalog.edit("apac", thursdays, by="U1")
    assert change.dropped == 1
    assert not any(o.cancelled for o in catalog.get("apac").upcoming(4))


def _kolkata(day: date, hour: int = 8) -> datetime:
    return datetime.combine(day, time(hour), APAC.zone)


def test_an_edit_keeps_past_meetings_their_times_skips_and_agenda_items(db: Database) -> None:
    # The edit applies from now on: `/pmm agenda last` and the feed keep the past as it was.
    clock = SetClock(NOW - timedelta(days=14))
    catalog = _catalog(db, clock=clock)
    catalog.seed()
    apac = catalog.get("apac")
    apac.skip(date(2027, 2, 17), by="U1")
    past = _kolkata(date(2027, 2, 24))
    apac.agenda.add(past, "Retro", None, by="U2", now=clock.now())
    apac.agenda.close(past, by="U1", now=clock.now())
    clock.advance(timedelta(days=14))  # both meetings are in the past now
    later = APAC.model_copy(update={"first": datetime(2026, 1, 7, 9, 0)})
    change = catalog.edit("apac", later, by="U1")
    assert (change.dropped, change.moved_topics) == (0, 0)
    after = catalog.get("apac")
    last = after.last_meeting()
    assert last.original_start == past  # at 08:00, as it took place
    assert [e.topic for e in after.agenda.items(last.original_start)] == ["Retro"]
    assert after.agenda.is_closed(last.original_start)
    assert after.overrides().skipped == {_kolkata(date(2027, 2, 17))}
    assert after.is_occurrence(past)  # its buttons still work
    assert after.next_meeting().start.hour == 9  # the next one is at the new time


def test_an_edit_to_another_day_moves_its_topics_to_the_next_meeting(db: Database) -> None:
    clock = SetClock(NOW - timedelta(days=14))
    catalog = _catalog(db, clock=clock)
    catalog.seed()
    apac = catalog.get("apac")
    past = _kolkata(date(2027, 2, 24))  # a meeting every other week keeps 17 Feb, 3 March...
    apac.agenda.add(past, "Discussed", None, by="U2", now=clock.now())
    clock.advance(timedelta(days=14))
    apac.skip(date(2027, 3, 17), by="U1")
    gone = _kolkata(date(2027, 3, 10))
    for topic in ("Roadmap", "Withdrawn", "Docs"):
        apac.agenda.add(gone, topic, None, by="U2", now=NOW)
    apac.agenda.remove(apac.agenda.items(gone)[1])
    apac.agenda.close(gone, by="U1", now=NOW)
    kept = _kolkata(date(2027, 3, 31))
    apac.agenda.add(kept, "Already there", None, by="U3", now=NOW)
    fortnightly = APAC.model_copy(update={"rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"})
    change = catalog.edit("apac", fortnightly, by="U1")
    # 17 March is skipped: 10 March's topics go to the meeting after it, on 31 March.
    assert (change.dropped, change.moved_topics) == (0, 2)
    after = catalog.get("apac")
    assert [e.topic for e in after.agenda.items(kept)] == ["Roadmap", "Docs", "Already there"]
    assert not after.agenda.is_closed(kept)  # the closing went with the meeting
    assert after.agenda.items(gone) == []
    # A meeting that took place stays as it was, with its topics (what `agenda last`
    # shows), although the fortnightly series would not have met that day; not counted.
    last = after.last_meeting()
    assert last.original_start == past
    assert [e.topic for e in after.agenda.items(last.original_start)] == ["Discussed"]


def test_an_edit_to_an_hour_already_gone_today_sends_todays_topics_on(db: Database) -> None:
    # 07:00 in Kolkata on Wednesday 3 March, an hour before the meeting: moving the series
    # to 06:00 from now on leaves today without a meeting (06:00 has gone, and the edit
    # applies from now): today's topics go to next week's, not to a 06:00 that never was.
    clock = SetClock(_kolkata(date(2027, 3, 3), 7).astimezone(UTC))
    catalog = _catalog(db, clock=clock)
    catalog.seed()
    apac = catalog.get("apac")
    today, last_week = _kolkata(date(2027, 3, 3)), _kolkata(date(2027, 2, 24))
    apac.agenda.add(last_week, "Retro", None, by="U2", now=clock.now())
    apac.agenda.add(today, "Roadmap", None, by="U2", now=clock.now())
    six = APAC.model_copy(update={"first": datetime(2026, 1, 7, 6, 0)})
    change = catalog.edit("apac", six, by="U1")
    after = catalog.get("apac")
    nxt = after.next_meeting()
    assert nxt.original_start == _kolkata(date(2027, 3, 10), 6)
    assert [e.topic for e in after.agenda.items(nxt.original_start)] == ["Roadmap"]
    assert change.moved_topics == 1
    assert [e.topic for e in after.agenda.items(after.last_meeting().original_start)] == ["Retro"]


def test_an_edit_naming_the_same_hours_in_another_zone_keeps_every_key(db: Database) -> None:
    # 22:00 in Kolkata on Wednesdays is 01:30 in Tokyo on Thursdays: the same meetings.
    evening = APAC.model_copy(update={"first": datetime(2026, 1, 7, 22, 0)})
    catalog = _catalog(db, EMEA, evening)
    catalog.seed()
    apac = catalog.get("apac")
    day = date(2027, 3, 10)
    apac.skip(day, by="U1")
    nxt = apac.upcoming(3)[2]
    apac.agenda.add(nxt.original_start, "Kept", None, by="U2", now=NOW)
    tokyo = evening.model_copy(
        update={
            "timezone": "Asia/Tokyo",
            "first": datetime(2026, 1, 8, 1, 30),
            "rrule": "FREQ=WEEKLY;BYDAY=TH",
        }
    )
    change = catalog.edit("apac", tokyo, by="U1")
    assert (change.dropped, change.moved_topics) == (0, 0)
    after = catalog.get("apac")
    assert [o.start_utc for o in after.upcoming(3)] == [o.start_utc for o in apac.upcoming(3)]
    assert after.upcoming(3)[1].cancelled
    assert [e.topic for e in after.agenda.items(nxt.original_start)] == ["Kept"]


def test_pause_resume_and_delete(db: Database) -> None:
    clock = SetClock(NOW)
    catalog = _catalog(db, clock=clock)
    catalog.seed()
    feed_before = catalog.feed("apac")
    catalog.set_paused("apac", True, by="U1")
    with pytest.raises(SeriesError, match="already paused"):
        catalog.set_paused("apac", True, by="U1")
    assert [s.key for s in catalog.active()] == ["emea"]
    paused = catalog.get("apac")
    assert paused.upcoming(3) == []
    assert paused.planned(NOW, NOW + timedelta(days=14)) == []
    data, _ = catalog.feed("apac")
    assert b"BEGIN:VEVENT" not in data
    assert data != feed_before[0]
    assert b"APAC" not in catalog.feed()[0]  # the combined feed leaves it out
    clock.advance(timedelta(minutes=1))
    catalog.set_paused("apac", False, by="U1")
    assert b"BEGIN:VEVENT" in catalog.feed("apac")[0]
    resumed_at = catalog.feed()[1]
    clock.advance(timedelta(minutes=1))
    catalog.delete("apac", by="U1")
    assert catalog.get("apac") is None
    # Its feed stays, empty (after a 404 many clients keep the meetings they had), and the
    # combined feed is dated by the delete, so If-Modified-Since sees the change.
    gone, gone_at = catalog.feed("apac")
    assert b"BEGIN:VEVENT" not in gone
    assert catalog.feed()[1] > resumed_at
    assert gone_at == catalog.feed()[1]
    assert catalog.feed("nosuch") is None
    with pytest.raises(SeriesError, match="no longer exists"):
        catalog.edit("apac", APAC, by="U1")


def test_the_combined_feed_holds_every_series_and_each_zone_once(db: Database) -> None:
    catalog = _catalog(db)
    catalog.seed()
    data, _ = catalog.feed()
    text = data.decode()
    assert text.count("BEGIN:VTIMEZONE") == 2
    assert "SUMMARY:EMEA sync" in text
    assert "SUMMARY:APAC community meeting" in text
    assert data == catalog.feed()[0]  # byte-identical while nothing changes


def test_a_series_id_is_taken_for_good(db: Database) -> None:
    catalog = _catalog(db)
    catalog.seed()
    catalog.delete("apac", by="U1")
    with pytest.raises(SeriesError, match="short name “apac”"):
        catalog.add(APAC, by="U1")


def test_every_change_shows_in_the_version_replicas_watch(db: Database) -> None:
    clock = SetClock(NOW)
    catalog = _catalog(db, clock=clock)
    catalog.seed()
    seen = {catalog.version()}
    for change in (
        lambda: catalog.get("apac").skip(date(2027, 3, 10), by="U1"),
        lambda: catalog.set_paused("emea", True, by="U1"),
        lambda: catalog.edit("apac", APAC.model_copy(update={"title": "APAC"}), by="U1"),
    ):
        clock.advance(timedelta(seconds=1))
        change()
        assert catalog.version() not in seen
        seen.add(catalog.version())


def test_the_reminder_channel_setting_is_the_first_series_channel() -> None:
    seeds = meeting_seeds(FileConfig(meeting=(EMEA, APAC)), "C0OTHER")
    assert [s.channel for s in seeds] == ["C0OTHER", "C0APAC"]


def test_the_combined_feed_takes_the_zone_that_covers_the_oldest_series(db: Database) -> None:
    old = MeetingConfig(id="old", title="Old sync", first=datetime(2012, 1, 10, 17, 0))
    catalog = _catalog(db, EMEA, old)
    catalog.seed()
    text = catalog.feed()[0].decode()
    assert text.count("BEGIN:VTIMEZONE") == 1
    zone = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]
    starts = [line for line in zone.splitlines() if line.startswith("DTSTART:")]
    assert min(starts) <= "DTSTART:20120110"  # covers 2012, not only from 2025 on


def test_a_seeded_series_missing_from_the_file_is_named_at_start(db: Database, caplog) -> None:
    _catalog(db, MeetingConfig(channel="C0SYNC")).seed()  # `[meeting]`: stored as default
    caplog.clear()
    renamed = _catalog(db, EMEA, APAC)  # now `[[meeting]]` tables, and no `default`
    assert renamed.seed() == ["emea", "apac"]
    (warning,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert "the meeting default came from the config file and is no longer in it" in warning
    assert 'id = "default"' in warning


def test_a_file_that_differs_from_the_stored_series_is_named(db: Database, caplog) -> None:
    _catalog(db).seed()
    caplog.clear()
    _catalog(db, EMEA.model_copy(update={"title": "Renamed in the file"}), APAC).seed()
    (warning,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert "the meeting emea of the config file" in warning
    assert catalog_title(db, "emea") == "EMEA sync"  # the stored one is used


def catalog_title(db: Database, key: str) -> str:
    return _catalog(db).get(key).title


def test_an_edit_and_its_undo_still_tell_calendar_clients(db: Database) -> None:
    # Between two reads of the feed: the definition is as it was, but the old event now
    # ends and a new one starts, so SEQUENCE must grow.
    catalog = _catalog(db)
    catalog.seed()
    before = catalog.get("apac").feed_state().series.sequence
    later = APAC.model_copy(update={"first": datetime(2026, 1, 7, 9, 0)})
    catalog.edit("apac", later, by="U1")
    catalog.edit("apac", APAC, by="U1")
    assert catalog.get("apac").feed_state().series.sequence > before
    assert len(catalog.get("apac").history) == 2


def test_an_edit_that_waited_for_another_never_ends_before_it(db: Database) -> None:
    clock = SetClock(NOW)
    catalog = _catalog(db, clock=clock)
    catalog.seed()
    catalog.edit("apac", APAC.model_copy(update={"first": datetime(2026, 1, 7, 9, 0)}), by="U1")
    clock.advance(timedelta(seconds=-5))  # read its clock first, then waited for the lock
    catalog.edit("apac", APAC, by="U2")
    first, second = catalog.get("apac").history
    assert second.ends >= first.ends
