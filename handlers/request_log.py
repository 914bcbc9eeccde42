"""One structured log line per Slack request (over HTTP the request id is set in bot/web.py
and bot/asgi.py)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt import App, BoltRequest
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.deps import Deps
from bot.logging_setup import request_id_var
from handlers.needs import SlackNeeds

log = logging.getLogger("pmm_bot.requests")
NEEDS = SlackNeeds()


def describe(body: dict[str, Any]) -> tuple[str, str]:
    """(kind, name) of a request without any user-typed text: the subcommand word at most."""
    if body.get("command"):
        word = (body.get("text") or "").split(maxsplit=1)
        return "command", f"{body['command']} {word[0][:20] if word else ''}".strip()
    if body.get("type") == "block_actions":
        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions else {}
        return "action", str(_text_at(first, "action_id") or "")[:60]
    if body.get("type") == "event_callback":
        return "event", str(_text_at(body, "event", "type") or "")[:60]
    return "other", str(body.get("type", ""))[:60]


def _text_at(body: Any, *keys: str) -> str | None:
    """A string nested under `keys`, or None when any level is missing or of another type."""
    for key in keys:
        body = body.get(key) if isinstance(body, dict) else None
    return body if isinstance(body, str) else None


def log_request_line(headers: dict[str, Any], body: dict[str, Any]) -> None:
    """Write the request's log line: what it is and who sent it, never what they typed."""
    kind, name = describe(body)
    user = (
        _text_at(body, "user", "id") or _text_at(body, "user_id") or _text_at(body, "event", "user")
    )
    retry = (headers.get("x-slack-retry-num") or [None])[0]
    log.info(
        "slack %s %s",
        kind,
        name,
        extra={"kind": kind, "action": name, "user": user, "retry": retry},
    )


def register(app: App, _deps: Deps) -> None:
    """Install the middleware (runs after Bolt's signature check)."""

    @app.middleware
    def log_request(request: BoltRequest, body: dict[str, Any], next: Callable[[], Any]) -> Any:
        if request.mode == "socket_mode":
            # Over HTTP bot/web.py sets the id around the whole dispatch; Socket Mode has no
            # such layer, and each of its requests runs on one worker thread start to end, so
            # a fresh id here covers the request's listeners too.
            request_id_var.set(uuid.uuid4().hex[:12])
        log_request_line(request.headers, body)
        return next()


def register_async(app: AsyncApp, _deps: Deps) -> None:
    """The same line for the async app's requests (their id is set in bot/asgi.py)."""

    @app.middleware
    async def log_request(
        req: AsyncBoltRequest, body: dict[str, Any], next: Callable[[], Awaitable[Any]]
    ) -> Any:
        log_request_line(req.headers, body)
        return await next()
