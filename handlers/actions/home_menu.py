"""The organisers' part of App Home: each poll's menu (export to my DM, or close after a
confirmation modal) and the pages of the poll list."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.home_blocks import HOME_PAGE_ACTION, HOME_POLL_ACTION
from bot.blocks.modals import close_poll_view
from handlers.commands.exports import send_export
from handlers.events.app_home import publish_home
from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(interactivity=True)


def register(app: AsyncApp, services: Services) -> None:
    """Register the menu."""

    @app.action(HOME_POLL_ACTION)
    async def act_on_poll(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        services.background.spawn(_act(services, client, body))

    @app.action(HOME_PAGE_ACTION)
    async def turn_page(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        value = body["actions"][0].get("value") or "0"
        start = int(value) if value.isdigit() else 0
        services.background.spawn(publish_home(services, client, body["user"]["id"], start))


async def _act(services: Services, client: AsyncWebClient, body: dict[str, Any]) -> None:
    user = body["user"]["id"]
    if not await services.organizers.is_organizer(user):
        return  # the menu is only shown to organisers; ignore forged clicks
    selected = body["actions"][0].get("selected_option") or {}
    action, _, poll_id = (selected.get("value") or "").partition(":")
    if action == "close":
        poll = await asyncio.to_thread(services.listings.snapshot, poll_id[:16])
        if poll is not None and poll.is_open and body.get("trigger_id"):
            await client.views_open(trigger_id=body["trigger_id"], view=close_poll_view(poll))
            return  # closed when the modal is submitted
    elif action in ("export-csv", "export-json"):
        await send_export(services, client, user, poll_id, action.removeprefix("export-"))
    await publish_home(services, client, user)
