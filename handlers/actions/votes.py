"""Vote clicks: the one vote path, for both transports and every database."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.blocks.poll_blocks import render_vote_confirmation
from bot.polls.results import VoteResult
from bot.polls.voting import Click
from bot.redelivery import VOTE_ACTION
from handlers.needs import SlackNeeds
from handlers.services import Services

log = logging.getLogger(__name__)
NEEDS = SlackNeeds(interactivity=True)
_VALUE = re.compile(r"^([0-9a-f]{8}):(\d{1,12}):(\d{1,12})$")


def read_vote_value(value: str) -> tuple[str, int, int] | None:
    """`poll:question:choice` from a vote button, or None when malformed."""
    match = _VALUE.match(value or "")
    return (match.group(1), int(match.group(2)), int(match.group(3))) if match else None


def read_click(body: dict[str, Any], now: datetime) -> Click | None:
    """The click in a vote payload, or None when its button value is malformed."""
    action = body["actions"][0]
    parsed = read_vote_value(action.get("value") or "")
    if parsed is None:
        return None
    poll_id, question_id, choice_id = parsed
    user = body["user"]["id"]
    # Slack's retries of this click carry the same key: they change nothing.
    key = f"vote:{user}:{action.get('action_ts')}:{action.get('value')}"
    return Click(poll_id, question_id, choice_id, user, key, now)


def register(app: AsyncApp, services: Services) -> None:
    """The click listener."""

    @app.action(VOTE_ACTION)
    async def handle_vote_click(ack: AsyncAck, body: dict[str, Any]) -> None:
        click = read_click(body, services.clock.now())
        # The ack comes after the vote is durable: an ack means "counted".
        result = VoteResult("unknown", "") if click is None else await services.votes.vote(click)
        await ack()
        log.info("vote %s on poll %s", result.outcome, result.poll_id)
        if result.changed:
            services.tallies.poll_changed(result.poll_id)
        if url := body.get("response_url"):
            message = {
                "response_type": "ephemeral",
                "replace_original": False,
                **render_vote_confirmation(result).as_kwargs(),
            }
            services.confirmations.post(url, message)
