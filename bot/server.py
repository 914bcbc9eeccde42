"""Serving the bot: uvicorn (an ASGI server) for HTTP mode, Bolt's Socket Mode handler
otherwise, and a clean stop on SIGTERM/SIGINT."""

from __future__ import annotations

import gc
import logging
import signal
import socket
import threading
from typing import Any

import uvicorn

from bot.app import Bot

log = logging.getLogger(__name__)


class HttpServer:
    """A uvicorn server on a socket bound at construction (port 0 picks a free one, as tests
    do), so the port is known before serving starts."""

    def __init__(self, asgi: Any, *, host: str, port: int) -> None:
        self._socket = socket.create_server((host, port), backlog=2048)
        config = uvicorn.Config(
            asgi,
            # The standard loop and the pure-Python h11 parser, pinned so that an
            # environment that happens to have uvloop or httptools behaves the same as CI:
            # with them, pmm-bot measured about 7% more clicks a second (BENCHMARKS.md).
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

    def run(self) -> None:
        """Serve until SIGTERM/SIGINT; uvicorn finishes in-flight requests first, then
        re-raises the signal (our handler turns it into SystemExit)."""
        self._server.run(sockets=[self._socket])

    def start_in_thread(self) -> HttpServer:
        """Serve from a daemon thread (tests and Socket Mode's health endpoint)."""
        self._thread = threading.Thread(target=self.run, name="pmm-http", daemon=True)
        self._thread.start()  # the socket listens already: early requests wait in its backlog
        return self

    def stop(self) -> None:
        """Stop accepting, let running requests finish, close every connection."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=15)
        self._socket.close()


def _exit_on_signal(signum: int, _frame: object) -> None:
    log.info("received %s, shutting down", signal.Signals(signum).name)
    raise SystemExit(0)


# Every click allocates a few thousand short-lived objects (payload, Bolt context, HTTP
# objects); with the default first-generation threshold of 700 the collector ran many times a
# click over a heap of long-lived ones. Measured in the closed loop: 1,301-1,450 clicks/s
# with the defaults, 1,842-1,918 with these (BENCHMARKS.md). Reference counting still frees
# everything that is not in a cycle at once; only cyclic garbage waits longer.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    """Leave the start-up heap (imports, model, app) out of every later collection, and
    collect the young generation less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def serve(bot: Bot) -> None:
    """Run until SIGTERM/SIGINT; then finish in-flight requests and background work."""
    settings = bot.deps.settings
    tune_gc()
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGINT, _exit_on_signal)
    http = HttpServer(bot.asgi(), host=settings.host, port=settings.port)
    socket_handler = None
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        socket_handler = SocketModeHandler(bot.app, settings.slack_app_token.get_secret_value())
        socket_handler.connect()
        log.info("connected over Socket Mode; health check at %s/healthz", http.url)
    else:
        log.info("serving Slack requests at %s/slack/events", http.url)
    try:
        http.run()
    finally:
        if socket_handler is not None:
            socket_handler.close()
        http.stop()
        bot.close()
        log.info("stopped")
