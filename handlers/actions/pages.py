"""More buttons on long lists: the next page replaces the one shown."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.poll_blocks import POLLS_MORE_ACTION
from handlers.commands.polls import open_polls_page
from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(interactivity=True)


def register(app: AsyncApp, services: Services) -> None:
    """Register the More button of `/pmm polls`."""

    @app.action(POLLS_MORE_ACTION)
    async def next_polls(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        value = body["actions"][0].get("value") or "0"
        start = int(value) if value.isdigit() else 0
        channel = (body.get("channel") or {}).get("id") or ""
        services.background.spawn(_show(services, client, respond, channel, start))


async def _show(
    services: Services, client: AsyncWebClient, respond: AsyncRespond, channel: str, start: int
) -> None:
    page = await open_polls_page(services, client, channel, start)
    await respond(response_type="ephemeral", replace_original=True, **page.as_kwargs())
