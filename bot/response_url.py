"""Posting private confirmations to Slack's response_url, many at once, from one event loop.

Every vote click gets one confirmation, and each post waits a round trip to Slack (tens of
milliseconds). Posting from a pool of threads capped them at threads / round trip: with 8
threads and a 50 ms Slack, 160 a second, so at 200 clicks a second confirmations arrived tens
of seconds late (bench/run_votes.py measures this). Here one asyncio loop keeps up to
`max_in_flight` posts in the air over pooled keep-alive connections; slack_sdk's
AsyncWebhookClient does the posting and its retry handlers deal with 429 (Retry-After), 5xx
and dropped connections.

Under `serve` the loop is the HTTP server's own (`attach`), so a vote click handled on that
loop queues its confirmation without any thread hand-off; posts from worker threads hop onto
it. Without a server loop (Socket Mode, tests, after the server stopped) the client starts a
loop thread of its own on first use.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import Future
from typing import Any

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.logging_setup import request_id_var

log = logging.getLogger(__name__)


class ResponseUrlClient:
    """Thread-safe, non-blocking poster of response_url messages."""

    def __init__(self, *, timeout: float = 10.0, max_in_flight: int = 200) -> None:
        self._timeout, self._max_in_flight = timeout, max_in_flight
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None  # only when the loop is our own
        self._session: aiohttp.ClientSession | None = None
        self._slots: asyncio.Semaphore | None = None
        self._tasks: set[asyncio.Task] = set()
        self._start_lock = threading.Lock()
        self._closed = False
        self._retry_handlers = [
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ]

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Post from `loop` (the HTTP server's, already running) from now on."""
        with self._start_lock:
            if self._loop is None and not self._closed:
                self._loop = loop

    async def detach(self, timeout: float = 10.0) -> None:
        """On the attached loop, before it stops: finish what is in flight, then let later
        posts start a loop of their own (work still running after the server stopped)."""
        await self._drain(timeout)
        with self._start_lock:
            self._loop = None

    def post(self, url: str, message: dict[str, Any]) -> Future:
        """Queue `message` for `url`; the future gives the HTTP status (None on failure)."""
        loop = self._running_loop()
        if loop is None:  # after close(): a late click during shutdown
            log.warning("response_url post after shutdown dropped")
            done: Future = Future()
            done.set_result(None)
            return done
        coroutine = self._send(url, message, request_id_var.get())
        if _current_loop() is loop:  # on the serving loop already: no hop, no wake-up
            result: Future = Future()
            task = loop.create_task(coroutine)
            task.add_done_callback(
                lambda t: result.set_result(None if t.cancelled() else t.result())
            )
            return result
        return asyncio.run_coroutine_threadsafe(coroutine, loop)

    def close(self, timeout: float = 10.0) -> None:
        """Let the posts already queued finish (up to `timeout` s), then stop our own loop.
        Called from a thread that is not running the loop."""
        with self._start_lock:
            loop, self._loop, self._closed = self._loop, None, True
            thread, self._thread = self._thread, None
        if loop is None or loop.is_closed():
            return
        try:
            asyncio.run_coroutine_threadsafe(self._drain(timeout), loop).result(timeout + 5)
        except RuntimeError:  # an attached loop that stopped meanwhile: nothing left to run
            return
        finally:
            if thread is not None:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(timeout=5)

    def _running_loop(self) -> asyncio.AbstractEventLoop | None:
        with self._start_lock:
            if self._loop is None and not self._closed:
                loop = asyncio.new_event_loop()
                ready = threading.Event()
                thread = threading.Thread(
                    target=self._run, args=(loop, ready), name="pmm-response-urls", daemon=True
                )
                thread.start()
                ready.wait()
                self._loop, self._thread = loop, thread
            return self._loop

    def _run(self, loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
        asyncio.set_event_loop(loop)
        ready.set()
        loop.run_forever()
        loop.close()

    async def _send(self, url: str, message: dict[str, Any], request_id: str) -> int | None:
        request_id_var.set(request_id)  # this task's own context: its lines keep the id
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if self._slots is None:  # session and semaphore belong to the loop that made them
            self._slots = asyncio.Semaphore(self._max_in_flight)
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout)
            )
        async with self._slots:
            client = AsyncWebhookClient(
                url,
                timeout=int(self._timeout),
                session=self._session,
                retry_handlers=self._retry_handlers,
                logger=log,
            )
            try:
                response = await client.send_dict(message)
            except Exception as error:  # a lost confirmation is logged, never raised
                log.warning("response_url post failed (%s)", type(error).__name__)
                return None
        if response.status_code != 200:
            log.warning("response_url answered %s", response.status_code)
        return response.status_code

    async def _drain(self, timeout: float) -> None:
        pending = [t for t in self._tasks if t is not asyncio.current_task()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)
        session, self._session, self._slots = self._session, None, None
        if session is not None:
            await session.close()


def _current_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
