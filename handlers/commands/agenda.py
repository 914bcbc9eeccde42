"""`/pmm agenda`, `/pmm agenda add <topic> [link]`, `/pmm agenda last`, `/pmm agenda remove N`."""

from __future__ import annotations

import asyncio
import re

from slack_bolt.async_app import AsyncApp

from bot.blocks.agenda_blocks import render_agenda
from bot.blocks.dates import slack_date
from bot.blocks.kit import text_message
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.context import CommandContext

NEEDS = SlackNeeds(bot_scopes=frozenset({"commands"}))
USAGE = (
    "`/pmm agenda`, `/pmm agenda add <topic> [link]`, `/pmm agenda last`, `/pmm agenda remove N`"
)
_LINK = re.compile(r"\s+<?(https?://[^\s<>|]+)>?$")  # Slack wraps a pasted link in <...>


async def handle_agenda(ctx: CommandContext) -> None:
    """Show, add to or prune the next sync's agenda; or show the last one's."""
    meetings = await asyncio.to_thread(ctx.services.meetings.primary)
    word, _, rest = ctx.args.strip().partition(" ")
    word = word.lower()
    if word == "last":
        occurrence = await asyncio.to_thread(meetings.last_meeting)
        if occurrence is None:
            await ctx.reply(text_message("No sync has taken place yet."))
            return
        items = await asyncio.to_thread(meetings.agenda.items, occurrence.original_start)
        when = slack_date(occurrence.start, zone=meetings.config.timezone)
        await ctx.reply(render_agenda(meetings.config.title, when, items, None))
        return
    occurrence = await asyncio.to_thread(meetings.next_meeting)
    if occurrence is None:
        await ctx.reply(text_message("No upcoming sync is scheduled, so there is no agenda."))
        return
    when = slack_date(occurrence.start, zone=meetings.config.timezone)
    epoch = int(occurrence.original_start.timestamp())
    agenda = meetings.agenda
    if word == "add":
        topic, link = _split_link(rest)
        if not topic:
            await ctx.reply(text_message(f"What is the topic? Usage: {USAGE}"))
            return
        entry = await asyncio.to_thread(
            agenda.add, occurrence.original_start, topic, link, by=ctx.user_id,
            now=ctx.services.clock.now(),
        )  # fmt: skip
        await ctx.reply(text_message(f"Added as item {entry.number} for the sync on {when}."))
        return
    if word == "remove":
        await ctx.reply(text_message(await _remove(ctx, occurrence.original_start, rest)))
        return
    if word:
        await ctx.reply(text_message(f"Usage: {USAGE}"))
        return
    items = await asyncio.to_thread(agenda.items, occurrence.original_start)
    await ctx.reply(render_agenda(meetings.config.title, when, items, epoch))


def _split_link(text: str) -> tuple[str, str | None]:
    found = _LINK.search(" " + text.strip())
    if found is None:
        return text.strip(), None
    return (" " + text.strip())[: found.start()].strip(), found.group(1)


async def _remove(ctx: CommandContext, occurrence, number_text: str) -> str:
    if not number_text.strip().isdigit():
        return f"Which item? For example `/pmm agenda remove 2`. Usage: {USAGE}"
    meetings = await asyncio.to_thread(ctx.services.meetings.primary)
    agenda, number = meetings.agenda, int(number_text)
    items = await asyncio.to_thread(agenda.items, occurrence)
    entry = next((e for e in items if e.number == number), None)
    if entry is None:
        return f"There is no item {number} on the agenda."
    allowed = entry.proposed_by == ctx.user_id or await ctx.services.organizers.is_organizer(
        ctx.user_id
    )
    if not allowed:
        return ctx.services.organizers.refusal("remove someone else's topic")
    await asyncio.to_thread(agenda.remove, entry)
    return f"Removed item {number}."


def register(_app: AsyncApp, services: Services) -> None:
    """Add the agenda subcommand."""
    services.commands.add(
        "agenda",
        handle_agenda,
        usage="agenda [add <topic> [link] | last | remove N]",
        summary="the next sync's agenda: anyone adds a topic",
    )
