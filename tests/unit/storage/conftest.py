"""Storage tests run on SQLite always, and on PostgreSQL when PMM_TEST_POSTGRES_URL is set
(`.ci/run` starts a server and sets it; locally they skip with the reason)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from storage.engine import create_db_engine
from storage.migrate import upgrade

POSTGRES_URL = os.environ.get("PMM_TEST_POSTGRES_URL")


def _reset_postgres(engine: Engine) -> None:
    with engine.begin() as connection:
        SQLModel.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = create_db_engine(f"sqlite:///{tmp_path / 'test.db'}")
    else:
        if not POSTGRES_URL:
            pytest.skip("no PostgreSQL server configured: set PMM_TEST_POSTGRES_URL to run these")
        engine = create_db_engine(POSTGRES_URL)
        _reset_postgres(engine)
    upgrade(engine)
    yield engine
    engine.dispose()
