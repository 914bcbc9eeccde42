"""`/pmm next`, `/pmm schedule`, `/pmm calendar` and `/pmm meeting skip|unskip|move`."""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, time

from slack_bolt.async_app import AsyncApp

from bot.blocks.agenda_blocks import add_button, agenda_lines
from bot.blocks.kit import Message, actions, section, text_message
from bot.blocks.meeting_blocks import render_calendar_help, render_next, render_schedule
from bot.blocks.meeting_notices import render_change_notice, render_superseded_reminder
from bot.meetings.service import MeetingChange, MeetingChangeError
from bot.text import quote_user_text
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.context import CommandContext

NEEDS = SlackNeeds(bot_scopes=frozenset({"chat:write", "files:write", "im:write"}))
MEETING_USAGE = (
    "`/pmm meeting skip YYYY-MM-DD`, `/pmm meeting unskip YYYY-MM-DD`, "
    "`/pmm meeting move YYYY-MM-DD HH:MM` (or `move YYYY-MM-DD YYYY-MM-DD HH:MM` to change "
    "the day too; times in the meeting's zone)"
)
_MEETING = re.compile(
    r"^(skip|unskip|move)\s+(\d{4}-\d{2}-\d{2})(?:\s+(\d{4}-\d{2}-\d{2}))?(?:\s+(\d{1,2}:\d{2}))?$"
)


async def handle_next(ctx: CommandContext) -> None:
    """`/pmm next`."""
    meetings = await asyncio.to_thread(ctx.services.meetings.primary)
    occurrence = await asyncio.to_thread(meetings.next_meeting)
    message = render_next(occurrence, meetings.config, ctx.services.clock.now())
    if occurrence is not None:
        items = await asyncio.to_thread(meetings.agenda.items, occurrence.original_start)
        epoch = int(occurrence.original_start.timestamp())
        agenda = agenda_lines(items) if items else "Nothing yet."
        extra = [section(f"*Agenda*\n{agenda}"), actions(add_button(epoch), block_id="agenda")]
        message = Message(message.text, [*message.blocks, *extra])
    await ctx.reply(message)


async def handle_schedule(ctx: CommandContext) -> None:
    """`/pmm schedule [n]` (1 to 20, default 6)."""
    count = int(ctx.args) if ctx.args.strip().isdigit() else 6
    meetings = await asyncio.to_thread(ctx.services.meetings.primary)
    upcoming = await asyncio.to_thread(meetings.upcoming, max(1, min(count, 20)))
    await ctx.reply(render_schedule(upcoming, meetings.config))


async def handle_calendar(ctx: CommandContext) -> None:
    """`/pmm calendar`: how to subscribe, and the .ics file in a DM."""
    services = ctx.services
    meetings = await asyncio.to_thread(services.meetings.primary)
    await ctx.reply(render_calendar_help(services.feed_url, meetings.config))
    services.background.spawn(send_ics(ctx))


async def send_ics(ctx: CommandContext) -> None:
    """Upload the .ics into a direct message with the user."""
    meetings = await asyncio.to_thread(ctx.services.meetings.primary)
    data = (await asyncio.to_thread(meetings.feed))[0]
    channel = (await ctx.client.conversations_open(users=ctx.user_id))["channel"]["id"]
    await ctx.client.files_upload_v2(
        channel=channel, content=data, filename="community-sync.ics", title=meetings.config.title
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise MeetingChangeError(f"{text} is not a date in the calendar: use YYYY-MM-DD.") from None


def parse_meeting_args(args: str) -> tuple[str, date, date | None, time | None]:
    """`skip 2026-03-24`, `move 2026-03-24 18:30`, `move 2026-03-24 2026-03-25 17:00`."""
    match = _MEETING.match(" ".join(args.split()).lower())
    if not match:
        raise MeetingChangeError(
            f"I can't read `{quote_user_text(args, 60)}`. Use {MEETING_USAGE}."
        )
    action, day, new_day, at = match.groups()
    parsed, parsed_new = _day(day), _day(new_day) if new_day else None
    parsed_time = None
    if at:
        try:
            parsed_time = datetime.strptime(at, "%H:%M").time()
        except ValueError:
            raise MeetingChangeError(
                f"{at} is not a time of day: use 24-hour HH:MM, from 00:00 to 23:59."
            ) from None
    if action == "move" and parsed_time is None:
        raise MeetingChangeError("Say the new time: `/pmm meeting move 2026-03-24 18:30`.")
    return action, parsed, parsed_new, parsed_time


async def handle_meeting(ctx: CommandContext) -> None:
    """`/pmm meeting skip|unskip|move ...` for organisers."""
    try:
        action, day, new_day, at = parse_meeting_args(ctx.args)
    except MeetingChangeError as error:
        await ctx.reply(text_message(str(error)))
        return
    await ctx.ack()
    ctx.services.background.spawn(change_meeting(ctx, action, day, new_day, at))


async def change_meeting(
    ctx: CommandContext, action: str, day: date, new_day: date | None, at: time | None
) -> None:
    """Apply the change, announce it, re-plan reminders, and tell the organiser."""
    meetings, user = await asyncio.to_thread(ctx.services.meetings.primary), ctx.user_id
    try:
        if action == "skip":
            change = await asyncio.to_thread(meetings.skip, day, by=user)
            text = f"Skipped the sync on {day:%A %d %B %Y}."
        elif action == "unskip":
            change = await asyncio.to_thread(meetings.unskip, day, by=user)
            text = f"The sync on {day:%A %d %B} is back at {change.after.start:%H:%M}."
        else:
            assert at is not None
            change = await asyncio.to_thread(meetings.move, day, new_day or day, at, by=user)
            text = (
                f"Moved the sync of {day:%A %d %B} to {change.after.start:%A %d %B %H:%M} "
                f"({meetings.config.timezone})."
            )
    except MeetingChangeError as error:
        await ctx.answer_later(text_message(str(error)))
        return
    await ctx.services.reminders.refresh()
    if meetings.channel:
        await announce(ctx, change)
        text += " I told the channel."
    await ctx.answer_later(text_message(text))


async def announce(ctx: CommandContext, change: MeetingChange) -> None:
    """Post the change once in the reminder channel, and edit the reminders already posted
    for that sync so that nobody acts on the old time."""
    meetings = await asyncio.to_thread(ctx.services.meetings.primary)
    channel, config = meetings.channel, meetings.config
    notice = render_change_notice(change, config)
    await ctx.client.chat_postMessage(channel=channel, **notice.as_kwargs())
    if change.kind in ("skip", "move"):
        edited = render_superseded_reminder(change, config).as_kwargs()
        for ts in await asyncio.to_thread(meetings.posted_reminders, change.before):
            await ctx.client.chat_update(channel=channel, ts=ts, **edited)


def register(_app: AsyncApp, services: Services) -> None:
    """Add the meeting subcommands."""
    add = services.commands.add
    add("next", handle_next, usage="next", summary="the next community sync, in your time zone")
    add("schedule", handle_schedule, usage="schedule [n]", summary="the next n syncs (default 6)")
    add("calendar", handle_calendar, usage="calendar", summary="subscribe to the sync calendar")
    add(
        "meeting",
        handle_meeting,
        usage="meeting skip|unskip|move YYYY-MM-DD [HH:MM]",
        summary="skip, restore or move one sync",
        organizers_only="skip or move a meeting",
    )
