"""The HTTP surface as an ASGI app, served by uvicorn.

Vote clicks are the one request that arrives thousands at a time, so they are handled on the
event loop by a Bolt `AsyncApp`: no thread hand-off per click. Under threads, every SQLite call
released the GIL and the threads convoyed behind the write lock (BENCHMARKS.md). Every other
request (commands, other buttons, events, /healthz, the calendar) goes to the WSGI app and the
sync Bolt app on a thread pool through a2wsgi, exactly as before.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from a2wsgi import WSGIMiddleware
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.logging_setup import request_id_var
from bot.web import SLACK_PATH, WsgiApp, check_signed_payload

log = logging.getLogger(__name__)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
# A click's payload is a few kilobytes: a bigger body is not one, and is not even parsed here.
MAX_CLICK_BODY = 256 * 1024
# Nothing Slack sends this app comes near this (events and commands are small, a click
# carries one poll message); a bigger body is refused before it is read, since bodies are
# held in memory until the signature is checked.
MAX_BODY = 1024 * 1024


class SlackAsgi:
    """Route signed vote clicks to the async app and everything else to the WSGI app."""

    def __init__(
        self,
        *,
        wsgi: WsgiApp,
        clicks: AsyncApp,
        is_click: Callable[[dict[str, Any]], bool],
        signing_secret: str,
        threads: int,
        on_startup: Callable[[], Awaitable[None]] | None = None,
        on_shutdown: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._fallback = WSGIMiddleware(wsgi, workers=threads)
        self._clicks, self._is_click = clicks, is_click
        self._verifier = SignatureVerifier(signing_secret)
        self._on_startup, self._on_shutdown = on_startup, on_shutdown

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] == "http" and scope["path"] == SLACK_PATH and scope["method"] == "POST":
            try:
                raw = await _read_body(scope, receive, limit=MAX_BODY)
            except _ClientGone:
                return
            if raw is None:
                await _answer(send, 413, b"request body too large")
                return
            if len(raw) <= MAX_CLICK_BODY:
                headers = _headers(scope)
                text = raw.decode("utf-8", errors="replace")
                payload = self._click_payload(text, headers)
                if payload is not None:
                    await self._handle_click(text, payload, headers, send)
                    return
            receive = _replay(raw)
        await self._fallback(scope, receive, send)

    def _click_payload(self, text: str, headers: dict[str, str]) -> dict[str, Any] | None:
        """The payload of a signed, well-formed vote click; None for anything else, which
        gets the WSGI app's answers (401 unsigned or stale, 400 malformed) as before."""
        content_type = headers.get("content-type")
        _, payload = check_signed_payload(text, headers, content_type, self._verifier)
        return payload if payload is not None and self._is_click(payload) else None

    async def _handle_click(
        self, text: str, payload: dict[str, Any], headers: dict[str, str], send: Send
    ) -> None:
        token = request_id_var.set(uuid.uuid4().hex[:12])
        try:
            # Bolt gets the payload parsed at the door rather than parsing it again (a real
            # click carries its whole message: ~150 us to parse); it still checks the
            # signature of the raw body itself.
            request = AsyncBoltRequest(body=payload, headers=headers, mode="socket_mode")
            request.raw_body, request.mode = text, "http"
            response = await self._clicks.async_dispatch(request)
        finally:
            request_id_var.reset(token)
        body = (response.body or "").encode()
        response_headers = [
            (name.encode(), value.encode())
            for name, values in response.headers.items()
            for value in values
            if name.lower() != "content-length"
        ]
        await _answer(send, response.status, body, response_headers)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if self._on_startup is not None:
                    await self._on_startup()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._on_shutdown is not None:
                    try:
                        await self._on_shutdown()
                    except Exception:
                        log.exception("shutdown step failed")
                await send({"type": "lifespan.shutdown.complete"})
                return


class _ClientGone(Exception):
    """The client disconnected before it had sent the whole body."""


async def _read_body(scope: Scope, receive: Receive, *, limit: int) -> bytes | None:
    """The whole request body, or None (the rest left unread) when it passes `limit`."""
    declared = dict(scope["headers"]).get(b"content-length", b"")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _answer(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    headers = [*(headers or [(b"content-type", b"text/plain; charset=utf-8")])]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _replay(raw: bytes) -> Receive:
    """A `receive` that hands the already-read body to the next app."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    return receive


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
