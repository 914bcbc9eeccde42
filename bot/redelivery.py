"""Slack can deliver one request more than once: Events API retries (`X-Slack-Retry-Num`),
and the same interaction arriving twice after a network hiccup. Each request gets a key that
its repeats share; the key is claimed in the database before any listener runs, so only the
first delivery, on whichever replica, takes effect."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from bot.blocks.poll_blocks import VOTE_ACTION_PREFIX
from storage import claims_repo
from storage.database import Database

VOTE_ACTION = re.compile(rf"^{VOTE_ACTION_PREFIX}_\d+$")
# Slack stops retrying within minutes; a day of keys is plenty.
KEEP_KEYS = timedelta(days=1)


def is_vote(body: dict[str, Any]) -> bool:
    """True for a block_actions payload whose (first) action is a vote button."""
    actions = body.get("actions") if body.get("type") == "block_actions" else None
    first = actions[0] if isinstance(actions, list) and actions else None
    action_id = first.get("action_id") if isinstance(first, dict) else None
    return isinstance(action_id, str) and VOTE_ACTION.match(action_id) is not None


def request_key(body: dict[str, Any]) -> str | None:
    """The key that a request and its redeliveries share, or None when there is none.

    Events carry an `event_id` that Slack keeps across retries; a slash command or an
    interaction carries a `trigger_id` unique to one invocation (a click without one falls
    back to its `action_ts`). Vote clicks get None: they claim their key inside the vote's
    own transaction (bot/polls/voting.py), one write per click on the hottest path, and the
    claim and the vote can never come apart.
    """
    if is_vote(body):
        return None
    kind = body.get("type")
    if kind == "event_callback":
        return _key("event", body.get("event_id"))
    if body.get("command"):
        return _key("command", body.get("trigger_id"))
    if kind in ("block_actions", "view_submission", "shortcut", "message_action"):
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions else {}
        action_ts = first.get("action_ts") if isinstance(first, dict) else None
        return _key(str(kind), body.get("trigger_id") or action_ts)
    return None


def _key(kind: str, value: Any) -> str | None:
    return f"{kind}:{value}" if isinstance(value, str) and value else None


class RequestClaims:
    """Claims request keys in the `processedrequest` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def claim(self, key: str, *, now: datetime) -> bool:
        """True for the first delivery of `key`; False for every repeat, on any replica."""
        with self._db.engine.begin() as connection:
            return claims_repo.claim_request(connection=connection, key=key, now=now)

    def release(self, key: str) -> None:
        """Forget `key` after the first attempt failed, so that Slack's retry can run."""
        with self._db.engine.begin() as connection:
            claims_repo.release_request(connection=connection, key=key)

    def purge(self, *, now: datetime) -> int:
        """Drop keys older than KEEP_KEYS (run hourly)."""
        with self._db.write() as session:
            return claims_repo.purge_requests(session=session, before=now - KEEP_KEYS)
