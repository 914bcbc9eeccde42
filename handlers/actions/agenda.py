"""The Add a topic button (on the day-before reminder, `/pmm next` and `/pmm agenda`)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.agenda_blocks import ADD_ACTION, agenda_form_view
from bot.blocks.dates import slack_date
from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(interactivity=True)


def register(app: AsyncApp, services: Services) -> None:
    """Register the button: the form in a modal."""

    @app.action(ADD_ACTION)
    async def add_topic(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        value = body["actions"][0].get("value") or ""
        if not value.isdigit() or not body.get("trigger_id"):
            return
        start = datetime.fromtimestamp(int(value), UTC)
        meetings = await asyncio.to_thread(services.meetings.primary)
        when = slack_date(start, zone=meetings.config.timezone)
        view = agenda_form_view(int(value), when)
        await client.views_open(trigger_id=body["trigger_id"], view=view)
