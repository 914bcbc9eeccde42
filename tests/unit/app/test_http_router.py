"""The HTTP door: Bolt's adapter gets every Slack request with its body intact, Bolt checks
the signature, the shape guard answers malformed signed payloads 400 (unsigned ones 401),
and bodies bigger than anything Slack sends are refused unread."""

from __future__ import annotations

import asyncio
import json
import re
import time
from typing import Any

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.signature import SignatureVerifier

from bot.app.http import MAX_BODY, Router, SlackEvents
from tests.support.slack_requests import FORM, SlackSender

SECRET = "routing-test-secret"


def build(seen: list[Any]) -> Router:
    async def authorize(enterprise_id, team_id) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=None, team_id="T1", bot_token="xoxb-x")

    bolt = AsyncApp(signing_secret=SECRET, authorize=authorize, process_before_response=True)

    @bolt.action(re.compile(".*"))
    async def on_click(ack: Any, body: dict[str, Any]) -> None:
        seen.append(body["actions"][0])
        await ack()

    @bolt.command("/pmm")
    async def on_command(ack: Any, command: dict[str, Any]) -> None:
        seen.append(command["text"])
        await ack()

    async def nothing() -> None:
        return None

    async def health() -> tuple[int, dict]:
        return 200, {"status": "ok"}

    async def feed() -> tuple[bytes, Any]:
        raise AssertionError("not asked for")

    return Router(
        slack=SlackEvents(bolt, SECRET),
        health=health,
        feed=feed,
        on_startup=nothing,
        on_shutdown=nothing,
    )


def call(
    app: Router,
    body: bytes,
    headers: dict[str, str],
    *,
    path: str = "/slack/events",
    method: str = "POST",
    hang_up: bool = False,
) -> tuple[int | None, bytes]:
    """One request through the ASGI app, the body in two chunks (or only the first, then a
    disconnect); (None, b"") when nothing was answered."""
    sent: list[dict[str, Any]] = []
    chunks = [
        {"type": "http.request", "body": body[:10], "more_body": True},
        {"type": "http.request", "body": body[10:], "more_body": False},
    ][: 1 if hang_up else 2]

    async def receive() -> dict[str, Any]:
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    asyncio.run(app(scope, receive, send))
    status = next((m["status"] for m in sent if m["type"] == "http.response.start"), None)
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def signed(body: str, *, secret: str = SECRET) -> dict[str, str]:
    ts = str(int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {
        "Content-Type": FORM,
        "Content-Length": str(len(body.encode())),
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
    }


@pytest.fixture
def sender() -> SlackSender:
    return SlackSender("http://127.0.0.1:1", SECRET, "http://127.0.0.1:1/response")


def test_a_click_and_a_command_reach_bolt_with_their_bodies(sender) -> None:
    seen: list[Any] = []
    app = build(seen)
    click = sender.action_body("pmm_vote_2", "abcdef01:1:3")
    assert call(app, click.encode(), signed(click)) == (200, b"")
    command = sender.command_body("level größe ✓")  # non-ASCII survives the two chunks
    assert call(app, command.encode(), signed(command))[0] == 200
    assert seen[0]["value"] == "abcdef01:1:3"
    assert seen[1] == "level größe ✓"


def test_bolt_refuses_a_forged_or_stale_request(sender) -> None:
    seen: list[Any] = []
    body = sender.action_body("pmm_vote_0", "abcdef01:1:1")
    forged = signed(body, secret="someone-elses-secret")
    assert call(build(seen), body.encode(), forged)[0] == 401
    stale = {**signed(body), "X-Slack-Request-Timestamp": str(int(time.time()) - 600)}
    assert call(build(seen), body.encode(), stale)[0] == 401
    assert seen == []


def test_a_malformed_payload_is_400_if_signed_and_401_if_not(sender) -> None:
    seen: list[Any] = []
    body = sender.action_body("pmm_vote_1", "x", extra={"user": ["not", "an", "object"]})
    status, answer = call(build(seen), body.encode(), signed(body))
    assert (status, json.loads(answer)) == (400, {"error": "malformed request"})
    assert call(build(seen), body.encode(), signed(body, secret="other"))[0] == 401
    assert seen == []


def test_a_body_bigger_than_anything_slack_sends_is_refused_unread(sender) -> None:
    body = "payload=" + "x" * (MAX_BODY + 1)
    assert call(build([]), body.encode(), signed(body)) == (413, b"request body too large")


def test_a_client_that_hangs_up_mid_body_gets_nothing_and_reaches_nothing(sender) -> None:
    seen: list[Any] = []
    body = sender.action_body("pmm_vote_0", "abcdef01:1:1")
    assert call(build(seen), body.encode(), signed(body), hang_up=True) == (None, b"")
    assert seen == []


def test_other_paths(sender) -> None:
    assert call(build([]), b"", {}, path="/healthz", method="GET")[0] == 200
    assert call(build([]), b"", {}, path="/nowhere", method="GET")[0] == 404
    assert call(build([]), b"", {}, path="/slack/events", method="GET")[0] == 404
