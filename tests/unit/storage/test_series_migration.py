"""Migration 0009 on a database as it was before several series (revision 0008): every skip
and move is kept, on the series the config file seeds; reminder claims keep meaning the same
reminders; the schema then matches the tables. On SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import text

from bot.meetings.catalog import MeetingCatalog
from bot.meetings.config import MeetingConfig
from bot.meetings.series import Overrides, next_occurrences
from storage.database import Database
from storage.engine import create_db_engine
from storage.migrate import HEAD, upgrade
from tests.support.clock import SetClock

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
SKIPPED = datetime(2027, 2, 9, 16, 0, tzinfo=UTC)  # Tuesday 9 Feb 2027, 17:00 Berlin
MOVED = datetime(2027, 2, 23, 16, 0, tzinfo=UTC)
MOVED_TO = datetime(2027, 2, 24, 15, 0, tzinfo=UTC)


def _at_0008(url: str) -> None:
    engine = create_db_engine(url)
    upgrade(engine, "0008")
    with engine.begin() as connection:
        rows = [
            (SKIPPED, True, None, 3),
            (MOVED, False, MOVED_TO, 4),
        ]
        for original, cancelled, new_start, sequence in rows:
            connection.execute(
                text(
                    "INSERT INTO meetingoverride (original_start, cancelled, new_start, "
                    "changed_by, changed_at, sequence) VALUES (:o, :c, :n, 'U1', :at, :s)"
                ),
                {"o": _stored(url, original), "c": cancelled,
                 "n": _stored(url, new_start), "at": _stored(url, NOW), "s": sequence},
            )  # fmt: skip
        connection.execute(
            text("INSERT INTO reminderpost (key, claimed_at, message_ts) VALUES "
                 "('2027-01-26T16:00:00Z/1d', :at, '1.2'), "
                 "('2027-01-26T16:00:00Z/15m', :at, NULL)"),
            {"at": _stored(url, NOW)},
        )  # fmt: skip
    engine.dispose()


def _stored(url: str, moment: datetime | None):
    # SQLModel's UTCDateTime keeps UTC; on SQLite as the text SQLAlchemy writes (with
    # microseconds: SQLite compares the text).
    if moment is None or not url.startswith("sqlite"):
        return moment
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"


def test_skips_and_moves_survive_on_the_seeded_series(db_url: str) -> None:
    _at_0008(db_url)
    db = Database.from_url(db_url)
    upgrade(db.engine)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        keys = {r[0] for r in connection.execute(text("SELECT key FROM reminderpost"))}
    assert keys == {"2027-01-26T16:00:00Z/1d", "2027-01-26T16:00:00Z/15m"}  # kept as made

    catalog = MeetingCatalog(db, SetClock(NOW), seeds=(MeetingConfig(channel="C0SYNC"),))
    assert catalog.seed() == ["default"]
    series = catalog.get("default")
    assert series is not None
    overrides = series.overrides()
    assert [s.astimezone(UTC) for s in overrides.skipped] == [SKIPPED]
    assert {o.astimezone(UTC): n.astimezone(UTC) for o, n in overrides.moved.items()} == {
        MOVED: MOVED_TO
    }
    upcoming = series.upcoming(3)
    assert [o.cancelled for o in upcoming] == [True, False, False]
    assert upcoming[1].start.astimezone(UTC) == MOVED_TO
    assert upcoming[1].moved
    # The feed still counts the revisions the overrides had.
    state = series.feed_state()
    assert state.overrides[MOVED.astimezone(series.config.zone)].sequence == 4
    # The claims still stop the same reminders going out twice.
    due = series.find_due("2027-02-09/1d", datetime(2027, 2, 8, 16, 0, tzinfo=UTC))
    assert due is None  # that day is skipped
    # A claim made before several series still holds its reminder (keyed now by the day).
    day_before = datetime(2027, 1, 25, 16, 0, tzinfo=UTC)
    assert not series.claim_reminder("2027-01-26/1d", now=day_before)
    assert series.posted_reminders(series.find_due("2027-01-26/1d", day_before).occurrence) == [
        "1.2"
    ]
    assert series.claim_reminder("2027-02-23/1d", now=datetime(2027, 2, 22, 16, tzinfo=UTC))
    # Changing the series after the upgrade works on the new key.
    change = series.unskip(date(2027, 2, 9), by="U1")
    assert not change.after.cancelled
    assert series.move(date(2027, 3, 9), date(2027, 3, 9), time(18), by="U1").after.moved
    db.engine.dispose()


def test_an_upgraded_database_is_what_the_tables_say(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import storage.tables  # noqa: F401 (the tables register on SQLModel.metadata)

    _at_0008(db_url)
    engine = create_db_engine(db_url)
    upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    # Only differences Alembic reports for types it cannot compare are tolerated.
    assert [d for d in diff if d[0] not in ("modify_type",)] == []
    assert next_occurrences(MeetingConfig(), Overrides(), NOW, 1)
