"""Read-only transactions never wait for the write lock, and writers never wait for them:
an export of a big poll must not hold up the votes arriving meanwhile."""

from __future__ import annotations

import threading

from sqlalchemy import text

from storage.engine import reader


def _in_thread(fn) -> bool:
    """Run fn in another thread; True when it finished within 5 s."""
    done = threading.Event()

    def run() -> None:
        fn()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done.wait(timeout=5)


def _write(engine, key: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO processedrequest (key, created_at) VALUES (:k, CURRENT_TIMESTAMP)"),
            {"k": key},
        )


def test_a_write_goes_through_while_a_long_read_is_open(engine) -> None:
    with reader(engine).begin() as reading:
        reading.execute(text("SELECT count(*) FROM vote")).one()
        assert _in_thread(lambda: _write(engine, "written-during-a-read"))


def test_a_read_goes_through_while_a_write_is_open(engine) -> None:
    def read() -> None:
        with reader(engine).connect() as connection:
            connection.execute(text("SELECT count(*) FROM processedrequest")).one()

    with engine.begin() as writing:
        writing.execute(
            text("INSERT INTO processedrequest (key, created_at) VALUES ('w', CURRENT_TIMESTAMP)")
        )
        assert _in_thread(read)


def test_an_in_memory_database_keeps_one_lock_for_everything() -> None:
    from storage.engine import create_db_engine

    memory = create_db_engine("sqlite://")
    assert reader(memory) is memory  # one shared connection: readers must queue too
    memory.dispose()
