"""What the fake Slack records of each request, and how it reads a request."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Call:
    """One request the fake received: the API method (or `response_url`/`upload`) and body."""

    method: str
    path: str
    headers: dict[str, str]
    params: dict[str, Any]
    raw: bytes
    received_at: float = field(default_factory=time.monotonic)

    def json_param(self, name: str) -> Any:
        """A parameter that Slack accepts as a JSON string in form bodies (blocks, view)."""
        value = self.params.get(name)
        return json.loads(value) if isinstance(value, str) else value


@dataclass
class Fault:
    """A canned failure for the next `times` calls of `method`."""

    status: int
    times: int
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    error: str = ""  # with status 200: Slack's `{"ok": false, "error": ...}` answer


def method_of(path: str) -> str:
    """The Web API method of a request path, or `response_url` / `upload`."""
    path = path.partition("?")[0]
    if path.startswith("/api/"):
        return path.removeprefix("/api/")
    if path.startswith("/response/"):
        return "response_url"
    if path.startswith("/upload/"):
        return "upload"
    return path


def parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    """A JSON or form body as a dict (anything else: empty)."""
    if not raw:
        return {}
    if "json" in content_type:
        try:
            loaded = json.loads(raw)
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {"_": loaded}
    if "x-www-form-urlencoded" in content_type:
        return {k: v[0] for k, v in parse_qs(raw.decode(errors="replace")).items()}
    return {}
