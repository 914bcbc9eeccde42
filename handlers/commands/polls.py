"""`/pmm poll` and `/pmm polls`."""

from __future__ import annotations

import asyncio

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.kit import Message, text_message
from bot.blocks.poll_blocks import POLLS_PAGE, render_open_polls
from bot.blocks.poll_form import poll_form_view
from bot.polls.options import PollOptionsError, parse_poll_args
from bot.polls.results import PollSnapshot
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.context import CommandContext
from handlers.support.poll_posting import post_new_poll

NEEDS = SlackNeeds(bot_scopes=frozenset({"chat:write", "files:write"}), interactivity=True)
POLL_USAGE = (
    "`/pmm poll` (a form), `/pmm poll [question] [for 30m|2h|1d] [public] [hidden]` or "
    "`/pmm poll aspects [title] [options]`"
)


async def handle_poll(ctx: CommandContext) -> None:
    """With nothing after it, open the poll form; else create the poll, ack at once, and
    post it to the channel right after."""
    if not ctx.args.strip() and ctx.command.get("trigger_id"):
        await ctx.ack()
        view = poll_form_view(ctx.channel_id)
        await ctx.client.views_open(trigger_id=ctx.command["trigger_id"], view=view)
        return
    try:
        request = parse_poll_args(ctx.args)
    except PollOptionsError as error:
        await ctx.reply(text_message(f"{error}\nUsage: {POLL_USAGE}"))
        return
    services = ctx.services
    poll = await asyncio.to_thread(
        services.polls.create,
        model=services.model,
        request=request,
        channel_id=ctx.channel_id,
        creator_id=ctx.user_id,
        now=services.clock.now(),
    )
    await ctx.ack()
    services.background.spawn(_post(ctx, poll))


async def _post(ctx: CommandContext, poll: PollSnapshot) -> None:
    problem = await post_new_poll(ctx.services, ctx.client, poll)
    if problem:
        await ctx.answer_later(text_message(problem))


async def handle_polls(ctx: CommandContext) -> None:
    """`/pmm polls`: the channel's open polls with links (permalinks fetched after the ack)."""
    await ctx.ack()
    ctx.services.background.spawn(list_open_polls(ctx))


async def list_open_polls(ctx: CommandContext) -> None:
    """Answer `/pmm polls` through the response_url: the first page."""
    await ctx.answer_later(await open_polls_page(ctx.services, ctx.client, ctx.channel_id, 0))


async def open_polls_page(
    services: Services, client: AsyncWebClient, channel_id: str, start: int
) -> Message:
    """The page of a channel's open polls that begins at `start`, with permalinks."""
    polls = await asyncio.to_thread(services.listings.open_in_channel, channel_id)
    start = max(0, min(start, len(polls) - 1))
    entries = []
    for poll in polls[start : start + POLLS_PAGE]:
        try:
            link = await client.chat_getPermalink(channel=channel_id, message_ts=poll.message_ts)
            entries.append((poll, link.get("permalink")))
        except SlackApiError:
            entries.append((poll, None))
    return render_open_polls(entries, start=start, total=len(polls))


def register(_app: AsyncApp, services: Services) -> None:
    """Add the poll subcommands."""
    add = services.commands.add
    add(
        "poll",
        handle_poll,
        usage='poll ["question"] [for 30m] [public] [hidden]',
        summary="post a poll: one button per level; `/pmm poll` alone opens a form with "
        "your own choices too",
        variants=(
            (
                'poll aspects ["title"] [for 1d] [public] [hidden]',
                "the five-aspect self-assessment: one row of levels per aspect",
            ),
        ),
    )
    add("polls", handle_polls, usage="polls", summary="this channel's open polls")
