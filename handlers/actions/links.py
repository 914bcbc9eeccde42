"""Link buttons (Join, Agenda, Add to calendar) open their URL in the browser, but Slack
still sends the click: it is acknowledged, or Slack shows a warning icon on the button."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncAck, AsyncApp

from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(interactivity=True)
LINK_ACTIONS = re.compile(r"^pmm_meeting_(join|agenda|add)$")


def register(app: AsyncApp, _services: Services) -> None:
    """Acknowledge the link buttons."""

    @app.action(LINK_ACTIONS)
    async def acknowledge_link(ack: AsyncAck) -> None:
        await ack()
