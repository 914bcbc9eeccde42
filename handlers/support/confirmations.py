"""Private confirmations posted to a request's response_url, many at once.

Every vote click gets one. Bolt's own `respond` opens a new HTTP session (a new connection)
per call; this keeps one aiohttp session with keep-alive connections for all of them, and at
most `max_in_flight` posts in the air. slack_sdk's AsyncWebhookClient does the posting and its
retry handlers deal with 429 (Retry-After), 5xx and dropped connections.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.webhook.async_client import AsyncWebhookClient

from handlers.support.background import Background

log = logging.getLogger(__name__)


class ResponsePoster:
    """Posts response_url messages without making the caller wait (on the app's loop)."""

    def __init__(
        self, background: Background, *, timeout: float = 10.0, max_in_flight: int = 200
    ) -> None:
        self._background, self._timeout = background, timeout
        self._max_in_flight = max_in_flight
        self._session: aiohttp.ClientSession | None = None
        self._slots: asyncio.Semaphore | None = None
        self._retry_handlers = [
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ]

    def post(self, url: str, message: dict[str, Any]) -> asyncio.Task:
        """Queue `message` for `url`; the task's result is the HTTP status (None on failure)."""
        return self._background.spawn(self.send(url, message))

    async def send(self, url: str, message: dict[str, Any]) -> int | None:
        """Post `message` now; the HTTP status, or None when it could not be delivered."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._max_in_flight)
        async with self._slots:
            if self._session is None or self._session.closed:
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

    async def close(self) -> None:
        """Close the HTTP session (after the background tasks have drained)."""
        if self._session is not None:
            await self._session.close()
            self._session = None
