"""`/pmm assess every quarter [title] [from YYYY-MM-DD HH:MM] [for 7d] [short] [public]`,
`/pmm assess schedules` and `/pmm assess unschedule <id>` (organisers)."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.assessment.rounds import QUARTERLY
from bot.assessment.schedules import Schedule
from bot.blocks.dates import slack_date
from bot.blocks.kit import Message, section, text_message
from bot.polls.options import DEFAULT_QUESTION, PollOptionsError, parse_poll_args
from bot.text import quote_title
from handlers.support.context import CommandContext

EVERY_QUARTER = re.compile(r"^every\s+quarter\b\s*", re.IGNORECASE)
FROM = re.compile(r"\bfrom\s+(\d{4}-\d{2}-\d{2})(?:\s+(\d{1,2}:\d{2}))?", re.IGNORECASE)
SHORT = re.compile(r"(^|\s)(short|quick)\s*$", re.IGNORECASE)  # an option only at the end
DEFAULT_TITLE = "Quarterly self-assessment"
USAGE = "`/pmm assess every quarter [title] [from 2027-01-12 10:00] [for 7d] [short] [public]`"


def wants_schedule(args: str) -> bool:
    """True for the schedule forms of `/pmm assess`."""
    first = args.strip().split(" ", 1)[0].lower()
    return bool(EVERY_QUARTER.match(args.strip())) or first in ("schedules", "unschedule")


async def handle_schedule(ctx: CommandContext) -> None:
    """Add, list or stop a schedule; organisers only."""
    services, args = ctx.services, ctx.args.strip()
    if not await services.organizers.is_organizer(ctx.user_id):
        await ctx.reply(text_message(services.organizers.refusal("schedule assessments")))
        return
    rounds = services.rounds
    assert rounds is not None
    word, _, rest = args.partition(" ")
    if word.lower() == "schedules":
        found = await asyncio.to_thread(rounds.schedules.active, ctx.channel_id)
        await ctx.reply(_listing(found, services.clock.now()))
        return
    if word.lower() == "unschedule":
        stopped = await asyncio.to_thread(rounds.schedules.stop, rest.strip()[:16])
        text = (
            "Stopped: no more rounds from it."
            if stopped
            else ("I have no active schedule of that id here; `/pmm assess schedules` lists them.")
        )
        await ctx.reply(text_message(text))
        return
    try:
        zone = await asyncio.to_thread(ctx.services.meetings.community_zone)
        schedule = _read(ctx, EVERY_QUARTER.sub("", args), zone)
    except ValueError as error:
        await ctx.reply(text_message(f"{error}\nUsage: {USAGE}"))
        return
    added = await asyncio.to_thread(
        rounds.schedules.add, schedule=schedule, now=services.clock.now()
    )
    await ctx.reply(_listing([added], services.clock.now(), lead="Scheduled."))
    services.background.spawn(rounds.refresh())


def _read(ctx: CommandContext, text: str, zone_info: ZoneInfo) -> Schedule:
    zone = zone_info.key
    first = FROM.search(text)
    if first:
        day = datetime.fromisoformat(first.group(1))
        clock = time.fromisoformat(first.group(2).zfill(5)) if first.group(2) else time(10, 0)
        text = text[: first.start()] + text[first.end() :]
        start = datetime.combine(day.date(), clock)
    else:  # tomorrow at 10:00 in the community's zone
        local_now = ctx.services.clock.now().astimezone(zone_info)
        start = datetime.combine(local_now.date() + timedelta(days=1), time(10, 0))
    text = text.strip()
    form = "short" if SHORT.search(text) else "full"
    text = SHORT.sub("", text)
    try:
        request = parse_poll_args(text, kinds=False)
    except PollOptionsError as error:
        raise ValueError(str(error)) from None
    title = DEFAULT_TITLE if request.title == DEFAULT_QUESTION else request.title
    return Schedule("", ctx.channel_id, title, form, request.public, request.duration,
                    QUARTERLY, zone, start, ctx.user_id)  # fmt: skip


def _listing(schedules: list[Schedule], now: datetime, lead: str = "") -> Message:
    if not schedules:
        text = "No scheduled assessments in this channel. " + USAGE
        return Message(text, [section(text)])
    blocks = [section(lead)] if lead else []
    for schedule in schedules:
        openings, after = [], now
        for _ in range(4):
            at = schedule.next_opening(after)
            if at is None:
                break
            openings.append(slack_date(at, zone=schedule.timezone))
            after = at
        lasts = f", open for {schedule.duration.days} days" if schedule.duration else ""
        sid = schedule.schedule_id
        head = f"*{quote_title(schedule.title)}* every quarter{lasts}"
        stop = f"(`{sid}`; `/pmm assess unschedule {sid}` stops it)"
        blocks.append(section(f"{head} {stop}\nNext: " + ", ".join(openings)))
    return Message(lead or "Scheduled assessments", blocks)
