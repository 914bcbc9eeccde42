"""The app's SQLite never checkpoints inside a commit (a vote's commit runs on the event
loop): the WAL grows until `checkpoint()`, run on a thread, folds it back."""

from __future__ import annotations

from sqlalchemy import text

from storage.database import Database


def wal_pages(db: Database) -> int:
    """Pages in the WAL now (a checkpointed WAL starts over at the next write)."""
    raw = db.engine.raw_connection()
    try:
        return raw.driver_connection.execute("PRAGMA wal_checkpoint(NOOP)").fetchone()[1]
    finally:
        raw.close()


def fill(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS t (x TEXT)"))
    for _ in range(60):  # well past SQLite's automatic checkpoint at 1,000 pages
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (:x)"), [{"x": "x" * 4000}] * 20)


def test_no_commit_checkpoints_and_checkpoint_folds_the_wal_back(tmp_path) -> None:
    db = Database.from_url(f"sqlite:///{tmp_path / 'a.db'}", manual_checkpoints=True)
    fill(db)
    assert wal_pages(db) > 1300  # no commit checkpointed: every page is still there
    db.checkpoint()
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO t VALUES ('after')"))
    assert wal_pages(db) < 10  # folded back: the WAL started over
    db.dispose()


def test_other_users_keep_sqlites_automatic_checkpoints(tmp_path) -> None:
    db = Database.from_url(f"sqlite:///{tmp_path / 'b.db'}")
    fill(db)
    assert wal_pages(db) < 1100  # the WAL was reset by automatic checkpoints
    db.dispose()
