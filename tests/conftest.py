"""Shared fixtures: settings from a dict, a fake Slack, and the real app served over HTTP
(uvicorn on a free port), its event loop in debug mode so that a callback holding the loop
longer than 250 ms fails the test."""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import warnings
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest

from bot.app.factory import PmmApp, create_app
from bot.app.serve import HttpServer, tune_gc
from bot.app.socket_mode import CONNECTIONS
from bot.clock import Clock
from bot.settings import Settings
from tests.support import loop_watch
from tests.support.databases import NO_POSTGRES, POSTGRES_URL, reset_postgres
from tests.support.fake_slack import FakeSlack
from tests.support.fake_socket_mode import FakeSocketMode
from tests.support.plain_words import PlainWordsWatch
from tests.support.serve_process import BOT_TOKEN, SIGNING_SECRET
from tests.support.slack_requests import SlackSender
from tests.support.socket_sender import SocketSender


def pytest_collection_finish(session: pytest.Session) -> None:
    """Tune the collector as `serve` does (bot/app/serve.py): with pytest's whole heap in
    every collection, a full one could hold an app loop for 100 ms and fail a test. And hand
    the GIL over sooner: this one process runs apps, replicas, fake Slacks and load threads,
    and the loop's callbacks are timed by the wall clock, waits for the GIL included."""
    tune_gc()
    sys.setswitchinterval(0.001)


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
def plain_words() -> PlainWordsWatch:
    """What the bot shows people, scanned for developer words (see tests/support)."""
    return PlainWordsWatch()


@pytest.fixture
def fake_slack(plain_words: PlainWordsWatch, request: pytest.FixtureRequest) -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.observers.append(plain_words.on_call)
        fake.answer_observers.append(plain_words.on_answer)
        yield fake
    if plain_words.found and not request.node.get_closest_marker("echoes_user_text"):
        pytest.fail("a person was shown developer words:\n" + "\n".join(plain_words.found[:5]))


APP_TOKEN = "xapp-1-A0PMM-test"
TRANSPORTS = ["http", "socket"]


class RunningBot:
    """The real app behind a real uvicorn server, with a sender that signs like Slack (over
    HTTP) or delivers envelopes like Slack (over Socket Mode, through `socket`)."""

    def __init__(
        self, app: PmmApp, server: HttpServer, fake: FakeSlack, socket: FakeSocketMode | None
    ) -> None:
        self.app, self.server, self.fake, self.socket = app, server, fake, socket
        self.services = app.services
        response_url = fake.response_url()
        if socket is None:
            self.slack = SlackSender(server.url, SIGNING_SECRET, response_url)
        else:
            self.slack = SocketSender(server.url, SIGNING_SECRET, response_url, socket)

    def call(self, work: Callable[..., Awaitable[Any]], *args: Any, timeout: float = 30) -> Any:
        """Run the coroutine function `work(*args)` on the app's loop and wait for it (for
        the app's async parts: a job to run now, background work to finish)."""
        loop = self.app.lifecycle.loop
        assert loop is not None
        return asyncio.run_coroutine_threadsafe(work(*args), loop).result(timeout)

    def finish_background_work(self) -> None:
        """Wait until the work queued after each ack (Web API calls) is done."""
        self.call(self.services.background.drain)


def start_bot(
    fake: FakeSlack,
    database_url: str,
    *,
    clock: Clock | None = None,
    transport: str = "http",
    **settings: Any,
) -> RunningBot:
    """Build and serve the app on a free port, talking to `fake` (and believing `clock`,
    when given, about the time), over HTTP or Socket Mode; returns once its start-up
    (migrations, jobs, Socket Mode connections) is done."""
    values = {
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": database_url,
        "PMM_POLL_UPDATE_SECONDS": 0.3,
        **settings,
    }
    # As `serve` does after its start-up: what exists now (earlier tests' apps included) is
    # left out of every later collection, so a full one never holds this app's loop long.
    gc.collect()
    gc.freeze()
    socket = None
    if transport == "socket":
        socket = FakeSocketMode().start().install(fake)
        values["SLACK_APP_TOKEN"] = APP_TOKEN
    app = create_app(make_settings(**values), clock=clock, loop_debug=True)
    server = HttpServer(app.asgi(), host="127.0.0.1", port=0).start_in_thread()
    if socket is not None:
        socket.wait_connected(CONNECTIONS)
    running = RunningBot(app, server, fake, socket)
    running.slack.observers += fake.answer_observers  # what the app answers requests with
    return running


def stop_bot(running: RunningBot) -> None:
    """Stop serving and shut the app down as SIGTERM would."""
    loop = running.app.lifecycle.loop
    if loop is not None:
        # The loop check is about serving: from here on nothing is served, and the stop
        # (closing sessions, joining the executor's threads) may take a while on a busy
        # machine without anyone waiting on it.
        loop.slow_callback_duration = 1.0
    running.server.stop()
    if running.socket is not None:
        running.socket.stop()


def _overloaded() -> bool:
    """More runnable processes than twice the cores, over the last minute: then a callback
    can take 250 ms of wall time without doing anything wrong (the OS did not run it)."""
    return os.getloadavg()[0] > 2 * (os.cpu_count() or 1)


@pytest.fixture(autouse=True)
def loop_never_blocked(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test during which a callback held an app loop for 250 ms of its own doing
    (tests/support/loop_watch.py; on an overloaded machine, warn instead)."""
    loop_watch.install()
    loop_watch.WATCH.begin()
    try:
        yield
    finally:
        loop_watch.WATCH.active = False
    if request.node.get_closest_marker("blocks_loop"):
        return  # a test of this check itself
    reports = loop_watch.WATCH.reports()
    if reports and _overloaded():
        warnings.warn(
            "slow callbacks on an overloaded machine:\n" + "\n".join(reports), stacklevel=1
        )
        return
    assert reports == [], "the event loop was blocked:\n" + "\n".join(reports)


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


@pytest.fixture(params=TRANSPORTS)
def transport(request) -> str:
    """Each test that asks for it runs over HTTP and over Socket Mode."""
    return request.param


@pytest.fixture
def running_bot(fake_slack: FakeSlack, database_url: str, transport: str) -> Iterator[RunningBot]:
    running = start_bot(fake_slack, database_url, transport=transport, PMM_ORGANIZERS="U0ORGANIZ1")
    fake_slack.reset()
    try:
        yield running
    finally:
        stop_bot(running)


@pytest.fixture
def http_bot(fake_slack: FakeSlack, database_url: str) -> Iterator[RunningBot]:
    """The app over HTTP only: for what only HTTP has (signatures, paths, body limits)."""
    running = start_bot(fake_slack, database_url, PMM_ORGANIZERS="U0ORGANIZ1")
    fake_slack.reset()
    try:
        yield running
    finally:
        stop_bot(running)
