"""The Add a topic form's submission."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.blocks.agenda_blocks import FORM_VIEW, VALUE
from bot.blocks.kit import section
from bot.blocks.modals import metadata_of, modal
from bot.meetings.agenda import safe_link
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.view_state import element_state

NEEDS = SlackNeeds(interactivity=True)


def register(app: AsyncApp, services: Services) -> None:
    """Register the submission: the topic is added, the window says where it stands."""

    @app.view(FORM_VIEW)
    async def submit(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        topic = element_state(view, "topic", VALUE).get("value") or ""
        link = element_state(view, "link", VALUE).get("value") or None
        if not topic.strip():
            await ack(response_action="errors", errors={"topic": "What is the topic?"})
            return
        if link and safe_link(link) is None:
            await ack(response_action="errors", errors={"link": "A web address, https://..."})
            return
        epoch = metadata_of(view).get("occurrence")
        if not isinstance(epoch, int):
            await ack()
            return
        occurrence = datetime.fromtimestamp(epoch, UTC)
        meetings = await asyncio.to_thread(services.meetings.primary)
        entry = await asyncio.to_thread(
            meetings.agenda.add, occurrence, topic, link, by=body["user"]["id"],
            now=services.clock.now(),
        )  # fmt: skip
        done = section(f"Added as item {entry.number}. `/pmm agenda` shows the list.")
        await ack(response_action="update", view=modal(FORM_VIEW + "_done", "Added", [done]))
