"""The Add a topic button (on the day-before reminder, `/pmm next` and `/pmm agenda`): its
value names the series and the occurrence, so the topic goes to that meeting's agenda."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.agenda_blocks import ADD_ACTION, agenda_form_view, read_add_value
from bot.blocks.dates import slack_date
from bot.blocks.kit import section
from bot.blocks.modals import modal
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.topic_target import GONE, topic_target

NEEDS = SlackNeeds(interactivity=True)
GONE_VIEW = "pmm_agenda_gone"


def register(app: AsyncApp, services: Services) -> None:
    """Register the button: the form in a modal."""

    @app.action(ADD_ACTION)
    async def add_topic(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        found = read_add_value(body["actions"][0].get("value") or "")
        if found is None or not body.get("trigger_id"):
            return
        key, epoch = found
        start = datetime.fromtimestamp(epoch, UTC)
        target = await asyncio.to_thread(topic_target, services.meetings, key, start)
        series = target.series
        if target.refusal is not None or series is None:
            view = modal(GONE_VIEW, "Add a topic", [section(target.refusal or GONE)])
        else:
            when = slack_date(start, zone=series.config.timezone)
            view = agenda_form_view(epoch, when, series.key, series.title)
        await client.views_open(trigger_id=body["trigger_id"], view=view)
