"""Two real `pmm-bot serve` processes on one database (a SQLite file, and the shared
PostgreSQL server) post each reminder exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from storage.engine import create_db_engine
from storage.tables import ReminderPost
from tests.scenario.test_meetings import write_config
from tests.support.serve_process import ServeProcess

pytestmark = pytest.mark.slow


def test_two_serve_processes_post_each_reminder_once(fake_slack, db_url, tmp_path) -> None:
    start = datetime.now(UTC) + timedelta(seconds=14)
    config = write_config(tmp_path, first=start, reminders='["8s", "4s"]', rrule="FREQ=DAILY")
    env = {"DATABASE_URL": db_url, "PMM_CONFIG": config, "PMM_REMINDER_CHANNEL": "C0SYNC0001"}
    servers = [ServeProcess(tmp_path, fake_slack, **env) for _ in range(2)]
    try:
        fake_slack.wait_for("chat.postMessage", count=2, timeout=25)
    finally:
        # SIGTERM waits for running jobs, so a duplicate would be counted below.
        codes = [server.stop() for server in servers]
    assert codes == [0, 0]
    posts = [
        c for c in fake_slack.calls_to("chat.postMessage") if c.params["channel"] == "C0SYNC0001"
    ]
    assert len(posts) == 2
    assert len(fake_slack.calls_to("auth.test")) == 2  # both processes really ran
    engine = create_db_engine(db_url)  # the claims are in the database under test
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(ReminderPost)).one() == 2
    engine.dispose()
