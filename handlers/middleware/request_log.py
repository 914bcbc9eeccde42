"""One structured log line per Slack request: what it is and who sent it, never what they
typed (the request id it carries is set at the door, bot/app/door.py)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltRequest

from handlers.services import Services

log = logging.getLogger("pmm_bot.requests")


def describe(body: dict[str, Any]) -> tuple[str, str]:
    """(kind, name) of a request without any user-typed text: the subcommand word at most."""
    if body.get("command"):
        word = (body.get("text") or "").split(maxsplit=1)
        return "command", f"{body['command']} {word[0][:20] if word else ''}".strip()
    if body.get("type") == "block_actions":
        return "action", str(_text_at(body["actions"][0], "action_id") or "")[:60]
    if body.get("type") == "event_callback":
        return "event", str(_text_at(body, "event", "type") or "")[:60]
    if body.get("type") in ("view_submission", "view_closed"):
        return "view", str(_text_at(body, "view", "callback_id") or "")[:60]
    return "other", str(body.get("type", ""))[:60]


def _text_at(body: Any, *keys: str) -> str | None:
    """A string nested under `keys`, or None when any level is missing or of another type."""
    for key in keys:
        body = body.get(key) if isinstance(body, dict) else None
    return body if isinstance(body, str) else None


def register(app: AsyncApp, _services: Services) -> None:
    """Install the middleware."""

    @app.middleware
    async def log_request(
        req: AsyncBoltRequest, body: dict[str, Any], next: Callable[[], Awaitable[Any]]
    ) -> Any:
        kind, name = describe(body)
        user = (
            _text_at(body, "user", "id")
            or _text_at(body, "user_id")
            or _text_at(body, "event", "user")
        )
        retry = (req.headers.get("x-slack-retry-num") or [None])[0]
        log.info(
            "slack %s %s",
            kind,
            name,
            extra={"kind": kind, "action": name, "user": user, "retry": retry},
        )
        return await next()
