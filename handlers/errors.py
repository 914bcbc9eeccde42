"""One error handler for the whole app: log with the traceback, tell the user kindly."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.async_app import AsyncApp

from bot.deps import Deps
from handlers.needs import SlackNeeds
from handlers.redelivery import CLAIMED_KEY

log = logging.getLogger(__name__)

NEEDS = SlackNeeds()

SORRY = (
    "Sorry, something went wrong on our side and nothing was changed. "
    "Please try again in a moment; if it keeps happening, tell the organisers."
)


def register(app: App, deps: Deps) -> None:
    """Install the global error handler."""

    @app.error
    def handle_error(
        error: Exception, body: dict[str, Any], respond: Any, context: BoltContext
    ) -> None:
        log.error("unhandled error in %s", body.get("command") or body.get("type"), exc_info=error)
        key = context.get(CLAIMED_KEY) if context else None
        if key is not None:  # let Slack's retry of this request run (see handlers/redelivery)
            try:
                deps.request_claims.release(key)
            except Exception:
                log.warning("could not release the request key", exc_info=True)
        if body.get("response_url"):
            try:
                respond(text=SORRY, response_type="ephemeral", replace_original=False)
            except Exception:  # the apology must never raise over the original error
                log.warning("could not tell the user about the error", exc_info=True)


def register_async(app: AsyncApp, deps: Deps) -> None:
    """The same for the async app (vote clicks): their claim lives in the vote's own
    transaction, so there is no key to give back."""

    @app.error
    async def handle_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("unhandled error in %s", body.get("type"), exc_info=error)
        if body.get("response_url"):
            message = {"text": SORRY, "response_type": "ephemeral", "replace_original": False}
            deps.response_urls.post(body["response_url"], message)
