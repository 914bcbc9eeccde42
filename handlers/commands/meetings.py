"""`/pmm next [series]`, `/pmm schedule [series] [n]`, `/pmm calendar [series]`, and the
registration of `/pmm meeting` (handlers/commands/meeting_changes.py).

With one series every answer reads as it always did; with several, an unnamed command
covers all of them and a named one (`/pmm next apac`) just that one."""

from __future__ import annotations

import asyncio

from slack_bolt.async_app import AsyncApp

from bot.blocks.agenda_blocks import CLOSED, add_button, agenda_lines
from bot.blocks.kit import Message, actions, context, section, text_message
from bot.blocks.meeting_blocks import (
    NO_SERIES,
    render_calendar_help,
    render_next,
    render_schedule,
)
from bot.blocks.series_blocks import (
    SeriesNext,
    render_calendar_feeds,
    render_combined_schedule,
    render_next_all,
)
from bot.meetings.catalog import COMBINED_NAME, MeetingCatalog
from bot.meetings.series_args import split_count
from bot.meetings.service import MeetingService
from handlers.commands import meeting_changes
from handlers.commands.series_choice import Chosen, choose, title_of
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.context import CommandContext

NEEDS = SlackNeeds(bot_scopes=frozenset({"chat:write", "files:write", "im:write"}))


def _with_note(message: Message, note: str | None) -> Message:
    return Message(message.text, [section(note), *message.blocks]) if note else message


def _paused(series: MeetingService, what: str) -> Message:
    title = title_of(series)
    return text_message(f"The *{title}* is paused: {what} until an organiser resumes it.")


def _every_or_only(catalog: MeetingCatalog) -> Chosen | list[MeetingService] | None:
    """Every series when there are several; else the one, as if it was named; None when
    none is set up."""
    every = catalog.all()
    if len(every) > 1:
        return every
    return Chosen(every[0], None, False) if every else None


async def _target(ctx: CommandContext, name: str) -> Chosen | list[MeetingService] | None:
    """The series `name` means, or (no name) every series or the only one; None once the
    person was told there is no such meeting (or none at all)."""
    if not name:
        found = await asyncio.to_thread(_every_or_only, ctx.services.meetings)
        if found is None:
            await ctx.reply(text_message(NO_SERIES))
        return found
    chosen = await choose(ctx.services.meetings, name)
    if isinstance(chosen, str):
        await ctx.reply(text_message(chosen))
        return None
    return chosen


async def handle_next(ctx: CommandContext) -> None:
    """`/pmm next [series]`: one series' next meeting with its agenda, or each series'."""
    chosen = await _target(ctx, ctx.args.strip())
    if isinstance(chosen, list):
        entries = await asyncio.to_thread(_next_of_each, chosen)
        await ctx.reply(render_next_all(entries, ctx.services.clock.now()))
    elif chosen is not None:
        await ctx.reply(_with_note(await _next_of(ctx, chosen), chosen.note))


def _next_of_each(every: list[MeetingService]) -> list[SeriesNext]:
    entries = []
    for series in every:
        occurrence = None if series.paused else series.next_meeting()
        topics, closed = 0, False
        if occurrence is not None:
            items, closed = series.agenda.page(occurrence.original_start)
            topics = len(items)
        entries.append(SeriesNext(series.config, series.paused, occurrence, topics, closed))
    return entries


async def _next_of(ctx: CommandContext, chosen: Chosen) -> Message:
    series = chosen.series
    if series.paused:
        return _paused(series, "no meetings")
    occurrence = await asyncio.to_thread(series.next_meeting)
    if occurrence is None and chosen.several:
        return text_message(f"No upcoming *{title_of(series)}* is scheduled.")
    message = render_next(occurrence, series.config, ctx.services.clock.now())
    if occurrence is None:
        return message
    items, closed = await asyncio.to_thread(series.agenda.page, occurrence.original_start)
    agenda = agenda_lines(items) if items else "Nothing yet."
    extra = [section(f"*Agenda*\n{agenda}")]
    if closed:
        extra.append(context(CLOSED))
    else:
        button = add_button(int(occurrence.original_start.timestamp()), series.key)
        extra.append(actions(button, block_id="agenda"))
    return Message(message.text, [*message.blocks, *extra])


async def handle_schedule(ctx: CommandContext) -> None:
    """`/pmm schedule [series] [n]` (n from 1 to 20, default 6): one series' next meetings,
    or every series' in one list in time order."""
    name, count = split_count(ctx.args)
    chosen = await _target(ctx, name)
    if chosen is None:
        return
    if isinstance(chosen, list):
        items = await asyncio.to_thread(_upcoming_of_each, chosen, count)
        paused = [series.config for series in chosen if series.paused]
        await ctx.reply(render_combined_schedule(items, count, paused))
        return
    if chosen.series.paused:
        await ctx.reply(_with_note(_paused(chosen.series, "nothing is planned"), chosen.note))
        return
    upcoming = await asyncio.to_thread(chosen.series.upcoming, count)
    await ctx.reply(_with_note(render_schedule(upcoming, chosen.series.config), chosen.note))


def _upcoming_of_each(every: list[MeetingService], count: int):
    return [(s.config, o) for s in every if not s.paused for o in s.upcoming(count)]


async def handle_calendar(ctx: CommandContext) -> None:
    """`/pmm calendar [series]`: how to subscribe (every meeting's feed and each one's), and
    the .ics of the named series, or of all of them, in a DM."""
    services = ctx.services
    chosen = await _target(ctx, ctx.args.strip())
    if chosen is None:
        return
    if isinstance(chosen, list):
        feeds = [(series.config, services.series_feed_url(series.key)) for series in chosen]
        await ctx.reply(render_calendar_feeds(services.feed_url, feeds))
        services.background.spawn(send_ics(ctx, None, COMBINED_NAME, "community-meetings.ics"))
        return
    series = chosen.series
    if chosen.several:
        url, combined = services.series_feed_url(series.key), services.feed_url
        message = render_calendar_help(url, series.config, combined_url=combined)
        services.background.spawn(send_ics(ctx, series.key, series.title, f"{series.key}.ics"))
    else:
        message = render_calendar_help(services.feed_url, series.config)
        services.background.spawn(send_ics(ctx, None, series.title, "community-sync.ics"))
    await ctx.reply(_with_note(message, chosen.note))


async def send_ics(ctx: CommandContext, key: str | None, title: str, filename: str) -> None:
    """Upload the .ics of series `key` (None: every series) into a DM with the user."""
    feed = await asyncio.to_thread(ctx.services.meetings.feed, key)
    if feed is None:
        return  # deleted since the answer: the answer said how to subscribe, that stays true
    channel = (await ctx.client.conversations_open(users=ctx.user_id))["channel"]["id"]
    await ctx.client.files_upload_v2(
        channel=channel, content=feed[0], filename=filename, title=title
    )


def register(_app: AsyncApp, services: Services) -> None:
    """Add the meeting subcommands."""
    add = services.commands.add
    add(
        "next",
        handle_next,
        usage="next [series]",
        summary="the next meeting in your time zone (of each series, or the one named)",
    )
    add(
        "schedule",
        handle_schedule,
        usage="schedule [series] [n]",
        summary="the next n meetings (default 6), every series in time order",
    )
    add(
        "calendar",
        handle_calendar,
        usage="calendar [series]",
        summary="subscribe to the meetings' calendar",
    )
    meeting_changes.register(services)
