"""The HTTP surface: Slack's single request URL, a health check, and (later) the calendar."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.request.internals import parse_body
from slack_sdk.signature import SignatureVerifier

from bot.deps import Deps
from bot.logging_setup import request_id_var
from bot.slack_payloads import payload_problem

log = logging.getLogger(__name__)
SLACK_PATH = "/slack/events"
WsgiApp = Callable[[dict[str, Any], Callable], Iterable[bytes]]


def create_wsgi_app(app: App, deps: Deps) -> WsgiApp:
    """Route POST /slack/events to Bolt and GET /healthz to a small JSON status."""
    slack = SlackRequestHandler(app, path=SLACK_PATH)
    verifier = SignatureVerifier(deps.settings.slack_signing_secret.get_secret_value())

    def wsgi(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == SLACK_PATH and method == "POST":
            problem = signed_payload_problem(environ, verifier)
            if problem:
                log.warning("malformed Slack request: %s", problem)
                return _json(start_response, 400, {"error": "malformed request"})
            # Every line this request logs, its listeners' and its follow-up work's included,
            # carries one id (Bolt runs listeners after the middleware chain has returned).
            token = request_id_var.set(uuid.uuid4().hex[:12])
            try:
                return slack(environ, start_response)
            finally:
                request_id_var.reset(token)
        if path == "/healthz" and method in ("GET", "HEAD"):
            status, body = health(deps)
            return _json(start_response, status, body)
        routes = deps.http_routes
        if (method, path) in routes:
            return routes[(method, path)](environ, start_response)
        return _json(start_response, 404, {"error": "not found"})

    return wsgi


def signed_payload_problem(environ: dict[str, Any], verifier: SignatureVerifier) -> str | None:
    """For a correctly signed request, what is wrong with its payload's shape (or None).

    Unsigned or stale requests pass through untouched so Bolt answers them 401. Bolt reads
    ids out of the payload before any listener or middleware of ours runs, which is why
    the shape is checked here. The body is put back for Bolt to read.
    """
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(raw)
    headers = {
        "x-slack-request-timestamp": environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""),
        "x-slack-signature": environ.get("HTTP_X_SLACK_SIGNATURE", ""),
    }
    text = raw.decode("utf-8", errors="replace")
    problem, _ = check_signed_payload(text, headers, environ.get("CONTENT_TYPE"), verifier)
    return problem


def check_signed_payload(
    text: str, headers: dict[str, str], content_type: str | None, verifier: SignatureVerifier
) -> tuple[str | None, dict[str, Any] | None]:
    """(problem, payload) of a request: the parsed payload when it is signed and well formed,
    a problem when it is signed but malformed, (None, None) when it is not signed."""
    if not verifier.is_valid_request(text, headers):
        return None, None
    try:
        body = parse_body(text, content_type)
    except ValueError:
        return "body is not valid JSON", None
    problem = payload_problem(body)
    return problem, (None if problem else body)


def health(deps: Deps) -> tuple[int, dict[str, Any]]:
    """Each registered check reports ok or not; any failure makes the whole answer 503."""
    checks = {name: check() for name, check in deps.health_checks.items()}
    ok = all(result == "ok" for result in checks.values())
    return (200 if ok else 503), {"status": "ok" if ok else "degraded", "checks": checks}


def _json(start_response: Callable, status: int, body: dict[str, Any]) -> Iterable[bytes]:
    data = json.dumps(body).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 503: "Service Unavailable"}.get(
        status, ""
    )
    start_response(
        f"{status} {reason}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
    )
    return [data]
