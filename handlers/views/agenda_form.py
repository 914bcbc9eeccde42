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
from handlers.actions.agenda import CHANGED
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.view_state import element_state

NEEDS = SlackNeeds(interactivity=True)


def register(app: AsyncApp, services: Services) -> None:
    """Register the submission: the topic is added, the window says where it stands."""

    def series_of(key: str, occurrence: datetime):
        """The series, whether it still has that occurrence, and whether there are several
        (to say which `/pmm agenda` lists it)."""
        every = services.meetings.all()
        series = next((s for s in every if s.key == key), None)
        meets = series is not None and series.is_occurrence(occurrence)
        return series, meets, len(every) > 1

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
        series, meets, several = await asyncio.to_thread(series_of, key, occurrence)
        if series is None:  # deleted while the form was open
            gone = "That meeting is no longer in the calendar."
            await ack(response_action="errors", errors={"topic": gone})
            return
        if not meets:  # its day or hour changed since the form (or its button) was made
            await ack(response_action="errors", errors={"topic": CHANGED})
            return
        try:
            entry = await asyncio.to_thread(
                series.agenda.add, occurrence, topic, link, by=body["user"]["id"],
                now=services.clock.now(),
            )  # fmt: skip
        except AgendaClosed as closed:  # an organiser closed it while the form was open
            await ack(response_action="errors", errors={"topic": str(closed)})
            return
        command = f"/pmm agenda {series.key}" if several else "/pmm agenda"
        done = section(f"Added as item {entry.number}. `{command}` shows the list.")
        await ack(response_action="update", view=modal(FORM_VIEW + "_done", "Added", [done]))
