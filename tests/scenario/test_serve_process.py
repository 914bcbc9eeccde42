"""`pmm-bot serve` as a real process: clear start-up errors, and a signed command answered."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.support.serve_process import BOT_TOKEN, SIGNING_SECRET, ServeProcess, clean_env

pytestmark = pytest.mark.slow


def run_cli(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_without_tokens_explains_what_to_set(tmp_path) -> None:
    result = run_cli(tmp_path, "serve")
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN is missing" in result.stderr
    assert "SLACK_SIGNING_SECRET is missing" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_with_a_malformed_token_names_it_without_echoing_it(tmp_path) -> None:
    result = run_cli(
        tmp_path,
        "serve",
        SLACK_BOT_TOKEN="xoxp-user-token-123456",
        SLACK_SIGNING_SECRET="abc123abc123",
    )
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN must be a bot token starting with xoxb-" in result.stderr
    assert "xoxp-user-token-123456" not in result.stderr
    assert "Traceback" not in result.stderr


def test_offline_lookups_print_plain_text(tmp_path) -> None:
    result = run_cli(tmp_path, "level", "ad-hoc")
    assert result.returncode == 0
    assert "Level 1 · Provisional" in result.stdout
    assert "CC BY 4.0" in result.stdout
    assert "Intrinsic pull" in run_cli(tmp_path, "aspect", "adoption").stdout
    assert "Optimizing" in run_cli(tmp_path, "levels").stdout
    unknown = run_cli(tmp_path, "level", "scalabel")
    assert "Scalable" in unknown.stdout


def test_serve_answers_a_signed_command_and_stops_on_sigterm(tmp_path, fake_slack) -> None:
    server = ServeProcess(tmp_path, fake_slack)
    try:
        started = time.monotonic()
        reply = server.slack.command("level scalable")
        assert time.monotonic() - started < 3
        assert reply.status == 200
        assert "Level 3 · Scalable" in json.dumps(reply.json(), ensure_ascii=False)
        assert (tmp_path / "data" / "pmm-bot.db").is_file()
    finally:
        code = server.stop(timeout=15)
    assert code == 0
    log = "".join(server.log)
    assert "stopped" in log
    assert BOT_TOKEN not in log
    assert SIGNING_SECRET not in log
    # SLACK_BOT_TOKEN is in the environment and the app hands Bolt its client: Bolt used to
    # warn at every start that the token would be unused.
    assert "will be unused" not in log
    assert "WARNING" not in log, log


def test_offline_polls_and_export(tmp_path) -> None:
    from datetime import UTC, datetime

    from bot.maturity.model import default_model
    from bot.polls.options import PollRequest
    from storage.engine import create_db_engine
    from storage.migrate import upgrade
    from tests.unit.storage.test_votes import PollStore

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    store = PollStore(engine, voter_secret=b"k" * 16)
    poll = store.create(
        model=default_model(),
        request=PollRequest("single", "CLI, poll", None, False, False),
        channel_id="C0CLI0001",
        creator_id="U1",
        now=datetime.now(UTC),
    )
    question = poll.questions[0]
    for i in range(3):
        store.vote(
            poll_id=poll.poll_id,
            question_id=question.question_id,
            choice_id=question.choices[i].choice_id,
            user_id=f"U{i}",
            request_key=f"k{i}",
            now=datetime.now(UTC),
        )
    engine.dispose()
    listing = run_cli(tmp_path, "polls", DATABASE_URL=url)
    assert poll.poll_id in listing.stdout
    assert "    3  CLI, poll" in listing.stdout
    exported = run_cli(tmp_path, "export", "--latest", "-o", "out.csv", DATABASE_URL=url)
    assert exported.returncode == 0, exported.stderr
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert len(lines) == 4
    assert '"CLI, poll"' in lines[1]
    png = run_cli(
        tmp_path, "export", poll.poll_id, "--format", "png", "-o", "c.png", DATABASE_URL=url
    )
    assert png.returncode == 0
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")
    assert run_cli(tmp_path, "export", "ffffffff", DATABASE_URL=url).returncode == 1


def test_serve_stops_naming_a_config_channel_that_does_not_exist(tmp_path, fake_slack) -> None:
    fake_slack.channels = {"community": "C0COMMUNITY", "general": "C0GENERAL1"}
    config = tmp_path / "pmm.toml"
    config.write_text('[welcome]\nenabled = true\nchannels = ["#community", "#welcome"]\n')
    result = run_cli(
        tmp_path,
        "serve",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake_slack.api_url,
        PMM_CONFIG=str(config),
        PORT="0",
    )
    assert result.returncode == 2, result.stderr
    assert "[welcome] channels names #welcome" in result.stderr
    assert "no channel of that name" in result.stderr
    assert "Traceback" not in result.stderr
