"""`/pmm welcome preview`: an organiser sees the welcome exactly as a newcomer would."""

from __future__ import annotations

import asyncio

from slack_bolt.async_app import AsyncApp

from bot.blocks.kit import Message
from bot.blocks.welcome_blocks import render_welcome
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.context import CommandContext

NEEDS = SlackNeeds()


async def welcome_message(services: Services, channel_id: str) -> Message:
    """Exactly what a newcomer to `channel_id` receives."""
    meetings = await asyncio.to_thread(services.meetings.primary)
    next_meeting = await asyncio.to_thread(meetings.next_meeting)
    return render_welcome(
        services.welcomes.config, meetings.config, next_meeting, channel_id, services.feed_url
    )


async def handle_welcome_preview(ctx: CommandContext) -> None:
    """Show the welcome privately."""
    await ctx.reply(await welcome_message(ctx.services, ctx.channel_id))


def register(_app: AsyncApp, services: Services) -> None:
    """Add `/pmm welcome preview`."""
    services.commands.add(
        "welcome",
        handle_welcome_preview,
        usage="welcome preview",
        summary="see the welcome newcomers get",
        organizers_only="preview the welcome",
    )
