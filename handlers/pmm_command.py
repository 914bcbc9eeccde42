"""`/pmm`: route the text to the registered subcommand, or answer with help."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.help_blocks import render_help
from bot.deps import Deps
from handlers.context import CommandContext
from handlers.needs import SlackNeeds

NEEDS = SlackNeeds(commands=frozenset({"/pmm"}), bot_scopes=frozenset({"commands"}))


def register(app: App, deps: Deps) -> None:
    """Register `/pmm` and the `help` subcommand."""
    deps.commands.add(
        "help", lambda ctx: ctx.reply(render_help(deps.commands)), usage="help", summary="this list"
    )

    @app.command("/pmm")
    def handle_pmm_command(
        ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        route = deps.commands.route(command.get("text") or "")
        ctx = CommandContext(route.args, command, ack, respond, client, deps)
        if route.subcommand is None:
            fallback = deps.commands.fallback
            if fallback is not None and fallback(ctx, route.word, route.args):
                return
            ctx.reply(render_help(deps.commands, unknown=route.word, suggestion=route.suggestion))
            return
        route.subcommand.handler(ctx)
