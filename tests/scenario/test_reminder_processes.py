"""Two real `pmm-bot serve` processes on one database post each reminder exactly once."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.scenario.test_meetings import write_config
from tests.scenario.test_serve_process import clean_env

pytestmark = pytest.mark.slow


def serve(tmp_path, fake, database_url: str, config: str) -> subprocess.Popen:
    env = clean_env(
        tmp_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        PORT="0",
        HOST="127.0.0.1",
        DATABASE_URL=database_url,
        PMM_CONFIG=config,
        PMM_REMINDER_CHANNEL="C0SYNC0001",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"], cwd=tmp_path, env=env, stderr=subprocess.DEVNULL
    )


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    assert proc.wait(timeout=20) == 0


def test_two_serve_processes_post_each_reminder_once(fake_slack, database_url, tmp_path) -> None:
    start = datetime.now(UTC) + timedelta(seconds=14)
    config = write_config(tmp_path, first=start, reminders='["8s", "4s"]', rrule="FREQ=DAILY")
    procs = [serve(tmp_path, fake_slack, database_url, config) for _ in range(2)]
    try:
        fake_slack.wait_for("chat.postMessage", count=2, timeout=25)
    finally:
        for proc in procs:
            stop(proc)  # SIGTERM waits for running jobs: a duplicate would be counted below
    posts = [
        c for c in fake_slack.calls_to("chat.postMessage") if c.params["channel"] == "C0SYNC0001"
    ]
    assert len(posts) == 2
    assert len(fake_slack.calls_to("auth.test")) == 2  # both processes really ran
