"""App Home's Meetings buttons for organisers (Add a meeting, Edit, Pause, Resume, Delete:
Pause and Delete ask first, in Slack's own confirm dialog), the zone search behind the
form's two zone pickers (block_suggestion), and the form's live preview: a change of the
zone, date, time, cadence, rule or display zones redraws the form with its next meetings."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.meeting_admin import (
    ADD_ACTION,
    DELETE_ACTION,
    EARLIER_ACTION,
    EDIT_ACTION,
    MORE_ACTION,
    PAUSE_ACTION,
    RESUME_ACTION,
)
from bot.blocks.series_modal import (
    DISPATCHING,
    DISPLAY_ZONES_ACTION,
    ZONE_ACTION,
    field_action,
    message_view,
    series_view,
    zone_option,
)
from bot.meetings.catalog import SeriesChange, SeriesError
from bot.meetings.series_form import SeriesForm, form_from_config
from bot.meetings.zone_search import search_zones
from bot.text import whole_number
from handlers.events.app_home import publish_home
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.series_changes import after_series_change
from handlers.views.meeting_form import NOT_ORGANISER, editing_key, form_of

NEEDS = SlackNeeds(bot_scopes=frozenset({"chat:write"}), interactivity=True)
log = logging.getLogger(__name__)
LIVE = re.compile("^(" + "|".join(re.escape(field_action(f)) for f in DISPATCHING) + ")$")


def register(app: AsyncApp, services: Services) -> None:
    """Register the buttons, the zone search and the live preview."""

    @app.action(ADD_ACTION)
    @app.action(EDIT_ACTION)
    async def open_form(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        services.background.spawn(_open_form(services, client, body))

    @app.action(PAUSE_ACTION)
    @app.action(RESUME_ACTION)
    @app.action(DELETE_ACTION)
    async def change_series(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        services.background.spawn(_change(services, client, body))

    @app.action(MORE_ACTION)
    @app.action(EARLIER_ACTION)
    async def page(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        value = str(body["actions"][0].get("value") or "0")
        start = whole_number(value) or 0
        user = body["user"]["id"]
        services.background.spawn(publish_home(services, client, user, meetings_start=start))

    @app.options(ZONE_ACTION)
    @app.options(DISPLAY_ZONES_ACTION)
    async def suggest_zones(ack: AsyncAck, body: dict[str, Any]) -> None:
        # Off the loop: the search reads the tz database's file list, and each option's
        # offset loads its zone's file.
        query, now = str(body.get("value") or ""), services.clock.now()
        options = await asyncio.to_thread(
            lambda: [zone_option(z, now) for z in search_zones(query)]
        )
        await ack(options=options)

    @app.action(LIVE)
    async def redraw_preview(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        services.background.spawn(_redraw(services, client, body.get("view") or {}))


async def _tell(client: AsyncWebClient, body: dict[str, Any], title: str, text: str) -> None:
    """Say something in a small modal: a Home click has no channel to answer in."""
    if body.get("trigger_id"):
        await client.views_open(trigger_id=body["trigger_id"], view=message_view(title, text))


async def _open_form(services: Services, client: AsyncWebClient, body: dict[str, Any]) -> None:
    user, action = body["user"]["id"], body["actions"][0]
    if not await services.organizers.is_organizer(user):
        await _tell(client, body, "Meetings", NOT_ORGANISER)
        return
    now = services.clock.now()
    if action["action_id"] == ADD_ACTION:
        zone = await asyncio.to_thread(services.meetings.community_zone)
        form = SeriesForm(zone=zone.key)  # the community's zone to start from
        view = await asyncio.to_thread(series_view, form, now=now)
    else:
        series = await asyncio.to_thread(services.meetings.get, action.get("value") or "")
        if series is None:
            await _tell(client, body, "Meetings", "That meeting no longer exists.")
            await publish_home(services, client, user)
            return
        form = form_from_config(series.config)
        view = await asyncio.to_thread(series_view, form, now=now, editing=series.key)
    await client.views_open(trigger_id=body["trigger_id"], view=view)


async def _change(services: Services, client: AsyncWebClient, body: dict[str, Any]) -> None:
    user, action = body["user"]["id"], body["actions"][0]
    if not await services.organizers.is_organizer(user):
        await _tell(client, body, "Meetings", NOT_ORGANISER)
        return
    key, kind = action.get("value") or "", action["action_id"]
    try:
        change = await asyncio.to_thread(_apply, services, kind, key, user)
    except SeriesError as error:
        await _tell(client, body, "Meetings", str(error))
        await publish_home(services, client, user)
        return
    await after_series_change(services, client, change)


def _apply(services: Services, kind: str, key: str, user: str) -> SeriesChange:
    catalog = services.meetings
    if kind == DELETE_ACTION:
        return catalog.delete(key, by=user)
    return catalog.set_paused(key, kind == PAUSE_ACTION, by=user)


async def _redraw(services: Services, client: AsyncWebClient, view: dict[str, Any]) -> None:
    """The form again as it stands, with its preview worked out anew; `hash` makes Slack
    refuse it when the form changed meanwhile (a later change redraws it then)."""
    if not view.get("id"):
        return
    form, key = form_of(view), editing_key(view)
    fresh = await asyncio.to_thread(series_view, form, now=services.clock.now(), editing=key)
    try:
        await client.views_update(view_id=view["id"], hash=view.get("hash"), view=fresh)
    except SlackApiError as error:
        log.info("meeting form not redrawn (%s)", error.response.get("error"))
