"""Alembic migrations, applied from code at `serve` start and by `pmm-bot db upgrade`.

A start on a database that is already at the newest revision (every restart but the first
after an upgrade) reads one row and never imports Alembic: that import and its set-up were a
tenth of `serve`'s start-up.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in migrations/versions; a test holds it to Alembic's own head.
HEAD = "0011"
# Two replicas starting together must not both run the migration: on PostgreSQL they
# serialise on this advisory lock (an arbitrary constant naming "pmm-bot migrations").
_PG_MIGRATION_LOCK = 0x504D4D


def alembic_config() -> Config:
    """An Alembic config pointing at the migrations shipped in this package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("storage") / "migrations"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database at `engine` to `revision` (idempotent)."""
    if revision == "head" and _stored_revision(engine) == HEAD:
        return
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def _stored_revision(engine: Engine) -> str | None:
    """The revision in alembic_version, read without Alembic (None if there is none)."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:  # no such table yet: a new database
        return None


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
