"""Serving the bot: waitress (a production WSGI server) for HTTP mode, Bolt's Socket Mode
handler otherwise, and a clean stop on SIGTERM/SIGINT."""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

import waitress
from waitress import wasyncore

from bot.app import Bot

log = logging.getLogger(__name__)


class HttpServer:
    """A waitress server bound to host:port (port 0 picks a free one, as tests do)."""

    def __init__(self, wsgi: Any, *, host: str, port: int, threads: int = 8) -> None:
        self._server = waitress.create_server(
            wsgi,
            host=host,
            port=port,
            threads=threads,
            ident="pmm-bot",
            clear_untrusted_proxy_headers=True,
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port actually bound."""
        return int(self._server.effective_port)

    @property
    def url(self) -> str:
        """http://host:port of the listening socket."""
        return f"http://{self._server.effective_host}:{self.port}"

    def run(self) -> None:
        """Serve until SystemExit/KeyboardInterrupt reaches this thread (the signal handler)."""
        self._server.run()

    def start_in_thread(self) -> HttpServer:
        """Serve from a daemon thread (tests and Socket Mode's health endpoint)."""
        self._thread = threading.Thread(target=self._server.run, name="pmm-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop accepting, let running requests finish, close every connection."""
        self._server.task_dispatcher.shutdown(cancel_pending=False, timeout=5)
        if self._thread is not None and self._thread.is_alive():
            # Close from inside the loop thread (woken by the trigger) so it exits at once.
            try:
                self._server.trigger.pull_trigger(lambda: wasyncore.close_all(self._server._map))
            except OSError:  # the loop already closed its trigger: close from here instead
                wasyncore.close_all(self._server._map)
            self._thread.join(timeout=5)
        else:
            wasyncore.close_all(self._server._map)


def _exit_on_signal(signum: int, _frame: object) -> None:
    log.info("received %s, shutting down", signal.Signals(signum).name)
    raise SystemExit(0)


def serve(bot: Bot) -> None:
    """Run until SIGTERM/SIGINT; then finish in-flight requests and background work."""
    settings = bot.deps.settings
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGINT, _exit_on_signal)
    http = HttpServer(
        bot.wsgi, host=settings.host, port=settings.port, threads=settings.web_threads
    )
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
