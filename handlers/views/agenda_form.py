"""The Add a topic form's submission: the topic goes to the agenda of the series and the
occurrence the form was opened for (a form opened before there were several series has no
series: the default one's)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.blocks.agenda_blocks import FORM_VIEW, VALUE
from bot.blocks.kit import section
from bot.blocks.modals import metadata_of, modal
from bot.meetings.agenda import AgendaClosed, safe_link
from bot.meetings.config import DEFAULT_ID
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.topic_target import GONE, topic_target
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
        meta = metadata_of(view)
        epoch, key = meta.get("occurrence"), meta.get("series", DEFAULT_ID)
        if not isinstance(epoch, int) or not isinstance(key, str):
            await ack()
            return
        occurrence = datetime.fromtimestamp(epoch, UTC)
        target = await asyncio.to_thread(topic_target, services.meetings, key, occurrence)
        series = target.series
        if target.refusal is not None or series is None:  # changed while the form was open
            await ack(response_action="errors", errors={"topic": target.refusal or GONE})
            return
        try:
            entry = await asyncio.to_thread(
                series.agenda.add, occurrence, topic, link, by=body["user"]["id"],
                now=services.clock.now(),
            )  # fmt: skip
        except AgendaClosed as closed:  # an organiser closed it while the form was open
            await ack(response_action="errors", errors={"topic": str(closed)})
            return
        command = f"/pmm agenda {series.key}" if target.several else "/pmm agenda"
        done = section(f"Added as item {entry.number}. `{command}` shows the list.")
        await ack(response_action="update", view=modal(FORM_VIEW + "_done", "Added", [done]))
