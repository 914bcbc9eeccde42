"""The same requests as `SlackSender`, delivered over Socket Mode: each becomes the envelope
Slack would send (slash_commands, interactive, events_api with its retry number) through the
fake Socket Mode server, and the app's ack comes back as the reply (status 200, the ack's
payload as the body; no ack within Slack's time: 500), so one scenario test runs over either
transport."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from tests.support.fake_socket_mode import FakeSocketMode
from tests.support.slack_requests import Reply, SlackSender

# Slack waits 3 s for an ack; a little more here, for a busy test machine.
ACK_WITHIN = 5.0


class _Headers(dict):
    """Enough of http.client's HTTPMessage for the tests' header reads."""

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)


class SocketSender(SlackSender):
    """Builds bodies as SlackSender does; delivers them as Socket Mode envelopes. Plain GETs
    (/healthz, /calendar.ics) still go over HTTP: the server answers them in either mode."""

    def __init__(
        self, base_url: str, signing_secret: str, response_url: str, socket: FakeSocketMode
    ) -> None:
        super().__init__(base_url, signing_secret, response_url)
        self.socket = socket

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
        """Deliver `body` as the envelope Slack would send for it; the ack as the reply.
        (Socket Mode has no signatures: `timestamp` and `signature` do not apply.)"""
        retry = int((headers or {}).get("X-Slack-Retry-Num", "0"))
        reason = (headers or {}).get("X-Slack-Retry-Reason", "")
        if content_type.startswith("application/json"):
            kind, payload = "events_api", json.loads(body)
        else:
            form = dict(parse_qsl(body, keep_blank_values=True))
            if "payload" in form:
                kind, payload = "interactive", json.loads(form["payload"])
            else:
                kind, payload = "slash_commands", form
        envelope_id = self.socket.send(kind, payload, retry_attempt=retry, retry_reason=reason)
        try:
            ack = self.socket.wait_ack(envelope_id, timeout=ACK_WITHIN)
        except AssertionError:
            # The app failed it: no ack, as HTTP's 500. Reported as 500, as Slack treats it.
            return Reply(500, b"", _Headers({}))  # type: ignore[arg-type]
        answer = ack.get("payload")
        raw = json.dumps(answer).encode() if answer else b""
        reply = Reply(200, raw, _Headers({"content-type": "application/json"}))  # type: ignore[arg-type]
        return self._answered(reply)
