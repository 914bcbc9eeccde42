"""Storage tests run on SQLite always, and on PostgreSQL when PMM_TEST_POSTGRES_URL is set
(`.ci/run` starts a server and sets it; locally they skip with the reason). The database
comes from the shared `db_url` fixture in tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from storage.engine import create_db_engine
from storage.migrate import upgrade


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = create_db_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()
