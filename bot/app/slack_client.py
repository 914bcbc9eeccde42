"""Web API clients: base URL from settings, retries for rate limits, 5xx and dropped
connections, all done by slack_sdk's own retry handlers."""

from __future__ import annotations

import logging

from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import Settings

LOGGER = logging.getLogger("pmm_bot.slack_api")


def build_web_client(settings: Settings, *, timeout: int = 10) -> AsyncWebClient:
    """The app's client for the bot token, retrying what Slack says is worth retrying."""
    return AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        timeout=timeout,
        logger=LOGGER,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def build_bounded_client(
    client: AsyncWebClient, *, timeout: int = 5, retries: int = 1
) -> AsyncWebClient:
    """The same identity with a short timeout and one retry of each kind, for calls that
    must end well within a lease: a live tally edit holds the poll's slot for 30 s, and an
    edit still in flight after that could land after the closer's final one."""
    return AsyncWebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=timeout,
        logger=LOGGER,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=retries),
            AsyncRateLimitErrorRetryHandler(max_retry_count=retries),
            AsyncServerErrorRetryHandler(max_retry_count=retries),
        ],
    )
