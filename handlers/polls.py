"""`/pmm poll`, `/pmm polls` and the Close button (vote clicks: handlers/vote_clicks.py)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk.errors import SlackApiError

from bot.blocks.kit import text_message
from bot.blocks.poll_blocks import (
    CLOSE_ACTION,
    render_open_polls,
    render_poll,
)
from bot.deps import Deps
from bot.organizers import organizer_refusal
from bot.polls.options import PollOptionsError, parse_poll_args
from bot.polls.results import PollSnapshot
from handlers.context import CommandContext
from handlers.needs import SlackNeeds

log = logging.getLogger(__name__)

NEEDS = SlackNeeds(bot_scopes=frozenset({"chat:write", "files:write"}), interactivity=True)
POLL_USAGE = (
    "`/pmm poll [question] [for 30m|2h|1d] [public] [hidden]` or "
    "`/pmm poll aspects [title] [options]`"
)


def handle_poll(ctx: CommandContext) -> None:
    """Create the poll, ack at once, post it to the channel right after."""
    try:
        request = parse_poll_args(ctx.args)
    except PollOptionsError as error:
        ctx.reply(text_message(f"{error}\nUsage: {POLL_USAGE}"))
        return
    deps = ctx.deps
    poll = deps.polls.store.create(
        model=deps.model,
        request=request,
        channel_id=ctx.channel_id,
        creator_id=ctx.user_id,
        now=deps.clock.now(),
    )
    ctx.ack()
    deps.later(post_poll, deps, poll, ctx.respond)


def post_poll(deps: Deps, poll: PollSnapshot, respond: Respond) -> None:
    """Post the poll message; if Slack refuses, drop the poll and say why, privately."""
    try:
        posted = deps.client.chat_postMessage(
            channel=poll.channel_id, **render_poll(poll).as_kwargs()
        )
    except SlackApiError as error:
        deps.polls.store.discard(poll.poll_id)
        reason = error.response.get("error", "")
        if reason in ("not_in_channel", "channel_not_found"):
            text = "I can't post here yet: invite me first with `/invite @pmm-bot`, then try again."
        else:
            text = f"Slack refused the poll (`{reason}`); nothing was posted."
        respond(response_type="ephemeral", **text_message(text).as_kwargs())
        return
    deps.polls.store.attach_message(poll_id=poll.poll_id, message_ts=posted["ts"])
    current = deps.polls.store.snapshot(poll.poll_id)
    if current is not None and not current.is_open:
        deps.polls.closer.publish_results(current)  # closed before Slack even answered
    else:
        if current is not None and current.voters:
            deps.polls.live.poll_changed(poll.poll_id)  # votes that beat the ts to the database
        if poll.closes_at:
            deps.polls.closer.schedule(poll.poll_id, poll.closes_at)


def handle_polls(ctx: CommandContext) -> None:
    """`/pmm polls`: the channel's open polls with links (permalinks fetched after the ack)."""
    ctx.ack()
    ctx.deps.later(list_open_polls, ctx.deps, ctx.channel_id, ctx.respond)


def list_open_polls(deps: Deps, channel_id: str, respond: Respond) -> None:
    """Answer `/pmm polls` through the response_url."""
    entries = []
    for poll in deps.polls.store.open_in_channel(channel_id)[:40]:
        try:
            link = deps.client.chat_getPermalink(channel=channel_id, message_ts=poll.message_ts)
            entries.append((poll, link.get("permalink")))
        except SlackApiError:
            entries.append((poll, None))
    respond(response_type="ephemeral", **render_open_polls(entries).as_kwargs())


def register(app: App, deps: Deps) -> None:
    """Register the poll subcommands and buttons."""
    deps.commands.add(
        "poll",
        handle_poll,
        usage="poll [question] [for 30m] [public] [hidden]",
        summary="post a poll: one button per level",
    )
    deps.commands.add("polls", handle_polls, usage="polls", summary="this channel's open polls")

    @app.action(CLOSE_ACTION)
    def handle_close_click(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        user = body["user"]["id"]
        poll = deps.polls.store.snapshot(body["actions"][0].get("value", "")[:16])
        if poll is None or not poll.is_open:
            text = "This poll is already closed." if poll else "I can't find that poll."
        elif user != poll.creator_id and not deps.organizers.is_organizer(user):
            text = organizer_refusal("close someone else's poll", deps.settings)
        else:
            deps.later(deps.polls.closer.close, poll.poll_id)
            return
        deps.later(
            respond,
            response_type="ephemeral",
            replace_original=False,
            **text_message(text).as_kwargs(),
        )
