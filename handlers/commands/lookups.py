"""`/pmm level`, `/pmm levels`, `/pmm aspect`, and a bare level or aspect name."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.blocks.model_blocks import (
    render_aspect,
    render_level,
    render_levels,
    render_unknown_aspect,
    render_unknown_level,
)
from bot.maturity.names import NotALevel, resolve_aspect, resolve_level
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.context import CommandContext

NEEDS = SlackNeeds()


async def handle_level(ctx: CommandContext) -> None:
    """`/pmm level <name>`: the level across the aspects, privately, with a share button."""
    model = ctx.services.model
    result = resolve_level(model, ctx.args)
    if isinstance(result, NotALevel) or result.found is None:
        await ctx.reply(render_unknown_level(model, ctx.args, result))
    else:
        await ctx.reply(render_level(model, result.found, note=result.note))


async def handle_levels(ctx: CommandContext) -> None:
    """`/pmm levels`: the four side by side."""
    await ctx.reply(render_levels(ctx.services.model))


async def handle_aspect(ctx: CommandContext) -> None:
    """`/pmm aspect <name>`: one aspect through the levels."""
    model = ctx.services.model
    result = resolve_aspect(model, ctx.args)
    if result.found is None:
        await ctx.reply(render_unknown_aspect(ctx.args, result))
    else:
        await ctx.reply(render_aspect(model, result.found, note=result.note))


async def answer_bare_name(ctx: CommandContext, word: str, args: str) -> bool:
    """`/pmm scalable` or `/pmm adoption`: answer when the text is exactly a level or aspect."""
    text, model = f"{word} {args}".strip(), ctx.services.model
    level = resolve_level(model, text)
    if not isinstance(level, NotALevel) and level.found and level.exact:
        await ctx.reply(render_level(model, level.found, note=level.note))
        return True
    aspect = resolve_aspect(model, text)
    if aspect.found and aspect.exact:
        await ctx.reply(render_aspect(model, aspect.found))
        return True
    return False


def register(_app: AsyncApp, services: Services) -> None:
    """Add the lookup subcommands."""
    add = services.commands.add
    add(
        "level",
        handle_level,
        usage="level <name>",
        summary="a level across the five aspects (e.g. `scalable`, `L3`, `ad-hoc`)",
    )
    add("levels", handle_levels, usage="levels", summary="the four levels side by side")
    add(
        "aspect",
        handle_aspect,
        usage="aspect <name>",
        summary="one aspect through the four levels (e.g. `adoption`)",
    )
    services.commands.fallback = answer_bare_name
