"""The door every Slack request comes through, on either transport, before Bolt dispatches
it: a request id for its log lines, and the payload shape guard.

Bolt reads ids out of the payload while it builds its request (slack_bolt.request
.internals), before any middleware of ours could run, and some of its matchers index fields
directly (`body["view"]["type"]`): a payload with those fields missing or mistyped would be a
500 from deep inside Bolt. Here Bolt builds the request (parsing the body once), the shape is
checked, and only then does Bolt dispatch it, checking the signature itself. A request whose
payload is malformed gets a 400 only if it was signed: everything unsigned or stale gets the
401 Bolt would have given.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable

from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.logging_setup import request_id_var
from handlers.middleware.payload_shapes import payload_problem

log = logging.getLogger(__name__)
MALFORMED = 400


async def dispatch(
    app: AsyncApp,
    build: Callable[[], AsyncBoltRequest],
    *,
    verifier: SignatureVerifier | None = None,
    raw_body: str = "",
    headers: dict[str, str] | None = None,
) -> BoltResponse:
    """Build the request, check its shape, dispatch it; `verifier` (HTTP only) decides 401
    or 400 for a malformed one."""
    token = request_id_var.set(uuid.uuid4().hex[:12])
    try:
        try:
            request = build()
        except Exception:  # Bolt could not even read the ids
            request, problem = None, "Bolt could not read the payload's ids"
        else:
            problem = payload_problem(request.body)
        if problem is None and request is not None:
            return await app.async_dispatch(request)
        if verifier is not None and not verifier.is_valid_request(raw_body, headers or {}):
            return BoltResponse(status=401, body=json.dumps({"error": "invalid request"}))
        log.warning("malformed Slack request: %s", problem)
        body = json.dumps({"error": "malformed request"})
        return BoltResponse(
            status=MALFORMED, body=body, headers={"content-type": "application/json"}
        )
    finally:
        request_id_var.reset(token)
