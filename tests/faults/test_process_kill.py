"""SIGKILL in the middle of a vote burst loses no acknowledged vote; a restart carries on."""

from __future__ import annotations

import signal
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, func, select

from storage.engine import create_db_engine
from storage.tables import Vote
from tests.support.serve_process import ServeProcess

pytestmark = pytest.mark.slow


def test_sigkill_mid_burst_loses_no_acknowledged_vote(tmp_path, fake_slack, database_url):
    server = ServeProcess(tmp_path, fake_slack, DATABASE_URL=database_url)
    slack = server.slack
    try:
        slack.command("poll Kill me")
        (post,) = fake_slack.wait_for("chat.postMessage", timeout=10)
        row = next(
            b["elements"]
            for b in post.json_param("blocks")
            if b.get("block_id", "").startswith("vote_")
        )

        def click(i: int) -> int:
            if i == 60:
                server.proc.send_signal(signal.SIGKILL)
            try:
                return slack.action(
                    row[i % 4]["action_id"], row[i % 4]["value"], user_id=f"U0KILL{i:04d}"
                ).status
            except OSError:
                return 0

        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(click, range(150)))
    finally:
        server.kill()
    acknowledged = statuses.count(200)
    assert 0 < acknowledged < 150  # the kill really landed mid-burst
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        stored = session.exec(select(func.count()).select_from(Vote)).one()
    engine.dispose()
    assert stored >= acknowledged
    restarted = ServeProcess(tmp_path, fake_slack, DATABASE_URL=database_url)
    try:
        assert restarted.slack.get("/healthz").status == 200
    finally:
        restarted.stop()
