"""The HTTP surface: Slack's single request URL, a health check, and (later) the calendar."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.deps import Deps

SLACK_PATH = "/slack/events"
WsgiApp = Callable[[dict[str, Any], Callable], Iterable[bytes]]


def create_wsgi_app(app: App, deps: Deps) -> WsgiApp:
    """Route POST /slack/events to Bolt and GET /healthz to a small JSON status."""
    slack = SlackRequestHandler(app, path=SLACK_PATH)

    def wsgi(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == SLACK_PATH and method == "POST":
            return slack(environ, start_response)
        if path == "/healthz" and method in ("GET", "HEAD"):
            status, body = health(deps)
            return _json(start_response, status, body)
        routes = deps.http_routes
        if (method, path) in routes:
            return routes[(method, path)](environ, start_response)
        return _json(start_response, 404, {"error": "not found"})

    return wsgi


def health(deps: Deps) -> tuple[int, dict[str, Any]]:
    """Each registered check reports ok or not; any failure makes the whole answer 503."""
    checks = {name: check() for name, check in deps.health_checks.items()}
    ok = all(result == "ok" for result in checks.values())
    return (200 if ok else 503), {"status": "ok" if ok else "degraded", "checks": checks}


def _json(start_response: Callable, status: int, body: dict[str, Any]) -> Iterable[bytes]:
    data = json.dumps(body).encode()
    reason = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}.get(status, "")
    start_response(
        f"{status} {reason}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
    )
    return [data]
