"""Welcome people who join a community channel: once per person per channel, by DM."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlmodel import Session

from bot.blocks.kit import Message, text_message
from bot.blocks.welcome_blocks import render_welcome
from bot.deps import Deps
from bot.organizers import organizer_refusal
from handlers.context import CommandContext
from handlers.needs import SlackNeeds
from storage.meeting_queries import claim_welcome

log = logging.getLogger(__name__)

# channels:read / groups:read deliver member_joined_channel for public / private channels.
NEEDS = SlackNeeds(
    bot_events=frozenset({"member_joined_channel"}),
    bot_scopes=frozenset({"channels:read", "groups:read", "chat:write", "users:read"}),
)


def welcome_message(deps: Deps, channel_id: str) -> Message:
    """Exactly what a newcomer to `channel_id` receives."""
    feed = f"{deps.settings.public_url}/calendar.ics" if deps.settings.public_url else None
    return render_welcome(
        deps.welcome, deps.meetings.config, deps.meetings.next_meeting(), channel_id, feed
    )


def handle_welcome_preview(ctx: CommandContext) -> None:
    """`/pmm welcome preview`: an organiser sees the welcome as a newcomer would."""
    deps = ctx.deps
    if not deps.organizers.is_organizer(ctx.user_id):
        ctx.reply(text_message(organizer_refusal("preview the welcome", deps.settings)))
        return
    ctx.reply(welcome_message(deps, ctx.channel_id))


def register(app: App, deps: Deps) -> None:
    """Register the member_joined_channel listener and `/pmm welcome preview`."""
    deps.commands.add(
        "welcome",
        handle_welcome_preview,
        usage="welcome preview",
        summary="see the welcome newcomers get",
        organizers_only=True,
    )

    def welcome_newcomer(event: dict[str, Any], client: WebClient, context: dict) -> None:
        user, channel = event.get("user", ""), event.get("channel", "")
        config = deps.welcome
        if not config.enabled or channel not in config.channels:
            return
        if user == context.get("bot_user_id") or client.users_info(user=user)["user"].get("is_bot"):
            return
        with Session(deps.engine) as session, session.begin():
            first = claim_welcome(
                session=session, user_id=user, channel_id=channel, now=deps.clock.now()
            )
        if not first:
            log.info("already welcomed a member in %s", channel)
            return
        client.chat_postMessage(channel=user, **welcome_message(deps, channel).as_kwargs())
        log.info("welcomed a newcomer in %s", channel)

    def ack_only(ack: Ack) -> None:
        ack()

    app.event("member_joined_channel")(ack=ack_only, lazy=[welcome_newcomer])
