"""The one error handler: log with the traceback, give the request's key back so that
Slack's retry runs, and tell the user in a plain sentence."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from handlers.middleware.redelivery import CLAIMED_KEY
from handlers.services import Services

log = logging.getLogger(__name__)

SORRY = (
    "Sorry, something went wrong on our side and nothing was changed. "
    "Please try again in a moment; if it keeps happening, tell the organisers."
)


def register(app: AsyncApp, services: Services) -> None:
    """Install the global error handler."""

    @app.error
    async def handle_error(error: Exception, body: dict[str, Any], context: AsyncBoltContext):
        log.error("unhandled error in %s", body.get("command") or body.get("type"), exc_info=error)
        key = context.get(CLAIMED_KEY) if context else None
        if key is not None:
            try:
                await asyncio.to_thread(services.claims.release, key)
            except Exception:
                log.warning("could not release the request key", exc_info=True)
        url = body.get("response_url")
        if isinstance(url, str) and url:
            message = {"text": SORRY, "response_type": "ephemeral", "replace_original": False}
            services.confirmations.post(url, message)
