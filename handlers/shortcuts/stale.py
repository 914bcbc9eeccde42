"""A shortcut no listener wants (renamed or removed in a newer manifest, still cached in a
person's Slack): acked, so Slack shows no error, and logged."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds()
log = logging.getLogger(__name__)


def register(app: AsyncApp, _services: Services) -> None:
    """Register last: Bolt runs the first listener that matches."""

    @app.shortcut(re.compile(".*"))
    async def acknowledge_unknown_shortcut(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        log.info("shortcut %s: no listener for it", str(body.get("callback_id"))[:80])
