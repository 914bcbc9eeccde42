"""Vote clicks. Over HTTP they are handled on the event loop (an AsyncApp, see bot/asgi.py);
over Socket Mode on a worker thread (the sync App). Both apply a click the same way."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.blocks.poll_blocks import VOTE_ACTION_PREFIX, render_vote_confirmation
from bot.deps import Deps
from bot.polls.results import VoteResult
from bot.polls.voting import Click
from handlers.needs import SlackNeeds

log = logging.getLogger(__name__)
NEEDS = SlackNeeds(interactivity=True)
VOTE_ACTION = re.compile(rf"^{VOTE_ACTION_PREFIX}_\d+$")
_VALUE = re.compile(r"^([0-9a-f]{8}):(\d{1,12}):(\d{1,12})$")


def is_vote_click(payload: dict[str, Any]) -> bool:
    """True for a block_actions payload whose (first) action is a vote button."""
    actions = payload.get("actions") if payload.get("type") == "block_actions" else None
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict):
        return False
    action_id = actions[0].get("action_id")
    return isinstance(action_id, str) and VOTE_ACTION.match(action_id) is not None


def read_vote_value(value: str) -> tuple[str, int, int] | None:
    """`poll:question:choice` from a vote button, or None when malformed."""
    match = _VALUE.match(value or "")
    return (match.group(1), int(match.group(2)), int(match.group(3))) if match else None


def read_click(deps: Deps, body: dict[str, Any]) -> Click | None:
    """The click in a vote payload, or None when its button value is malformed."""
    action = body["actions"][0]
    parsed = read_vote_value(action.get("value", ""))
    if parsed is None:
        return None
    poll_id, question_id, choice_id = parsed
    user = body["user"]["id"]
    return Click(
        poll_id=poll_id,
        question_id=question_id,
        choice_id=choice_id,
        user_id=user,
        # Slack's retries of this click carry the same key: they change nothing.
        request_key=f"vote:{user}:{action.get('action_ts')}:{action.get('value')}",
        now=deps.clock.now(),
    )


def apply_click(deps: Deps, body: dict[str, Any]) -> VoteResult:
    """Store the click in a transaction of its own."""
    click = read_click(deps, body)
    return VoteResult("unknown", "") if click is None else deps.polls.store.vote_many([click])[0]


def after_click(deps: Deps, body: dict[str, Any], result: VoteResult) -> None:
    """After the ack: note the tally change and queue the private confirmation (neither
    waits on Slack)."""
    log.info("vote %s on poll %s", result.outcome, result.poll_id)
    if result.changed:
        deps.polls.live.poll_changed(result.poll_id)
    if body.get("response_url"):
        message = {
            "response_type": "ephemeral",
            "replace_original": False,
            **render_vote_confirmation(result).as_kwargs(),
        }
        deps.response_urls.post(body["response_url"], message)


def register(app: App, deps: Deps) -> None:
    """The click listener of the sync app (Socket Mode)."""

    @app.action(VOTE_ACTION)
    def handle_vote_click(ack: Ack, body: dict[str, Any]) -> None:
        result = apply_click(deps, body)
        ack()
        after_click(deps, body, result)


def register_async(app: AsyncApp, deps: Deps) -> None:
    """The click listener of the async app (HTTP)."""
    # A SQLite vote is tens of microseconds of local work: it is written on the loop with
    # the other clicks of the same turn (bot/polls/vote_batches.py). PostgreSQL waits on the
    # network: each vote goes to a thread.
    batcher = deps.polls.batcher

    @app.action(VOTE_ACTION)
    async def handle_vote_click(ack: AsyncAck, body: dict[str, Any]) -> None:
        if batcher is None:
            result = await asyncio.to_thread(apply_click, deps, body)
        else:
            click = read_click(deps, body)
            result = VoteResult("unknown", "") if click is None else await batcher.vote(click)
        await ack()
        after_click(deps, body, result)
