"""Every text the bot sends a person, scanned as it goes: through the fake Slack's Web API
(messages, updates, ephemerals, response_url answers, views, file comments) and in the
answers to requests (acks with a message, modal errors). A test fails at its end if any of
them shows a setting's name, a traceback, a regex or a Python format string."""

from __future__ import annotations

import json
from typing import Any

from tests.support.blockkit import DEVELOPER_WORDS

# What reaches a person: the fields of these calls that Slack shows.
SHOWN = {
    "chat.postMessage", "chat.update", "chat.postEphemeral", "response_url",
    "views.open", "views.publish", "views.update", "views.push",
    "files.completeUploadExternal",
}  # fmt: skip
FIELDS = ("text", "blocks", "view", "initial_comment", "errors", "attachments")


class PlainWordsWatch:
    """Collects what a person would read that only a developer would understand."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.allowed: set[str] = set()  # words a test typed itself and sees echoed back

    def on_call(self, method: str, params: dict[str, Any]) -> None:
        """One Web API call the app made."""
        if method in SHOWN:
            self.scan(method, params)

    def on_answer(self, body: Any) -> None:
        """The JSON the app answered a request with (an ack with a message, modal errors)."""
        if isinstance(body, dict):
            self.scan("answer", body)

    def scan(self, where: str, message: dict[str, Any]) -> None:
        """Look at the shown fields of one message."""
        for key in FIELDS:
            value = message.get(key)
            if value is None:
                continue
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            for match in DEVELOPER_WORDS.finditer(text):
                if match.group(0) not in self.allowed:
                    around = text[max(0, match.start() - 80) : match.end() + 80]
                    self.found.append(f"{where}: {match.group(0)!r} in …{around}…")
