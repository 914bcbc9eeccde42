"""`/pmm agenda [series] [add <topic> [link] | last | remove N]`.

The series word is optional and taken only when it is exactly a series id (topics are free
text: `/pmm agenda add apac tooling` adds a topic). With one series everything reads as it
always did; with several and none named, handlers/commands/agenda_across.py answers."""

from __future__ import annotations

import asyncio

from slack_bolt.async_app import AsyncApp

from bot.blocks.agenda_blocks import render_agenda
from bot.blocks.dates import slack_date
from bot.blocks.kit import Message, text_message
from bot.blocks.meeting_blocks import NO_SERIES
from bot.meetings.series_args import split_series_word
from bot.meetings.service import MeetingService
from handlers.commands import agenda_across
from handlers.commands.agenda_items import (
    KEYWORDS,
    ORGANISER_WORDS,
    USAGE,
    add_topic,
    organise,
    remove_item,
)
from handlers.commands.series_choice import title_of
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.context import CommandContext

NEEDS = SlackNeeds(bot_scopes=frozenset({"commands"}))


async def handle_agenda(ctx: CommandContext) -> None:
    """Show, add to or prune a meeting's next agenda; or show the last one's."""
    catalog = ctx.services.meetings
    every = await asyncio.to_thread(catalog.all)
    keys = {s.key for s in every}
    key, args = split_series_word(ctx.args, keys, KEYWORDS)
    word, _, rest = args.partition(" ")
    word, several = word.lower(), len(every) > 1
    if word == "add" and not key and " " in rest.strip():
        # `/pmm agenda add apac <topic>` names the series after `add` too (an id followed by
        # a topic; a topic of one word is a topic).
        key, rest = split_series_word(rest, keys, KEYWORDS)
    if not every:
        await ctx.reply(text_message(NO_SERIES))
        return
    if key or not several:
        series = next((s for s in every if s.key == key), every[0])
        await ctx.reply(await _one(ctx, series, word, rest, several))
        return
    if word in ORGANISER_WORDS:
        keys = ", ".join(f"`{s.key}`" for s in every)
        await ctx.reply(
            text_message(f"Say which meeting's agenda, e.g. `/pmm agenda {every[0].key} "
                         f"{word}{' ' + rest if rest else ''}` (the meetings: {keys}).")
        )  # fmt: skip
        return
    await agenda_across.answer(ctx, every, word, rest)


async def _one(
    ctx: CommandContext, series: MeetingService, word: str, rest: str, several: bool
) -> Message:
    """The answer about one series' agenda (`several`: name the meeting in it)."""
    sync = f"*{title_of(series)}*" if several else "sync"
    zone = series.config.timezone
    if word == "last":
        occurrence = await asyncio.to_thread(series.last_meeting)
        if occurrence is None:
            return text_message(f"No {sync} has taken place yet.")
        items = await asyncio.to_thread(series.agenda.items, occurrence.original_start)
        when = slack_date(occurrence.start, zone=zone)
        return render_agenda(series.title, when, items, None, series.key, named=several)
    if word and word not in KEYWORDS:
        return text_message(f"Usage: {USAGE}")
    if series.paused:
        return text_message(f"The *{title_of(series)}* is paused, so there is no agenda.")
    occurrence = await asyncio.to_thread(series.next_meeting)
    if occurrence is None:
        return text_message(f"No upcoming {sync} is scheduled, so there is no agenda.")
    when = slack_date(occurrence.start, zone=zone)
    if word == "add":
        return text_message(await add_topic(ctx, series, occurrence, rest, sync))
    if word == "remove":
        items = await asyncio.to_thread(series.agenda.items, occurrence.original_start)
        return text_message(await remove_item(ctx, series, items, rest))
    lead = None
    if word in ORGANISER_WORDS:
        lead = await organise(ctx, series, occurrence, word, rest)
    items, closed = await asyncio.to_thread(series.agenda.page, occurrence.original_start)
    epoch = int(occurrence.original_start.timestamp())
    return render_agenda(
        series.title, when, items, epoch, series.key, named=several, closed=closed, lead=lead
    )


def register(_app: AsyncApp, services: Services) -> None:
    """Add the agenda subcommand."""
    services.commands.add(
        "agenda",
        handle_agenda,
        usage="agenda [series] [add <topic> [link] | last | remove N | move N M | close]",
        summary="the next meeting's agenda: anyone adds a topic",
    )
