"""The Close button on a poll: its creator or an organiser closes it."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.blocks.kit import text_message
from bot.blocks.poll_blocks import CLOSE_ACTION
from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(interactivity=True)


def register(app: AsyncApp, services: Services) -> None:
    """Register the Close button."""

    @app.action(CLOSE_ACTION)
    async def handle_close_click(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond):
        await ack()
        user = body["user"]["id"]
        poll_id = (body["actions"][0].get("value") or "")[:16]
        poll = await asyncio.to_thread(services.listings.snapshot, poll_id)
        if poll is None or not poll.is_open:
            text = "This poll is already closed." if poll else "I can't find that poll."
        elif user != poll.creator_id and not await services.organizers.is_organizer(user):
            text = services.organizers.refusal("close someone else's poll")
        else:
            services.background.spawn(services.results.close(poll_id, by=user))
            return
        message = text_message(text).as_kwargs()
        services.background.spawn(
            respond(response_type="ephemeral", replace_original=False, **message)
        )
