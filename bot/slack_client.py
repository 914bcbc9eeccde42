"""The Web API client: base URL from settings and retries for rate limits, 5xx and dropped
connections, all done by slack_sdk's own retry handlers."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.settings import Settings


def build_web_client(settings: Settings, *, timeout: int = 10) -> WebClient:
    """A WebClient for the bot token that retries what Slack says is worth retrying."""
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        timeout=timeout,
        logger=logging.getLogger("pmm_bot.slack_api"),
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def build_bounded_client(client: WebClient, *, timeout: int = 5) -> WebClient:
    """The same identity with a short timeout and one retry of each kind, for calls that
    must end well within a lease: a live tally edit holds the poll's slot for 30 s, and an
    edit still in flight after that could land after the closer's final one."""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=timeout,
        logger=client.logger,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=1),
            RateLimitErrorRetryHandler(max_retry_count=1),
            ServerErrorRetryHandler(max_retry_count=1),
        ],
    )
