"""The "Start a poll" shortcut: opens the poll form (submitted in handlers/views/poll_form.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.poll_form import START_POLL_SHORTCUT, poll_form_view
from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(
    bot_scopes=frozenset({"commands"}),
    interactivity=True,
    shortcuts=frozenset(
        {(START_POLL_SHORTCUT, "Start a poll", "Post a maturity, assessment or own-choice poll")}
    ),
)


def register(app: AsyncApp, _services: Services) -> None:
    """Register the shortcut."""

    @app.shortcut(START_POLL_SHORTCUT)
    async def open_form(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=poll_form_view(None))
