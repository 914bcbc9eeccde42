"""What a `/pmm` subcommand handler receives: the parsed arguments and Bolt's utilities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.blocks.kit import Message
from bot.deps import Deps


@dataclass
class CommandContext:
    """One `/pmm <sub> <args>` invocation."""

    args: str
    command: dict[str, Any]
    ack: Ack
    respond: Respond
    client: WebClient
    deps: Deps

    @property
    def user_id(self) -> str:
        return self.command["user_id"]

    @property
    def channel_id(self) -> str:
        return self.command["channel_id"]

    def reply(self, message: Message) -> None:
        """Answer privately in the ack itself: no extra round trip to Slack."""
        self.ack(response_type="ephemeral", **message.as_kwargs())
