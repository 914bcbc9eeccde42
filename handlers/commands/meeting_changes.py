"""`/pmm meeting skip|unskip|move [series] YYYY-MM-DD ...` for organisers: the change, the
notice in that series' channel, the reminders already posted edited, the organiser told.

Without a series when there are several, the day decides: the one series that meets that
day, or a question naming those that do."""

from __future__ import annotations

import asyncio

from bot.blocks.kit import text_message
from bot.blocks.meeting_blocks import NO_SERIES
from bot.blocks.meeting_notices import render_change_notice, render_superseded_reminder
from bot.meetings.catalog import MeetingCatalog
from bot.meetings.series_args import MeetingArgs, parse_meeting_args
from bot.meetings.service import MeetingChange, MeetingChangeError, MeetingService
from bot.text import spoken_list
from handlers.commands.series_choice import choose, title_of
from handlers.services import Services
from handlers.support.context import CommandContext


async def handle_meeting(ctx: CommandContext) -> None:
    """`/pmm meeting skip|unskip|move ...`: read it now, change it after the ack."""
    try:
        args = parse_meeting_args(ctx.args)
    except MeetingChangeError as error:
        await ctx.reply(text_message(str(error)))
        return
    await ctx.ack()
    ctx.services.background.spawn(change_meeting(ctx, args))


def meeting_on(catalog: MeetingCatalog, args: MeetingArgs) -> tuple[list[MeetingService], bool]:
    """The series meeting on `args.day` (running ones before paused ones), and whether there
    are several series at all. With one, it is that one whatever the day (its own refusal
    then says it does not meet that day); with none, none."""
    every = catalog.all()
    if len(every) <= 1:
        return every, False
    found = [s for s in every if s.occurrence_on(args.day) is not None]
    running = [s for s in found if not s.paused]
    return running or found, True


def _which(args: MeetingArgs, candidates: list[MeetingService]) -> str:
    """The plain question when the day does not tell which series is meant."""
    day = f"{args.day:%A %d %B %Y}"
    if not candidates:
        return f"No meeting takes place on {day}. `/pmm schedule` lists the coming ones."
    named = spoken_list([f"the *{title_of(s)}* (`{s.key}`)" for s in candidates])
    named = named[0].upper() + named[1:]
    both = "both" if len(candidates) == 2 else "all"
    return f"{named} {both} meet on {day}: say which, e.g. `{args.command(candidates[0].key)}`."


async def _series_for(ctx: CommandContext, args: MeetingArgs):
    """(series, several, note) for the change, or a str: what to tell the organiser."""
    catalog = ctx.services.meetings
    if args.series:
        chosen = await choose(catalog, args.series)
        if isinstance(chosen, str):
            return chosen
        return chosen.series, chosen.several, chosen.note
    candidates, several = await asyncio.to_thread(meeting_on, catalog, args)
    if not candidates and not several:
        return NO_SERIES  # organisers deleted every series
    if len(candidates) != 1:
        return _which(args, candidates)
    return candidates[0], several, None


async def change_meeting(ctx: CommandContext, args: MeetingArgs) -> None:
    """Apply the change, announce it, re-plan reminders, and tell the organiser."""
    found = await _series_for(ctx, args)
    if isinstance(found, str):
        await ctx.answer_later(text_message(found))
        return
    series, several, note = found
    day, user = args.day, ctx.user_id
    # With several series the answer names the meeting; with one it reads as it always did.
    name = f"*{title_of(series)}*" if several else "sync"
    try:
        if args.action == "skip":
            change = await asyncio.to_thread(series.skip, day, by=user)
            text = f"Skipped the {name} on {day:%A %d %B %Y}."
        elif args.action == "unskip":
            change = await asyncio.to_thread(series.unskip, day, by=user)
            text = f"The {name} on {day:%A %d %B} is back at {change.after.start:%H:%M}."
        else:
            assert args.at is not None
            new_day = args.new_day or day
            change = await asyncio.to_thread(series.move, day, new_day, args.at, by=user)
            text = (
                f"Moved the {name} of {day:%A %d %B} to {change.after.start:%A %d %B %H:%M} "
                f"({series.config.timezone})."
            )
    except MeetingChangeError as error:
        await ctx.answer_later(text_message(f"{note} {error}" if note else str(error)))
        return
    await ctx.services.reminders.refresh()
    if series.channel:
        await announce(ctx, series, change)
        text += " I told the channel."
    await ctx.answer_later(text_message(f"{note} {text}" if note else text))


async def announce(ctx: CommandContext, series: MeetingService, change: MeetingChange) -> None:
    """Post the change once in the series' channel, and edit the reminders already posted
    for that meeting so that nobody acts on the old time."""
    channel, config = series.channel, series.config
    notice = render_change_notice(change, config)
    await ctx.client.chat_postMessage(channel=channel, **notice.as_kwargs())
    if change.kind in ("skip", "move"):
        edited = render_superseded_reminder(change, config).as_kwargs()
        for ts in await asyncio.to_thread(series.posted_reminders, change.before):
            await ctx.client.chat_update(channel=channel, ts=ts, **edited)


def register(services: Services) -> None:
    """Add `/pmm meeting` (called by handlers/commands/meetings.py, whose needs cover it)."""
    services.commands.add(
        "meeting",
        handle_meeting,
        usage="meeting skip|unskip|move [series] YYYY-MM-DD [HH:MM]",
        summary="skip, restore or move one meeting",
        organizers_only="skip or move a meeting",
    )
