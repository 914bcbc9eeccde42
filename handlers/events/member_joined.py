"""Welcome people who join a community channel: once per person per channel, by DM."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.welcome_blocks import reader_zone
from handlers.commands.welcome import welcome_message
from handlers.needs import SlackNeeds
from handlers.services import Services

log = logging.getLogger(__name__)

NEEDS = SlackNeeds()
# Only with welcomes on. channels:read / groups:read deliver member_joined_channel for public /
# private channels; users:read tells bots from people.
NEEDS_IF = {
    "welcome": SlackNeeds(
        bot_events=frozenset({"member_joined_channel"}),
        bot_scopes=frozenset({"channels:read", "groups:read", "chat:write", "users:read"}),
    )
}


async def welcome_newcomer(
    services: Services, client: AsyncWebClient, user: str, channel: str, bot_user: str | None
) -> None:
    """Send the welcome unless this is a bot or the person was welcomed here before."""
    if user == bot_user:
        return
    person = (await client.users_info(user=user))["user"]
    if person.get("is_bot"):
        return
    now = services.clock.now()
    if not await asyncio.to_thread(services.welcomes.claim, user, channel, now=now):
        log.info("already welcomed a member in %s", channel)
        return
    message = await welcome_message(services, channel, reader_zone(person.get("tz")))
    await client.chat_postMessage(channel=user, **message.as_kwargs())
    log.info("welcomed a newcomer in %s", channel)


def register(app: AsyncApp, services: Services) -> None:
    """Register the member_joined_channel listener."""

    @app.event("member_joined_channel")
    async def handle_member_joined(
        event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        user, channel = event["user"], event["channel"]
        if services.welcomes.wanted(channel):
            work = welcome_newcomer(services, client, user, channel, context.bot_user_id)
            services.background.spawn(work)
