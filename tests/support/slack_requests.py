"""Requests exactly as Slack sends them: form-encoded slash commands, JSON `payload` actions,
JSON events, each signed with `v0:{timestamp}:{body}` by slack_sdk's SignatureVerifier."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import Any
from urllib.parse import urlencode, urlparse

from slack_sdk.signature import SignatureVerifier

FORM = "application/x-www-form-urlencoded"


@dataclass
class Reply:
    """What the bot answered over HTTP."""

    status: int
    body: bytes
    headers: HTTPMessage  # case-insensitive, as HTTP header names are

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class SlackSender:
    """Sends signed requests to a running bot at `base_url` (e.g. http://127.0.0.1:PORT)."""

    def __init__(self, base_url: str, signing_secret: str, response_url: str = "") -> None:
        parsed = urlparse(base_url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.verifier = SignatureVerifier(signing_secret)
        self.response_url = response_url
        self.observers: list[Callable[[Any], None]] = []  # each JSON answer of the app

    def _answered(self, reply: Reply) -> Reply:
        if self.observers and reply.body[:1] == b"{":
            try:
                body = reply.json()
            except ValueError:
                return reply
            for observe in self.observers:
                observe(body)
        return reply

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
        path: str = "/slack/events",
    ) -> Reply:
        """POST a body signed as Slack would (or with the given timestamp/signature)."""
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = signature or self.verifier.generate_signature(timestamp=ts, body=body)
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": sig,
            **(headers or {}),
        }
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.request("POST", path, body=body.encode(), headers=all_headers)
            response = conn.getresponse()
            return self._answered(Reply(response.status, response.read(), response.headers))
        finally:
            conn.close()

    def get(self, path: str, *, headers: dict[str, str] | None = None) -> Reply:
        """A plain GET, e.g. /healthz or /calendar.ics."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            return self._answered(Reply(response.status, response.read(), response.headers))
        finally:
            conn.close()

    def command(
        self, text: str, *, user_id: str = "U0USER001", channel_id: str = "C0CHAN001", **kw: Any
    ) -> Reply:
        """A `/pmm` slash command, form-encoded."""
        body = self.command_body(text, user_id=user_id, channel_id=channel_id)
        return self.post(body, FORM, **kw)

    def command_body(
        self, text: str, *, user_id: str = "U0USER001", channel_id: str = "C0CHAN001"
    ) -> str:
        """The form body Slack sends for `/pmm text` (one trigger_id per call)."""
        form = {
            "token": "legacy-verification-token",
            "team_id": "T1",
            "team_domain": "community",
            "channel_id": channel_id,
            "channel_name": "platform-engineering",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": "/pmm",
            "text": text,
            "api_app_id": "A0PMM",
            "response_url": self.response_url,
            "trigger_id": f"trigger-{time.monotonic_ns()}",
        }
        return urlencode(form)

    def action(
        self,
        action_id: str,
        value: str = "",
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
        **fields: Any,
    ) -> Reply:
        """A block_actions click on a button, sent as `payload=<json>` like Slack does;
        `fields` are action_body's (user, channel, message, block, extra)."""
        body = self.action_body(action_id, value, **fields)
        return self.post(body, FORM, timestamp=timestamp, signature=signature, headers=headers)

    def action_body(
        self,
        action_id: str,
        value: str = "",
        *,
        user_id: str = "U0USER001",
        channel_id: str = "C0CHAN001",
        message_ts: str = "1700000000.000001",
        block_id: str = "b",
        extra: dict[str, Any] | None = None,
        in_home: bool = False,
    ) -> str:
        """The form body of one click (one trigger_id and action_ts per call); `in_home`:
        a click in the App Home tab, which has no message, channel or response_url."""
        payload = {
            "type": "block_actions",
            "team": {"id": "T1", "domain": "community"},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": "T1"},
            "api_app_id": "A0PMM",
            "trigger_id": f"trigger-{time.monotonic_ns()}",
            "channel": {"id": channel_id, "name": "platform-engineering"},
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id},
            "message": {"ts": message_ts, "type": "message"},
            "response_url": self.response_url,
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": block_id,
                    "value": value,
                    "action_ts": f"{time.time():.6f}",
                }
            ],
            **(extra or {}),
        }
        if in_home:
            for key in ("channel", "message", "response_url"):
                payload.pop(key)
            payload["container"] = {"type": "view", "view_id": "VHOME"}
            payload["view"] = {"id": "VHOME", "type": "home", "callback_id": ""}
        return urlencode({"payload": json.dumps(payload)})

    def view_submission(
        self,
        view: dict[str, Any],
        values: dict[str, dict[str, dict[str, Any]]] | None = None,
        *,
        user_id: str = "U0USER001",
        **kw: Any,
    ) -> Reply:
        """A modal's submission as Slack sends it: the view as opened (with an id, hash and
        `state.values` of block_id -> action_id -> element state)."""
        submitted = {
            "id": f"V{time.monotonic_ns()}",
            "team_id": "T1",
            "hash": "1700000000.abcdef",
            "app_id": "A0PMM",
            "bot_id": "B0PMM",
            "private_metadata": "",
            "state": {"values": values or {}},
            **view,
        }
        payload = {
            "type": "view_submission",
            "team": {"id": "T1", "domain": "community"},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": "T1"},
            "api_app_id": "A0PMM",
            "trigger_id": f"trigger-{time.monotonic_ns()}",
            "view": submitted,
            "response_urls": [],
        }
        return self.post(urlencode({"payload": json.dumps(payload)}), FORM, **kw)

    def view_closed(self, view: dict[str, Any], *, user_id: str = "U0USER001") -> Reply:
        """A modal closed with its Cancel button (sent when it has notify_on_close)."""
        payload = {
            "type": "view_closed",
            "team": {"id": "T1", "domain": "community"},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": "T1"},
            "api_app_id": "A0PMM",
            "view": {"id": f"V{time.monotonic_ns()}", "private_metadata": "", **view},
            "is_cleared": False,
        }
        return self.post(urlencode({"payload": json.dumps(payload)}), FORM)

    def event(self, event: dict[str, Any], *, event_id: str | None = None, **kw: Any) -> Reply:
        """An Events API callback, JSON-encoded (a fresh event_id unless one is given)."""
        return self.post(self.event_body(event, event_id=event_id), "application/json", **kw)

    def event_body(self, event: dict[str, Any], *, event_id: str | None = None) -> str:
        """The JSON envelope Slack sends for one event; its retries share the event_id."""
        envelope = {
            "token": "legacy-verification-token",
            "team_id": "T1",
            "api_app_id": "A0PMM",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{time.monotonic_ns()}",
            "event_time": int(time.time()),
        }
        return json.dumps(envelope)
