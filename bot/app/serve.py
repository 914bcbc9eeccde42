"""Serving the app: uvicorn on one event loop for HTTP (and /healthz in Socket Mode), the
Socket Mode connections on the same loop, and a clean stop on SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import socket
import threading
from typing import Any

import uvicorn
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.app.factory import PmmApp
from bot.settings import SettingsError, token_refused

log = logging.getLogger(__name__)


class HttpServer:
    """A uvicorn server on a socket bound at construction (port 0 picks a free one, as tests
    do), so the port is known before serving starts."""

    def __init__(self, asgi: Any, *, host: str, port: int) -> None:
        self._socket = socket.create_server((host, port), backlog=2048)
        config = uvicorn.Config(
            asgi,
            # The standard loop and the pure-Python h11 parser, pinned so that an environment
            # that happens to have uvloop or httptools behaves the same as CI.
            loop="asyncio",
            http="h11",
            lifespan="on",
            # Beyond this many connections and requests at once, a quick 503 (Slack retries)
            # rather than unbounded memory for bodies read before their signature is checked.
            limit_concurrency=1000,
            log_config=None,  # our logging setup stays in charge (bot/logging_setup.py)
            access_log=False,  # one structured line per Slack request is logged already
            server_header=False,
            timeout_graceful_shutdown=10,
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port actually bound."""
        return int(self._socket.getsockname()[1])

    @property
    def url(self) -> str:
        """http://host:port of the listening socket."""
        return f"http://{self._socket.getsockname()[0]}:{self.port}"

    @property
    def started(self) -> bool:
        """True once the app's start-up has finished and requests are served."""
        return self._server.started

    def run(self) -> None:
        """Serve until SIGTERM/SIGINT; uvicorn finishes in-flight requests first, then the
        app's stop runs (lifespan shutdown)."""
        self._server.run(sockets=[self._socket])

    def start_in_thread(self, timeout: float = 30.0) -> HttpServer:
        """Serve from a daemon thread (tests); returns once start-up has finished."""
        self._thread = threading.Thread(target=self.run, name="pmm-http", daemon=True)
        self._thread.start()
        deadline = threading.Event()
        while not self._server.started and self._thread.is_alive():
            deadline.wait(0.005)
        if not self._server.started:
            raise RuntimeError("the server did not start (see the log)")
        return self

    def stop(self) -> None:
        """Stop accepting, let running requests finish, run the app's stop."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)
        self._socket.close()


# Every request allocates thousands of short-lived objects (payload, Bolt context, HTTP
# objects); with the default first-generation threshold of 700 the collector ran many times a
# click over a heap of long-lived ones (BENCHMARKS.md). Reference counting still frees
# everything that is not in a cycle at once; only cyclic garbage waits longer.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Leave the start-up heap (imports, model, app) out of every later collection, and
    collect the young generation less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


async def check_tokens(app: PmmApp) -> None:
    """Ask Slack whether it takes our tokens and knows the configured channel names;
    SettingsError (the one-paragraph message) if not. The bot's identity is kept for Bolt
    (bot/app/identity.py)."""
    settings = app.services.settings
    try:
        await app.lifecycle.identity.load()
    except SlackApiError as error:
        raise SettingsError(token_refused("SLACK_BOT_TOKEN", error.response.get("error"))) from None
    await app.lifecycle.resolve_channels()  # a wrong channel name stops here, in words
    if settings.slack_app_token is None:
        return
    token = settings.slack_app_token.get_secret_value()
    client = AsyncWebClient(base_url=settings.slack_api_url)
    try:
        await client.apps_connections_open(app_token=token)
    except SlackApiError as error:
        raise SettingsError(token_refused("SLACK_APP_TOKEN", error.response.get("error"))) from None


def _exit_on_signal(signum: int, _frame: object) -> None:
    log.info("received %s, shutting down", signal.Signals(signum).name)
    raise SystemExit(0)


def serve(app: PmmApp) -> None:
    """Run until SIGTERM/SIGINT; then finish in-flight requests and background work."""
    settings = app.services.settings
    asyncio.run(check_tokens(app))
    tune_gc()
    http = HttpServer(app.asgi(), host=settings.host, port=settings.port)
    if settings.socket_mode:
        log.info("Socket Mode; health check at %s/healthz", http.url)
    else:
        log.info("serving Slack requests at %s/slack/events", http.url)
    # uvicorn turns SIGTERM/SIGINT into a graceful stop (in-flight requests, then the
    # app's stop); these only apply if a signal arrives before it has installed its own.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGINT, _exit_on_signal)
    http.run()
