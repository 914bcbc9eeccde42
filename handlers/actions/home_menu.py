"""The organisers' menu on each poll in App Home: export to my DM, or close."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.home_blocks import HOME_POLL_ACTION
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


async def _act(services: Services, client: AsyncWebClient, body: dict[str, Any]) -> None:
    user = body["user"]["id"]
    if not await services.organizers.is_organizer(user):
        return  # the menu is only shown to organisers; ignore forged clicks
    selected = body["actions"][0].get("selected_option") or {}
    action, _, poll_id = (selected.get("value") or "").partition(":")
    if action == "close":
        await services.results.close(poll_id)
    elif action in ("export-csv", "export-json"):
        await send_export(services, client, user, poll_id, action.removeprefix("export-"))
    await publish_home(services, client, user)
