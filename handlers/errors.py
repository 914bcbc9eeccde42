"""One error handler for the whole app: log with the traceback, tell the user kindly."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.deps import Deps
from handlers.needs import SlackNeeds

log = logging.getLogger(__name__)

NEEDS = SlackNeeds()

SORRY = (
    "Sorry, something went wrong on our side and nothing was changed. "
    "Please try again in a moment; if it keeps happening, tell the organisers."
)


def register(app: App, _deps: Deps) -> None:
    """Install the global error handler."""

    @app.error
    def handle_error(error: Exception, body: dict[str, Any], respond: Any) -> None:
        log.error("unhandled error in %s", body.get("command") or body.get("type"), exc_info=error)
        if body.get("response_url"):
            try:
                respond(text=SORRY, response_type="ephemeral", replace_original=False)
            except Exception:  # the apology must never raise over the original error
                log.warning("could not tell the user about the error", exc_info=True)
