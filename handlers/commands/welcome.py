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


def _next_of_each(services: Services):
    """(config, next meeting) of every running series (none when none is set up or all are
    paused: the welcome then leaves the meetings out)."""
    return [(series.config, series.next_meeting()) for series in services.meetings.active()]


async def welcome_message(services: Services, channel_id: str, zone: str | None = None) -> Message:
    """Exactly what a newcomer to `channel_id` receives: the next meeting of every series
    (dates in each reader's zone; where Slack cannot render them, in `zone`, the
    newcomer's, when known)."""
    meetings = await asyncio.to_thread(_next_of_each, services)
    config = services.welcomes.config
    return render_welcome(config, meetings, channel_id, services.feed_url, zone=zone)


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
