"""SIGKILL in the middle of a vote burst loses no acknowledged vote; a restart carries on."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, func, select

from storage.engine import create_db_engine
from storage.tables import Vote
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.scenario.test_serve_process import clean_env
from tests.support.slack_requests import SlackSender

pytestmark = pytest.mark.slow


def serve(tmp_path, fake, database_url: str) -> tuple[subprocess.Popen, SlackSender]:
    env = clean_env(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        PORT="0",
        HOST="127.0.0.1",
        DATABASE_URL=database_url,
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in proc.stderr:
        match = re.search(r"serving Slack requests at http://[^:]+:(\d+)", line)
        if match:
            sender = SlackSender(
                f"http://127.0.0.1:{match.group(1)}", SIGNING_SECRET, fake.response_url()
            )
            return proc, sender
    raise AssertionError("the server never said where it listens")


def test_sigkill_mid_burst_loses_no_acknowledged_vote(tmp_path, fake_slack, database_url):
    proc, slack = serve(tmp_path, fake_slack, database_url)
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
                proc.send_signal(signal.SIGKILL)
            try:
                return slack.action(
                    row[i % 4]["action_id"], row[i % 4]["value"], user_id=f"U0KILL{i:04d}"
                ).status
            except OSError:
                return 0

        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(click, range(150)))
    finally:
        proc.kill()
        proc.wait(timeout=10)
    acknowledged = statuses.count(200)
    assert 0 < acknowledged < 150  # the kill really landed mid-burst
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        stored = session.exec(select(func.count()).select_from(Vote)).one()
    engine.dispose()
    assert stored >= acknowledged
    restarted, slack = serve(tmp_path, fake_slack, database_url)
    try:
        assert slack.get("/healthz").status == 200
    finally:
        restarted.terminate()
        restarted.wait(timeout=15)
