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
        self._poster: _LoopPoster | None = None
        self._lock = threading.Lock()  # guards _poster and every hop onto its loop
        self._closed = False

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Post from `loop` (the HTTP server's, already running) from now on."""
        with self._lock:
            if self._poster is None and not self._closed:
                self._poster = self._new_poster(loop)

    async def detach(self, timeout: float = 10.0) -> None:
        """On the attached loop, before it stops: from now on posts go to a loop of our own
        (work still running after the server stopped); finish what is in flight here."""
        with self._lock:
            poster, self._poster = self._poster, None
        if poster is not None:
            await poster.drain(timeout)

    def post(self, url: str, message: dict[str, Any]) -> Future:
        """Queue `message` for `url`; the future gives the HTTP status (None on failure)."""
        result: Future = Future()
        request_id = request_id_var.get()
        for _ in range(2):  # a second try only if the attached loop had stopped unannounced
            with self._lock:
                poster = self._current_poster()
                if poster is None:  # after close(): a late click during shutdown
                    log.warning("response_url post after shutdown dropped")
                    result.set_result(None)
                    return result
                try:
                    poster.start(url, message, request_id, result)
                    return result
                except RuntimeError:  # its loop is closed (a forced exit skipped detach)
                    self._poster = None
        result.set_result(None)
        return result

    def close(self, timeout: float = 10.0) -> None:
        """Let the posts already queued finish (up to `timeout` s), then stop our own loop.
        Called from a thread that is not running the loop."""
        with self._lock:
            poster, self._poster, self._closed = self._poster, None, True
        if poster is not None:
            poster.stop(timeout)

    def _current_poster(self) -> _LoopPoster | None:
        if self._poster is None and not self._closed:
            loop = asyncio.new_event_loop()
            thread = threading.Thread(
                target=_run_forever, args=(loop,), name="pmm-response-urls", daemon=True
            )
            thread.start()
            self._poster = self._new_poster(loop, thread)
        return self._poster

    def _new_poster(
        self, loop: asyncio.AbstractEventLoop, thread: threading.Thread | None = None
    ) -> _LoopPoster:
        return _LoopPoster(loop, thread, timeout=self._timeout, in_flight=self._max_in_flight)


class _LoopPoster:
    """Everything bound to one event loop: its HTTP session, its slots, its tasks."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        thread: threading.Thread | None,
        *,
        timeout: float,
        in_flight: int,
    ) -> None:
        self.loop, self.thread = loop, thread  # thread: only when the loop is our own
        self._timeout, self._in_flight = timeout, in_flight
        self._session: aiohttp.ClientSession | None = None
        self._slots: asyncio.Semaphore | None = None
        self._tasks: set[asyncio.Task] = set()
        self._retry_handlers = [
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ]

    def start(self, url: str, message: dict[str, Any], request_id: str, result: Future) -> None:
        """Start the post on this loop (directly when called on it); RuntimeError if the
        loop is closed."""
        if _current_loop() is self.loop:
            self._start_task(url, message, request_id, result)
        else:
            self.loop.call_soon_threadsafe(self._start_task, url, message, request_id, result)

    def _start_task(self, url: str, message: dict[str, Any], request_id: str, result: Future):
        task = self.loop.create_task(self._send(url, message, request_id))
        self._tasks.add(task)  # registered at once, so that a drain can never miss it
        task.add_done_callback(self._tasks.discard)
        task.add_done_callback(lambda t: result.set_result(None if t.cancelled() else t.result()))

    async def drain(self, timeout: float) -> None:
        """On this loop: wait for every post started here (up to `timeout` s), close."""
        await asyncio.sleep(0)  # posts handed over from threads just before: let them start
        deadline = self.loop.time() + timeout
        while self._tasks and self.loop.time() < deadline:
            await asyncio.wait(set(self._tasks), timeout=deadline - self.loop.time())
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    def stop(self, timeout: float) -> None:
        """From another thread: drain, then stop the loop if it is our own."""
        try:
            asyncio.run_coroutine_threadsafe(self.drain(timeout), self.loop).result(timeout + 5)
        except RuntimeError:  # an attached loop that stopped meanwhile: nothing left to run
            return
        finally:
            if self.thread is not None:
                self.loop.call_soon_threadsafe(self.loop.stop)
                self.thread.join(timeout=5)

    async def _send(self, url: str, message: dict[str, Any], request_id: str) -> int | None:
        request_id_var.set(request_id)  # this task's own context: its lines keep the id
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._in_flight)
        async with self._slots:
            if self._session is None:
                self._session = aiohttp.ClientSession(
                    timeout=aiohttp.ClientTimeout(total=self._timeout)
                )
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


def _run_forever(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.set_event_loop(loop)
    loop.run_forever()
    loop.close()


def _current_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
