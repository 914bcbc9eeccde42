"""Drop repeated deliveries of a request before any listener sees them (see bot/redelivery)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.blocks.poll_blocks import VOTE_ACTION_PREFIX
from bot.deps import Deps
from bot.redelivery import request_key
from handlers.needs import SlackNeeds

log = logging.getLogger(__name__)
NEEDS = SlackNeeds()
# Vote clicks claim their key inside the vote's own transaction (store.vote): one write
# per click on the hottest path, and the claim and the vote can never come apart.
_VOTE = re.compile(rf"^{VOTE_ACTION_PREFIX}_\d+$")


def _is_vote(body: dict[str, Any]) -> bool:
    actions = body.get("actions") if body.get("type") == "block_actions" else None
    first = actions[0] if isinstance(actions, list) and actions else None
    return isinstance(first, dict) and bool(_VOTE.match(str(first.get("action_id", ""))))


def register(app: App, deps: Deps) -> None:
    """Install the middleware; it runs after the signature check and the request log line.

    A first attempt that fails is released by the error handler (handlers/errors.py), so
    that Slack's retry of an event runs instead of being dropped.
    """
    claims = deps.request_claims

    @app.middleware
    def drop_redeliveries(body: dict[str, Any], next: Callable[[], Any]) -> Any:
        key = None if _is_vote(body) else request_key(body)
        if key is None or claims.claim(key, now=deps.clock.now()):
            return next()
        log.info("repeat delivery of %s dropped", key.split(":", 1)[0])
        return BoltResponse(status=200, body="")
