"""`/pmm level`, `/pmm levels`, `/pmm aspect` and the buttons on their answers."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.blocks.model_blocks import (
    SHARE_ACTION,
    SHOW_LEVEL_ACTION,
    render_aspect,
    render_level,
    render_levels,
    render_unknown_aspect,
    render_unknown_level,
)
from bot.deps import Deps
from bot.maturity.names import NotALevel, resolve_aspect, resolve_level
from handlers.context import CommandContext
from handlers.needs import SlackNeeds


def handle_level(ctx: CommandContext) -> None:
    """`/pmm level <name>`: the level across the aspects, privately, with a share button."""
    model = ctx.deps.model
    result = resolve_level(model, ctx.args)
    if isinstance(result, NotALevel) or result.found is None:
        ctx.reply(render_unknown_level(model, ctx.args, result))
    else:
        ctx.reply(render_level(model, result.found, note=result.note))


def handle_aspect(ctx: CommandContext) -> None:
    """`/pmm aspect <name>`: one aspect through the levels."""
    result = resolve_aspect(ctx.deps.model, ctx.args)
    if result.found is None:
        ctx.reply(render_unknown_aspect(ctx.args, result))
    else:
        ctx.reply(render_aspect(ctx.deps.model, result.found, note=result.note))


def answer_bare_name(ctx: CommandContext, word: str, args: str) -> bool:
    """`/pmm scalable` or `/pmm adoption`: answer when the text is exactly a level or aspect."""
    text = f"{word} {args}".strip()
    level = resolve_level(ctx.deps.model, text)
    if not isinstance(level, NotALevel) and level.found and level.exact:
        ctx.reply(render_level(ctx.deps.model, level.found, note=level.note))
        return True
    aspect = resolve_aspect(ctx.deps.model, text)
    if aspect.found and aspect.exact:
        ctx.reply(render_aspect(ctx.deps.model, aspect.found))
        return True
    return False


NEEDS = SlackNeeds(interactivity=True)


def register(app: App, deps: Deps) -> None:
    """Register the lookup subcommands and the share / show-level buttons."""
    deps.commands.add(
        "level",
        handle_level,
        usage="level <name>",
        summary="a level across the five aspects (e.g. `scalable`, `L3`, `ad-hoc`)",
    )
    deps.commands.add(
        "levels",
        lambda ctx: ctx.reply(render_levels(ctx.deps.model)),
        usage="levels",
        summary="the four levels side by side",
    )
    deps.commands.add(
        "aspect",
        handle_aspect,
        usage="aspect <name>",
        summary="one aspect through the four levels (e.g. `adoption`)",
    )
    deps.commands.fallback = answer_bare_name

    def ack_only(ack: Ack) -> None:
        ack()

    def share_answer(body: dict[str, Any], respond: Respond) -> None:
        kind, _, key = body["actions"][0].get("value", "").partition(":")
        user = body["user"]["id"]
        if kind == "level" and key.isdigit():
            message = render_level(deps.model, deps.model.level(int(key)), shared_by=user)
        elif kind == "aspect":
            message = render_aspect(deps.model, deps.model.aspect(key), shared_by=user)
        else:
            return
        respond(response_type="in_channel", replace_original=False, **message.as_kwargs())

    def show_level(body: dict[str, Any], respond: Respond) -> None:
        number = int(body["actions"][0].get("value") or 0)
        level = next((lv for lv in deps.model.levels if lv.number == number), None)
        if level is not None:
            message = render_level(deps.model, level)
            respond(response_type="ephemeral", replace_original=False, **message.as_kwargs())

    # Lazy listeners: the ack returns at once, the response_url post follows in a thread.
    app.action(SHARE_ACTION)(ack=ack_only, lazy=[share_answer])
    app.action(re.compile(rf"^{SHOW_LEVEL_ACTION}_\d+$"))(ack=ack_only, lazy=[show_level])
