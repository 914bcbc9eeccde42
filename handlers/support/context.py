"""What a `/pmm` subcommand handler receives: the parsed arguments and Bolt's utilities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.kit import Message
from handlers.services import Services


@dataclass
class CommandContext:
    """One `/pmm <sub> <args>` invocation."""

    args: str
    command: dict[str, Any]
    ack: AsyncAck
    respond: AsyncRespond
    client: AsyncWebClient
    services: Services

    @property
    def user_id(self) -> str:
        """Who typed the command."""
        return self.command["user_id"]

    @property
    def channel_id(self) -> str:
        """Where it was typed."""
        return self.command["channel_id"]

    async def reply(self, message: Message) -> None:
        """Answer privately in the ack itself: no extra round trip to Slack."""
        await self.ack(response_type="ephemeral", **message.as_kwargs())

    async def answer_later(self, message: Message) -> None:
        """Answer privately through the response_url (after the ack)."""
        await self.respond(response_type="ephemeral", **message.as_kwargs())
