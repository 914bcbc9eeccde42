"""The database as the domain sees it: an engine and the sessions it hands out.

The domain never builds an engine or a session factory of its own; the app factory makes one
`Database` and passes it in. Write sessions begin a transaction that commits on leaving the
block; read sessions take no write lock on SQLite (WAL readers never wait for writers).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session

from storage.engine import checkpoint, create_db_engine, is_postgres, no_wait, reader


class Database:
    """One engine, three ways in: writes, reads, and writes that never wait (SQLite)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = reader(engine)
        self.no_wait = no_wait(engine)

    @classmethod
    def from_url(cls, url: str, *, manual_checkpoints: bool = False) -> Database:
        """A database for a DATABASE_URL (see create_db_engine for `manual_checkpoints`)."""
        return cls(create_db_engine(url, manual_checkpoints=manual_checkpoints))

    def checkpoint(self) -> None:
        """Fold SQLite's WAL back into the database file (blocking: run it on a thread)."""
        checkpoint(self.engine)

    @property
    def is_postgres(self) -> bool:
        """True on PostgreSQL (several replicas may share it)."""
        return is_postgres(self.engine)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in a transaction, committed when the block ends without error."""
        with Session(self.engine) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only."""
        with Session(self.reader) as session:
            yield session

    def ping(self) -> str:
        """'ok', or the kind of failure (never the URL or its credentials)."""
        try:
            with self.reader.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as error:
            return f"unreachable ({type(error).__name__})"
        return "ok"

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def insert_for(session: Session) -> Any:
    """The dialect's INSERT, which has ON CONFLICT (SQLite and PostgreSQL both). Imported
    here: the PostgreSQL dialect's modules cost a SQLite deployment's start-up for nothing."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
