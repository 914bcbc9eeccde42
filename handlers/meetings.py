"""`/pmm next`, `/pmm schedule`, `/pmm calendar`, `/pmm meeting ...` and GET /calendar.ics."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from typing import Any

from slack_bolt import App, Respond

from bot.blocks.kit import text_message
from bot.blocks.meeting_blocks import (
    render_calendar_help,
    render_next,
    render_schedule,
)
from bot.deps import Deps
from bot.http_cache import conditional_get
from bot.meetings.service import MeetingChangeError
from bot.organizers import organizer_refusal
from bot.text import quote_user_text
from handlers.context import CommandContext
from handlers.needs import SlackNeeds

NEEDS = SlackNeeds(bot_scopes=frozenset({"chat:write", "files:write", "im:write"}))
MEETING_USAGE = (
    "`/pmm meeting skip YYYY-MM-DD`, `/pmm meeting unskip YYYY-MM-DD`, "
    "`/pmm meeting move YYYY-MM-DD HH:MM` (or `move YYYY-MM-DD YYYY-MM-DD HH:MM` to change "
    "the day too; times in the meeting's zone)"
)
_MEETING = re.compile(
    r"^(skip|unskip|move)\s+(\d{4}-\d{2}-\d{2})(?:\s+(\d{4}-\d{2}-\d{2}))?(?:\s+(\d{1,2}:\d{2}))?$"
)


def handle_next(ctx: CommandContext) -> None:
    """`/pmm next`."""
    meetings = ctx.deps.meetings
    ctx.reply(render_next(meetings.next_meeting(), meetings.config, ctx.deps.clock.now()))


def handle_schedule(ctx: CommandContext) -> None:
    """`/pmm schedule [n]` (1 to 20, default 6)."""
    count = int(ctx.args) if ctx.args.strip().isdigit() else 6
    meetings = ctx.deps.meetings
    ctx.reply(render_schedule(meetings.upcoming(max(1, min(count, 20))), meetings.config))


def handle_calendar(ctx: CommandContext) -> None:
    """`/pmm calendar`: how to subscribe, and the .ics file in a DM."""
    deps = ctx.deps
    feed_url = f"{deps.settings.public_url}/calendar.ics" if deps.settings.public_url else None
    ctx.reply(render_calendar_help(feed_url, deps.meetings.config))
    deps.later(send_ics, deps, ctx.user_id)


def send_ics(deps: Deps, user_id: str) -> None:
    """Upload the .ics into a direct message with the user."""
    channel = deps.client.conversations_open(users=user_id)["channel"]["id"]
    deps.client.files_upload_v2(
        channel=channel,
        content=deps.meetings.calendar().to_ical(),
        filename="community-sync.ics",
        title=deps.meetings.config.title,
    )


def parse_meeting_args(args: str) -> tuple[str, date, date | None, time | None]:
    """`skip 2026-03-24`, `move 2026-03-24 18:30`, `move 2026-03-24 2026-03-25 17:00`."""
    match = _MEETING.match(" ".join(args.split()).lower())
    if not match:
        raise MeetingChangeError(
            f"I can't read `{quote_user_text(args, 60)}`. Use {MEETING_USAGE}."
        )
    action, day, new_day, at = match.groups()
    try:
        parsed = date.fromisoformat(day)
        parsed_new = date.fromisoformat(new_day) if new_day else None
        parsed_time = datetime.strptime(at, "%H:%M").time() if at else None
    except ValueError as error:
        raise MeetingChangeError(f"That date or time doesn't exist ({error}).") from None
    if action == "move" and parsed_time is None:
        raise MeetingChangeError("Say the new time: `/pmm meeting move 2026-03-24 18:30`.")
    return action, parsed, parsed_new, parsed_time


def handle_meeting(ctx: CommandContext) -> None:
    """`/pmm meeting skip|unskip|move ...` for organisers."""
    deps = ctx.deps
    if not deps.organizers.is_organizer(ctx.user_id):
        ctx.reply(text_message(organizer_refusal("skip or move a meeting", deps.settings)))
        return
    try:
        action, day, new_day, at = parse_meeting_args(ctx.args)
    except MeetingChangeError as error:
        ctx.reply(text_message(str(error)))
        return
    ctx.ack()
    deps.later(change_meeting, deps, ctx.user_id, action, day, new_day, at, ctx.respond)


def change_meeting(
    deps: Deps,
    user: str,
    action: str,
    day: date,
    new_day: date | None,
    at: time | None,
    respond: Respond,
) -> None:
    """Apply the change (the skip notice is a Web API call, so this runs after the ack)."""
    meetings = deps.meetings
    try:
        if action == "skip":
            meetings.skip(day, by=user)
            text = f"Skipped the sync on {day:%A %d %B %Y}; I posted a notice."
        elif action == "unskip":
            occurrence = meetings.unskip(day, by=user)
            text = f"The sync on {day:%A %d %B} is back at {occurrence.start:%H:%M}."
        else:
            occurrence = meetings.move(day, new_day or day, at, by=user)  # type: ignore[arg-type]
            text = (
                f"Moved the sync of {day:%A %d %B} to {occurrence.start:%A %d %B %H:%M} "
                f"({meetings.config.timezone})."
            )
    except MeetingChangeError as error:
        text = str(error)
    respond(response_type="ephemeral", **text_message(text).as_kwargs())


def calendar_feed(deps: Deps) -> Callable[[dict[str, Any], Callable], Iterable[bytes]]:
    """The WSGI endpoint for GET /calendar.ics."""

    def serve(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        data, changed_at = deps.meetings.feed()
        status, validators, body = conditional_get(
            data,
            changed_at,
            if_none_match=environ.get("HTTP_IF_NONE_MATCH"),
            if_modified_since=environ.get("HTTP_IF_MODIFIED_SINCE"),
        )
        headers = [
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Disposition", 'inline; filename="community-sync.ics"'),
            ("Cache-Control", "max-age=300"),
            *validators.items(),
        ]
        if status == 200:
            headers.append(("Content-Length", str(len(body))))
        start_response("200 OK" if status == 200 else "304 Not Modified", headers)
        return [body]

    return serve


def register(_app: App, deps: Deps) -> None:
    """Register the meeting subcommands and the calendar feed route."""
    add = deps.commands.add
    add("next", handle_next, usage="next", summary="the next community sync, in your time zone")
    add("schedule", handle_schedule, usage="schedule [n]", summary="the next n syncs (default 6)")
    add("calendar", handle_calendar, usage="calendar", summary="subscribe to the sync calendar")
    add(
        "meeting",
        handle_meeting,
        usage="meeting skip|unskip|move YYYY-MM-DD [HH:MM]",
        summary="skip, restore or move one sync",
        organizers_only=True,
    )
    deps.http_routes[("GET", "/calendar.ics")] = calendar_feed(deps)
    deps.http_routes[("HEAD", "/calendar.ics")] = calendar_feed(deps)
