"""Drop repeated deliveries of a request before any listener sees them (bot/redelivery.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from bot.redelivery import request_key
from handlers.services import Services

log = logging.getLogger(__name__)
CLAIMED_KEY = "pmm_claimed_request_key"


def register(app: AsyncApp, services: Services) -> None:
    """Install the middleware. A first attempt that fails gives its key back in the error
    handler (handlers/middleware/errors.py), so that Slack's retry runs."""

    @app.middleware
    async def drop_redeliveries(
        body: dict[str, Any], context: AsyncBoltContext, next: Callable[[], Awaitable[Any]]
    ) -> Any:
        key = request_key(body)
        if key is None:
            return await next()
        try:
            first = await asyncio.to_thread(services.claims.claim, key, now=services.clock.now())
        except Exception:
            # Fail open: a rare duplicate is better than refusing every command (help and
            # model lookups included) while the database is unwell.
            log.warning("could not claim request key; handling it anyway", exc_info=True)
            return await next()
        if first:
            context[CLAIMED_KEY] = key  # only this request may give it back
            return await next()
        log.info("repeat delivery of %s dropped", key.split(":", 1)[0])
        return BoltResponse(status=200, body="")
