"""The meeting form's submission: checked field by field (errors shown under the fields,
nothing stored), then the series added or changed, its channel told once, reminders
re-planned and the organiser's Home refreshed. A redelivered submission shares its
trigger_id with the first and is dropped before it gets here (handlers/middleware)."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.modals import metadata_of
from bot.blocks.series_modal import FORM_VIEW, field_action
from bot.meetings.catalog import SeriesChange, SeriesError
from bot.meetings.config import MeetingConfig
from bot.meetings.series_form import SeriesForm, read_series_form
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.series_changes import after_series_change
from handlers.support.view_state import element_state, selected_value

NEEDS = SlackNeeds(bot_scopes=frozenset({"chat:write"}), interactivity=True)
NOT_ORGANISER = "Only the organisers can set up or change meetings."
GONE = "That meeting no longer exists (someone deleted it)."


def form_of(view: dict[str, Any]) -> SeriesForm:
    """The form's answers out of a view's state (a submission's, or a live change's)."""

    def state(field: str) -> dict[str, Any]:
        return element_state(view, field, field_action(field))

    def picked(field: str) -> str:
        return selected_value(view, field, field_action(field))

    def typed(field: str) -> str:
        return state(field).get("value") or ""

    minutes = picked("duration")
    zones = tuple(
        o.get("value") or "" for o in state("display_zones").get("selected_options") or []
    )
    return SeriesForm(
        title=typed("title"),
        key=typed("key"),
        zone=picked("zone"),
        first_date=state("first_date").get("selected_date") or "",
        first_time=state("first_time").get("selected_time") or "",
        cadence=picked("cadence") or "weekly",
        custom_rule=typed("custom_rule"),
        duration=int(minutes) if minutes.isdigit() else 0,
        channel=state("channel").get("selected_conversation") or "",
        reminders=typed("reminders"),
        display_zones=tuple(z for z in zones if z),
        join_url=typed("join_url"),
        agenda_url=typed("agenda_url"),
    )


def editing_key(view: dict[str, Any]) -> str | None:
    """The short name of the series the form changes (None: it adds one)."""
    meta = metadata_of(view)
    key = meta.get("key") if meta.get("mode") == "edit" else None
    return key if isinstance(key, str) else None


def register(app: AsyncApp, services: Services) -> None:
    """Register the form's submission."""

    @app.view(FORM_VIEW)
    async def submit(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        user = body["user"]["id"]
        if not await services.organizers.is_organizer(user):
            await ack(response_action="errors", errors={"title": NOT_ORGANISER})
            return
        key = editing_key(view)
        every = await asyncio.to_thread(services.meetings.all)
        editing = next((s.config for s in every if s.key == key), None)
        if key is not None and editing is None:
            await ack(response_action="errors", errors={"title": GONE})
            return
        # Off the loop: reading the form expands the rule for the preview of the next five.
        config, errors = await asyncio.to_thread(
            read_series_form,
            form_of(view),
            now=services.clock.now(),
            taken=frozenset(s.key for s in every),
            editing=editing,
        )
        if config is None:
            await ack(response_action="errors", errors=errors)
            return
        try:
            change = await asyncio.to_thread(_save, services, config, key, user)
        except SeriesError as error:
            await ack(response_action="errors", errors={"title" if key else "key": str(error)})
            return
        await ack()
        services.background.spawn(after_series_change(services, client, change))


def _save(services: Services, config: MeetingConfig, key: str | None, user: str) -> SeriesChange:
    if key is None:
        return services.meetings.add(config, by=user)
    return services.meetings.edit(key, config, by=user)
