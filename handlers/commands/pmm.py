"""`/pmm`: route the text to the registered subcommand, or answer with help. Organiser-only
subcommands are checked here, once, for all of them."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.help_blocks import render_help
from bot.blocks.kit import text_message
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.context import CommandContext

NEEDS = SlackNeeds(commands=frozenset({"/pmm"}), bot_scopes=frozenset({"commands"}))
# The organiser check (organizers_only subcommands) asks for the group's members.
NEEDS_IF = {"organizer_group": SlackNeeds(bot_scopes=frozenset({"usergroups:read"}))}


def register(app: AsyncApp, services: Services) -> None:
    """Register `/pmm` and the `help` subcommand."""
    router = services.commands

    def series_keys() -> tuple[str, ...]:
        return tuple(series.key for series in services.meetings.all())

    async def show_help(ctx: CommandContext) -> None:
        # With several meeting series, help says how to name one (`[series]`).
        await ctx.reply(render_help(router, series=await asyncio.to_thread(series_keys)))

    router.add("help", show_help, usage="help", summary="this list")

    @app.command("/pmm")
    async def handle_pmm_command(
        ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        route = router.route(command.get("text") or "")
        ctx = CommandContext(route.args, command, ack, respond, client, services)
        entry = route.subcommand
        if entry is None:
            if router.fallback is not None and await router.fallback(ctx, route.word, route.args):
                return
            await ctx.reply(render_help(router, unknown=route.word, suggestion=route.suggestion))
            return
        if entry.organizers_only and not await services.organizers.is_organizer(ctx.user_id):
            await ctx.reply(text_message(services.organizers.refusal(entry.organizers_only)))
            return
        await entry.handler(ctx)
