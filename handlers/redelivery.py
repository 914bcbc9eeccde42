"""Drop repeated deliveries of a request before any listener sees them (see bot/redelivery)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.deps import Deps
from bot.redelivery import request_key
from handlers.needs import SlackNeeds

log = logging.getLogger(__name__)
NEEDS = SlackNeeds()
CLAIMED_KEY = "pmm_claimed_request_key"


def register(app: App, deps: Deps) -> None:
    """Install the middleware; it runs after the signature check and the request log line.

    A first attempt that fails is released by the error handler (handlers/errors.py), so
    that Slack's retry of an event runs instead of being dropped.
    """
    claims = deps.request_claims

    @app.middleware
    def drop_redeliveries(
        body: dict[str, Any], context: BoltContext, next: Callable[[], Any]
    ) -> Any:
        key = request_key(body)
        if key is None:
            return next()
        try:
            first = claims.claim(key, now=deps.clock.now())
        except Exception:
            # Fail open: a rare duplicate is better than refusing every command (help and
            # model lookups included) while the database is unwell.
            log.warning("could not claim request key; handling it anyway", exc_info=True)
            return next()
        if first:
            context[CLAIMED_KEY] = key  # only this request may give it back (errors.py)
            return next()
        log.info("repeat delivery of %s dropped", key.split(":", 1)[0])
        return BoltResponse(status=200, body="")
