"""The "Close poll" confirmation modal from App Home: close it, then refresh the Home tab."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.kit import section
from bot.blocks.modals import CLOSE_POLL_VIEW, metadata_of, modal
from handlers.events.app_home import publish_home
from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(interactivity=True)


def register(app: AsyncApp, services: Services) -> None:
    """Register the submission of the close confirmation."""

    @app.view(CLOSE_POLL_VIEW)
    async def confirm_close(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        user = body["user"]["id"]
        poll_id = str(metadata_of(body["view"]).get("poll", ""))[:16]
        poll = await asyncio.to_thread(services.listings.snapshot, poll_id)
        allowed = poll is not None and (
            user == poll.creator_id or await services.organizers.is_organizer(user)
        )
        if poll is None or not poll.is_open or not allowed:
            if poll is None:
                text = "I can't find that poll any more."
            elif not poll.is_open:
                text = "This poll was already closed."
            else:
                text = services.organizers.refusal("close someone else's poll")
            view = modal(CLOSE_POLL_VIEW, "Close poll", [section(text)])
            await ack(response_action="update", view=view)
            return
        await ack()
        services.background.spawn(_close(services, client, poll_id, user))


async def _close(services: Services, client: AsyncWebClient, poll_id: str, user: str) -> None:
    await services.results.close(poll_id, by=user)
    await publish_home(services, client, user)
