"""Who the bot is in its workspace (auth.test), asked once at start and handed to Bolt for
every request: Bolt's own single-team authorization would call auth.test on the first
request instead, with that request waiting for it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse


class BotIdentity:
    """Bolt's `authorize` for a bot installed in one workspace."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._auth: AsyncSlackResponse | None = None

    @property
    def loaded(self) -> bool:
        """True once Slack has said who the bot is."""
        return self._auth is not None

    async def load(self) -> None:
        """Ask Slack who the token belongs to (raises SlackApiError if it refuses)."""
        self._auth = await self._client.auth_test()

    def authorize_function(self) -> Callable[..., Awaitable[AuthorizeResult]]:
        """Bolt's `authorize` (a plain function: Bolt passes arguments by their names)."""

        async def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
            if self._auth is None:
                await self.load()
            assert self._auth is not None
            return AuthorizeResult.from_auth_test_response(
                auth_test_response=self._auth, bot_token=self._client.token
            )

        return authorize
