"""`/pmm assess [title] [for 7d] [public] [short]` and `/pmm assess history`."""

from __future__ import annotations

import asyncio
import re

from slack_bolt.async_app import AsyncApp

from bot.blocks.assessment_blocks import render_history
from bot.blocks.kit import text_message
from bot.polls.options import DEFAULT_QUESTION, PollOptionsError, parse_poll_args
from handlers.commands.assess_schedule import handle_schedule, wants_schedule
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.context import CommandContext
from handlers.support.poll_posting import post_new_poll

NEEDS = SlackNeeds(bot_scopes=frozenset({"chat:write", "files:write", "im:write"}))
DEFAULT_TITLE = "Platform maturity self-assessment"
USAGE = "`/pmm assess [title] [for 7d] [public] [short]` or `/pmm assess history`"
_SHORT = re.compile(r"(^|\s)(short|quick)\s*$", re.IGNORECASE)


async def handle_assess(ctx: CommandContext) -> None:
    """Post an invitation to the team self-assessment, or list the channel's series."""
    args = ctx.args.strip()
    if wants_schedule(args):
        await handle_schedule(ctx)
        return
    if args.lower() in ("history", "list", "trend"):
        await ctx.ack()
        ctx.services.background.spawn(_history(ctx))
        return
    form = "short" if _SHORT.search(args) else "full"
    args = _SHORT.sub("", args)
    try:
        request = parse_poll_args(args, kinds=False)
    except PollOptionsError as error:
        await ctx.reply(text_message(f"{error}\nUsage: {USAGE}"))
        return
    services = ctx.services
    title = DEFAULT_TITLE if request.title == DEFAULT_QUESTION else request.title
    poll = await asyncio.to_thread(
        services.assessments.create,
        title=title,
        form=form,
        duration=request.duration,
        public=request.public,
        channel_id=ctx.channel_id,
        creator_id=ctx.user_id,
        now=services.clock.now(),
    )
    await ctx.ack()
    services.background.spawn(_post(ctx, poll))


async def _post(ctx: CommandContext, poll) -> None:
    problem = await post_new_poll(ctx.services, ctx.client, poll)
    if problem:
        await ctx.answer_later(text_message(problem))


async def _history(ctx: CommandContext) -> None:
    service = ctx.services.assessments
    series = await asyncio.to_thread(service.series, ctx.channel_id)
    pictures = {}
    for poll in series[:10]:
        if not poll.is_open:
            pictures[poll.poll_id] = await asyncio.to_thread(service.team, poll.poll_id)
    await ctx.answer_later(render_history(series[:10], pictures, service.model, len(series)))


def register(_app: AsyncApp, services: Services) -> None:
    """Add the assess subcommand."""
    services.commands.add(
        "assess",
        handle_assess,
        usage="assess [title] [for 7d] [public] [short]",
        summary="the team self-assessment: everyone answers privately, the team's picture "
        "per aspect comes at the close",
        aliases=("assessment",),
        variants=(
            ("assess history", "this channel's assessments and their scores"),
            (
                "assess every quarter [title] [from 2027-01-12 10:00] [for 7d]",
                "organisers: open one by itself every quarter (`assess schedules` lists them)",
            ),
        ),
    )
