"""The ASGI front: only signed, well-formed vote clicks take the event-loop path; anything
else reaches the WSGI app (and through it the sync Bolt app) with its body intact."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import pytest
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.signature import SignatureVerifier

from bot.asgi import MAX_BODY, MAX_CLICK_BODY, SlackAsgi
from handlers.vote_clicks import is_vote_click
from tests.support.slack_requests import FORM, SlackSender

SECRET = "routing-test-secret"


class Recorder:
    """A WSGI app and an async click listener that note what reached them."""

    def __init__(self) -> None:
        self.wsgi_bodies: list[bytes] = []
        self.clicks: list[str] = []

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        self.wsgi_bodies.append(environ["wsgi.input"].read(length))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"wsgi"]


def build(recorder: Recorder, *, click_secret: str = SECRET) -> SlackAsgi:
    async def authorize(**_: Any) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=None, team_id="T1", bot_token="xoxb-x")

    clicks = AsyncApp(
        signing_secret=click_secret, authorize=authorize, process_before_response=True
    )

    @clicks.action(re.compile(".*"))
    async def on_click(ack: Any, body: dict[str, Any]) -> None:
        recorder.clicks.append(body["actions"][0]["action_id"])
        await ack()

    return SlackAsgi(
        wsgi=recorder.wsgi, clicks=clicks, is_click=is_vote_click, signing_secret=SECRET, threads=2
    )


def call(
    app: SlackAsgi, body: bytes, headers: dict[str, str], *, hang_up: bool = False
) -> tuple[int | None, bytes]:
    """One POST /slack/events through the ASGI app, the body in two chunks (or only the
    first, then a disconnect); (None, b"") when nothing was answered."""
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
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "path": "/slack/events",
        "raw_path": b"/slack/events",
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 5000),
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


def test_a_signed_vote_click_is_handled_on_the_event_loop(sender) -> None:
    recorder = Recorder()
    body = sender.action_body("pmm_vote_2", "abcdef01:1:3")
    assert call(build(recorder), body.encode(), signed(body)) == (200, b"")
    assert recorder.clicks == ["pmm_vote_2"]
    assert recorder.wsgi_bodies == []


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("command", id="a slash command"),
        pytest.param("close", id="another button"),
        pytest.param("malformed", id="a vote click whose payload has the wrong shape"),
    ],
)
def test_everything_else_reaches_the_wsgi_app_with_its_body(sender, body: str) -> None:
    text = {
        "command": sender.command_body("poll"),
        "close": sender.action_body("pmm_poll_close", "abcdef01"),
        "malformed": sender.action_body("pmm_vote_1", "x", extra={"channel": 0}),
    }[body]
    recorder = Recorder()
    assert call(build(recorder), text.encode(), signed(text)) == (200, b"wsgi")
    assert recorder.wsgi_bodies == [text.encode()]
    assert recorder.clicks == []


def test_a_forged_vote_click_is_left_to_the_wsgi_app_which_refuses_it(sender) -> None:
    recorder = Recorder()
    body = sender.action_body("pmm_vote_0", "abcdef01:1:1")
    call(build(recorder), body.encode(), signed(body, secret="someone-elses-secret"))
    assert recorder.clicks == []
    assert recorder.wsgi_bodies == [body.encode()]


def test_a_body_too_big_for_a_click_goes_whole_to_the_wsgi_app(sender) -> None:
    # e.g. an event carrying a long message: not a click, but the WSGI app needs all of it
    recorder = Recorder()
    body = sender.action_body("pmm_vote_0", "abcdef01:1:1", extra={"pad": "x" * MAX_CLICK_BODY})
    call(build(recorder), body.encode(), signed(body))
    assert recorder.clicks == []
    assert recorder.wsgi_bodies == [body.encode()]


def test_a_body_bigger_than_anything_slack_sends_is_refused(sender) -> None:
    recorder = Recorder()
    body = "payload=" + "x" * (MAX_BODY + 1)
    assert call(build(recorder), body.encode(), signed(body)) == (413, b"request body too large")
    assert recorder.wsgi_bodies == []


def test_bolt_still_checks_the_signature_of_a_click_it_is_handed(sender) -> None:
    # The door parses the payload once and hands it over; Bolt must still verify the raw
    # body itself (here it holds another secret than the door, so it refuses).
    recorder = Recorder()
    body = sender.action_body("pmm_vote_0", "abcdef01:1:1")
    status, _ = call(build(recorder, click_secret="another-secret"), body.encode(), signed(body))
    assert status == 401
    assert recorder.clicks == []


def test_a_client_that_hangs_up_mid_body_gets_nothing_and_reaches_nothing(sender) -> None:
    recorder = Recorder()
    body = sender.action_body("pmm_vote_0", "abcdef01:1:1")
    assert call(build(recorder), body.encode(), signed(body), hang_up=True) == (None, b"")
    assert recorder.clicks == []
    assert recorder.wsgi_bodies == []
