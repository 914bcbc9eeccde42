"""The engine factory: SQLite by default (WAL, busy timeout, immediate write transactions),
PostgreSQL through psycopg 3 when DATABASE_URL says so."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

# Another process holding the database longer than this fails the click, and the voter is
# told while Slack still waits for the answer (3 s); in-process writers queue on a lock.
SQLITE_BUSY_TIMEOUT_MS = 2_500
_READ_ONLY = "pmm_read_only"
_NO_WAIT = "pmm_no_wait"


class WriteLockBusy(Exception):
    """Someone else is writing to the SQLite database, and the caller asked not to wait."""


def normalise_database_url(url: str) -> str:
    """Accept the URLs hosting platforms hand out (`postgres://…`) and pick psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def create_db_engine(url: str, *, echo: bool = False, manual_checkpoints: bool = False) -> Engine:
    """Build an engine for `url`; SQLite files get their folder created. With
    `manual_checkpoints`, SQLite never checkpoints its WAL inside a commit: the owner runs
    `checkpoint()` (the app does, every second, on a thread)."""
    url = normalise_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # pre-ping: after a server restart the pool still holds dead connections; without
        # it the first clicks after an idle restart failed (tests/faults/test_postgres_restart).
        # connect_timeout: a host that drops packets must fail a click in seconds (the user
        # is told), not hang it and the pool with it.
        return create_engine(
            url,
            echo=echo,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=10,
            pool_timeout=2.5,  # within Slack's 3 s: better a clear "try again" than silence
            # Keepalives and a TCP user timeout: pooled connections to a host that stops
            # answering fail in about 10 s instead of hanging until TCP gives up (minutes).
            connect_args={
                "connect_timeout": 5,
                "keepalives": 1,
                "keepalives_idle": 30,
                "keepalives_interval": 5,
                "keepalives_count": 3,
                "tcp_user_timeout": 10_000,
            },
        )
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
    if parsed.database in (None, "", ":memory:"):
        kwargs["poolclass"] = StaticPool  # one shared in-memory database for all threads
    else:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, **kwargs)
    _configure_sqlite(engine, manual_checkpoints=manual_checkpoints)
    return engine


def _configure_sqlite(engine: Engine, *, manual_checkpoints: bool) -> None:
    # pysqlite's own transaction handling defers BEGIN; SQLAlchemy's documented recipe takes
    # it over so that every transaction starts with BEGIN IMMEDIATE and takes the write lock
    # up front: concurrent writers queue on the busy timeout instead of failing on upgrade.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        if manual_checkpoints:
            # A checkpoint (two fdatasyncs, milliseconds each) used to run inside whichever
            # commit passed the WAL's 1,000 pages: a vote commit on the event loop, held up.
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    # Within one process, writers queue on a Python lock rather than in SQLite's busy
    # handler, which sleeps in growing steps (up to 100 ms) and made p99 latency explode
    # under a burst of votes. Other processes still meet the busy timeout.
    write_lock = threading.Lock()
    holder = "pmm_holds_write_lock"  # set in the DBAPI connection's info while it holds the lock

    def release(info: dict) -> None:
        if info.pop(holder, False):
            write_lock.release()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        if options.get(_READ_ONLY):
            # Readers never wait for writers in WAL mode: a deferred transaction reads a
            # snapshot, so an export of a big poll no longer holds up every vote.
            conn.exec_driver_sql("BEGIN")
            return
        # Without waiting (the event loop, bot/polls/vote_batches.py): a busy database must
        # not stall every request the loop serves, so it says so at once and the caller
        # goes to a thread that may wait. Otherwise bounded: a lock that is never given
        # back must fail loudly, not hang the process.
        wait = not options.get(_NO_WAIT)
        if wait and not write_lock.acquire(timeout=3 * SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise TimeoutError("the SQLite write lock was not released in time")
        if not wait and not write_lock.acquire(blocking=False):
            raise WriteLockBusy("another thread of this process is writing")
        conn.info[holder] = True
        try:
            if wait:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                _begin_immediate_or_busy(conn.connection.driver_connection)
        except BaseException:
            release(conn.info)
            raise

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(conn: Any) -> None:
        release(conn.info)

    # Safety net: a connection going back to the pool (its transaction reset by the pool
    # itself, e.g. after an error) never keeps the lock.
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        release(record.info)


def _begin_immediate_or_busy(driver: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE with no busy wait: WriteLockBusy if another process is writing."""
    driver.execute("PRAGMA busy_timeout=0")
    try:
        driver.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise WriteLockBusy("another process is writing") from error
        raise
    finally:
        driver.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def checkpoint(engine: Engine) -> None:
    """Copy the SQLite WAL back into the database file without waiting for anyone (PASSIVE);
    nothing on other databases."""
    if engine.dialect.name != "sqlite" or isinstance(engine.pool, StaticPool):
        return
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        raw.close()


def reader(engine: Engine) -> Engine:
    """The same engine (same pool) for transactions that only read: on SQLite they take
    no write lock; on PostgreSQL nothing changes. An in-memory SQLite database is one
    connection shared by every thread, so there every transaction keeps the lock."""
    if isinstance(engine.pool, StaticPool):
        return engine
    return engine.execution_options(**{_READ_ONLY: True})


def no_wait(engine: Engine) -> Engine:
    """The same engine, for write transactions that would rather fail at once with
    WriteLockBusy than wait for another writer (SQLite only; unchanged on PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return engine
    return engine.execution_options(**{_NO_WAIT: True})


def is_postgres(engine: Engine) -> bool:
    """True for a PostgreSQL engine."""
    return engine.dialect.name == "postgresql"
