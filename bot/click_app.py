"""The async Bolt app that handles vote clicks on the HTTP server's event loop (bot/asgi.py)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

from bot.deps import Deps


def build_click_app(deps: Deps) -> AsyncApp:
    """An AsyncApp with Bolt's signature check, answering for the bot's own token."""
    from handlers import register_all_async  # the factory sits above handlers/

    settings = deps.settings
    token = settings.slack_bot_token.get_secret_value()

    # The sync app has checked the token at start-up (auth.test); clicks only need it known.
    async def authorize(
        enterprise_id: str | None, team_id: str | None, **_: Any
    ) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token=token)

    app = AsyncApp(
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        # The click listeners never call the Web API (confirmations go to response_url);
        # Bolt wants a client all the same, so it points at the configured Slack host.
        client=AsyncWebClient(base_url=settings.slack_api_url),
        authorize=authorize,
        logger=logging.getLogger("pmm_bot.bolt"),
        # The vote is stored before the ack, as in the sync app: an ack means "counted".
        process_before_response=True,
    )
    register_all_async(app, deps)
    return app
