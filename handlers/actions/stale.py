"""Clicks no listener wants: a button on a message from an older version of the bot. Acked
(otherwise Slack shows the person an error icon), and the person told what to do."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.blocks.kit import text_message
from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(interactivity=True)
log = logging.getLogger(__name__)
STALE = "This button is from an older version of pmm-bot. Run the command again for a fresh one."


def register(app: AsyncApp, services: Services) -> None:
    """Register last: Bolt runs the first listener that matches."""

    @app.action(re.compile(".*"))
    async def acknowledge_stale_click(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond
    ) -> None:
        await ack()
        action = (body.get("actions") or [{}])[0].get("action_id", "?")
        log.info("click on %s: no listener for it (a stale button)", action[:80])
        if body.get("response_url"):
            message = text_message(STALE).as_kwargs()
            services.background.spawn(
                respond(response_type="ephemeral", replace_original=False, **message)
            )
