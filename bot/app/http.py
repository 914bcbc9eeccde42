"""HTTP: a small ASGI router in front of Bolt's ASGI adapter, served by uvicorn.

`POST /slack/events` goes to Bolt (through the door, bot/app/door.py); `/healthz` and
`/calendar.ics` are answered here. Bodies over MAX_BODY are refused unread: they are held in
memory until Bolt has checked their signature, and nothing Slack sends comes near it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.app import door
from bot.http_cache import conditional_get

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
SERIES_FEEDS = "/calendar/"  # /calendar/<series id>.ics: one series' feed
SLACK_PATH = "/slack/events"
MAX_BODY = 1024 * 1024


class SlackEvents(AsyncSlackRequestHandler):
    """Bolt's ASGI adapter, dispatching through the door."""

    def __init__(self, app: AsyncApp, signing_secret: str) -> None:
        super().__init__(app, path=SLACK_PATH)
        self._verifier = SignatureVerifier(signing_secret)

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        """One request from Slack."""
        raw, headers, query = (
            await request.get_raw_body(),
            request.get_headers(),
            request.query_string,
        )

        def build() -> AsyncBoltRequest:
            return AsyncBoltRequest(body=raw, query=query, headers=headers)

        return await door.dispatch(
            self.app, build, verifier=self._verifier, raw_body=raw, headers=headers
        )


def _series_feed(path: str) -> str | None:
    """The series id of a `/calendar/<id>.ics` path (ids are checked by the catalog)."""
    if path.startswith(SERIES_FEEDS) and path.endswith(".ics"):
        key = path[len(SERIES_FEEDS) : -len(".ics")]
        return key if key and "/" not in key else None
    return None


class Router:
    """The whole HTTP surface."""

    def __init__(
        self,
        *,
        slack: SlackEvents,
        health: Callable[[], Awaitable[tuple[int, dict[str, Any]]]],
        feed: Callable[[str | None], Awaitable[tuple[bytes, Any] | None]],
        on_startup: Callable[[], Awaitable[None]],
        on_shutdown: Callable[[], Awaitable[None]],
    ) -> None:
        self._slack, self._health, self._feed = slack, health, feed
        self._on_startup, self._on_shutdown = on_startup, on_shutdown

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        path, method = scope["path"], scope["method"]
        if path == SLACK_PATH and method == "POST":
            try:
                body = await _read_body(scope, receive)
            except _ClientGone:
                return
            if body is None:
                await _answer(send, 413, b"request body too large", "text/plain; charset=utf-8")
                return
            await self._slack(scope, _replay(body), send)
        elif path == "/healthz" and method in ("GET", "HEAD"):
            status, report = await self._health()
            await _answer(send, status, json.dumps(report).encode(), "application/json")
        elif path == "/calendar.ics" and method in ("GET", "HEAD"):
            await self._calendar(scope, send, None)
        elif (key := _series_feed(path)) and method in ("GET", "HEAD"):
            await self._calendar(scope, send, key)
        else:
            await _answer(send, 404, b'{"error": "not found"}', "application/json")

    async def _calendar(self, scope: Scope, send: Send, key: str | None) -> None:
        found = await self._feed(key)
        if found is None:
            await _answer(send, 404, b"no such meeting", "text/plain; charset=utf-8")
            return
        data, changed_at = found
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        status, validators, body = conditional_get(
            data,
            changed_at,
            if_none_match=headers.get("if-none-match"),
            if_modified_since=headers.get("if-modified-since"),
        )
        extra = {
            "content-disposition": f'inline; filename="{key or "community-meetings"}.ics"',
            "cache-control": "max-age=300",
            **{k.lower(): v for k, v in validators.items()},
        }
        await _answer(send, status, body, "text/calendar; charset=utf-8", extra)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self._on_startup()
                except Exception as error:
                    await send({"type": "lifespan.startup.failed", "message": str(error)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self._on_shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return


class _ClientGone(Exception):
    """The client disconnected before it had sent the whole body: nothing to answer."""


async def _read_body(scope: Scope, receive: Receive) -> bytes | None:
    """The whole body, or None (the rest left unread) when it passes MAX_BODY."""
    declared = dict(scope["headers"]).get(b"content-length", b"")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    """A `receive` that hands the already-read body to Bolt's adapter (as valid UTF-8:
    anything else cannot be a signed Slack request, and gets Bolt's 401)."""
    text = body.decode("utf-8", errors="replace").encode("utf-8")

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": text, "more_body": False}

    return receive


async def _answer(
    send: Send, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None
) -> None:
    headers = [(b"content-type", content_type.encode())]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
