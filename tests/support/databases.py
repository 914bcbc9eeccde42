"""The databases tests run on: a SQLite file always, and the shared PostgreSQL server that
`.ci/run` starts (PMM_TEST_POSTGRES_URL) when there is one; otherwise those tests skip."""

from __future__ import annotations

import os

from sqlalchemy import text

from storage.engine import create_db_engine

POSTGRES_URL = os.environ.get("PMM_TEST_POSTGRES_URL")
NO_POSTGRES = "no PostgreSQL server configured: set PMM_TEST_POSTGRES_URL to run these"


def reset_postgres(url: str) -> None:
    """Empty the server's public schema: every table, index and the Alembic version.

    Dropping the schema, not the tables the models know, also removes anything an older
    migration or another test left behind, so each test starts from a blank database.
    """
    engine = create_db_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
