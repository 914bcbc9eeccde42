"""Events no listener here wants (a subscription added in the Slack app's settings, a type
Slack invented later) are acknowledged: any answer but 200 and Slack retries them, and keeps
failing deliveries against the app."""

from __future__ import annotations

import re

from slack_bolt.async_app import AsyncApp

from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds()


def register(app: AsyncApp, _services: Services) -> None:
    """Register last: Bolt runs the first listener that matches."""

    @app.event(re.compile(".*"))
    async def acknowledge_unhandled_event() -> None:
        return None  # Bolt acks events for us
