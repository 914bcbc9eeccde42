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

NEEDS = SlackNeeds(interactivity=True)
GONE_VIEW = "pmm_agenda_gone"
GONE = "That meeting is no longer in the calendar, so its agenda takes no new topics."
# A button posted before an organiser changed the series' day or hour.
CHANGED = (
    "That meeting is no longer in the calendar: its series was changed. "
    "Use `/pmm agenda` for the next one."
)
CLOSED = "The agenda of that meeting is closed, so nothing more can be added."


def register(app: AsyncApp, services: Services) -> None:
    """Register the button: the form in a modal."""

    def series_of(key: str, occurrence: datetime):
        """The series (None if deleted), whether it still has that occurrence, and whether
        that occurrence's agenda is closed."""
        series = services.meetings.get(key)
        if series is None:
            return None, False, False
        return series, series.is_occurrence(occurrence), series.agenda.is_closed(occurrence)

    @app.action(ADD_ACTION)
    async def add_topic(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        found = read_add_value(body["actions"][0].get("value") or "")
        if found is None or not body.get("trigger_id"):
            return
        key, epoch = found
        start = datetime.fromtimestamp(epoch, UTC)
        series, meets, closed = await asyncio.to_thread(series_of, key, start)
        if series is None:  # deleted since the button was posted
            view = modal(GONE_VIEW, "Add a topic", [section(GONE)])
        elif not meets:  # its day or hour changed since
            view = modal(GONE_VIEW, "Add a topic", [section(CHANGED)])
        elif closed:
            view = modal(GONE_VIEW, "Add a topic", [section(CLOSED)])
        else:
            when = slack_date(start, zone=series.config.timezone)
            view = agenda_form_view(epoch, when, series.key, series.title)
        await client.views_open(trigger_id=body["trigger_id"], view=view)
