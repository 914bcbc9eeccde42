"""Shared fixtures: settings from a dict, a fake Slack, and the real bot served over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.app import Bot, create_bot
from bot.clock import Clock
from bot.server import HttpServer
from bot.settings import Settings
from tests.support.databases import NO_POSTGRES, POSTGRES_URL, reset_postgres
from tests.support.fake_slack import FakeSlack
from tests.support.serve_process import BOT_TOKEN, SIGNING_SECRET
from tests.support.slack_requests import SlackSender


def make_settings(**values: Any) -> Settings:
    """Settings built from a dict only: never from the developer's environment or .env."""
    base = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "DATABASE_URL": "sqlite://",
    }
    base.update(values)
    return Settings.model_validate(base)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


class RunningBot:
    """The real app behind a real uvicorn server, with a sender that signs like Slack."""

    def __init__(self, bot: Bot, server: HttpServer, fake: FakeSlack) -> None:
        self.bot, self.server, self.fake = bot, server, fake
        self.slack = SlackSender(server.url, SIGNING_SECRET, fake.response_url())


def start_bot(
    fake: FakeSlack, database_url: str, *, clock: Clock | None = None, **settings: Any
) -> RunningBot:
    """Build, migrate and serve a bot on a free port, talking to `fake` (and believing
    `clock`, when given, about the time)."""
    values = {
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": database_url,
        "PMM_POLL_UPDATE_SECONDS": 0.3,
        **settings,
    }
    bot = create_bot(make_settings(**values), clock=clock)
    bot.start()
    server = HttpServer(bot.asgi(), host="127.0.0.1", port=0).start_in_thread()
    return RunningBot(bot, server, fake)


def stop_bot(running: RunningBot) -> None:
    """Stop serving and shut the bot down as SIGTERM would."""
    running.server.stop()
    running.bot.close()


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'pmm-bot.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """An empty database, once as a SQLite file and once on the shared PostgreSQL server
    (reset first; skipped when PMM_TEST_POSTGRES_URL is not set)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pmm-bot.db'}"
    if not POSTGRES_URL:
        pytest.skip(NO_POSTGRES)
    reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def running_bot(fake_slack: FakeSlack, database_url: str) -> Iterator[RunningBot]:
    running = start_bot(fake_slack, database_url, PMM_ORGANIZERS="U0ORGANIZ1")
    fake_slack.reset()  # forget the start-up auth.test
    try:
        yield running
    finally:
        stop_bot(running)
