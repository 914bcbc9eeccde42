"""Slack can deliver one request more than once: Events API retries (`X-Slack-Retry-Num`),
and the same interaction arriving twice after a network hiccup. Each request gets a key that
its repeats share; the key is claimed in the database before any listener runs, so only the
first delivery, on whichever replica, takes effect."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, text

from bot.blocks.poll_blocks import VOTE_ACTION_PREFIX
from storage import vote_queries

_VOTE = re.compile(rf"^{VOTE_ACTION_PREFIX}_\d+$")
_RELEASE = text("DELETE FROM processedrequest WHERE key = :key")


def request_key(body: dict[str, Any]) -> str | None:
    """The key that a request and its redeliveries share, or None when there is none.

    Events carry an `event_id` that Slack keeps across retries; a slash command or a click
    carries a `trigger_id` unique to one invocation (a click without one falls back to its
    `action_ts`). Vote clicks get None: they claim their key inside the vote's own
    transaction (PollStore.vote), one write per click on the hottest path, and the claim and
    the vote can never come apart.
    """
    if _is_vote(body):
        return None
    if body.get("type") == "event_callback":
        return _key("event", body.get("event_id"))
    if body.get("command"):
        return _key("command", body.get("trigger_id"))
    if body.get("type") in ("block_actions", "view_submission", "shortcut", "message_action"):
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions else {}
        action_ts = first.get("action_ts") if isinstance(first, dict) else None
        return _key(str(body["type"]), body.get("trigger_id") or action_ts)
    return None


def _is_vote(body: dict[str, Any]) -> bool:
    actions = body.get("actions") if body.get("type") == "block_actions" else None
    first = actions[0] if isinstance(actions, list) and actions else None
    return isinstance(first, dict) and bool(_VOTE.match(str(first.get("action_id", ""))))


def _key(kind: str, value: Any) -> str | None:
    return f"{kind}:{value}" if isinstance(value, str) and value else None


class RequestClaims:
    """Claims request keys in the `processedrequest` table (purged hourly after a day)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def claim(self, key: str, *, now: datetime) -> bool:
        """True for the first delivery of `key`; False for every repeat, on any replica."""
        with self._engine.begin() as connection:
            return vote_queries.claim_request(connection=connection, key=key, now=now)

    def release(self, key: str) -> None:
        """Forget `key` after the first attempt failed, so that Slack's retry can run."""
        with self._engine.begin() as connection:
            connection.execute(_RELEASE, {"key": key[:200]})
