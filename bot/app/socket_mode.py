"""Socket Mode: the same app, reached over websockets the bot opens to Slack.

Each envelope goes through the same door as an HTTP request (bot/app/door.py); a malformed
one is acked and dropped (Slack would otherwise redeliver it). Slack delivers each envelope
to one of the app's open connections (up to 10): with two, one reconnecting never leaves the
bot deaf.
"""

from __future__ import annotations

import logging
from time import time

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import send_async_response
from slack_bolt.adapter.socket_mode.internals import build_headers
from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import door

log = logging.getLogger(__name__)
CONNECTIONS = 2
# slack_sdk's aiohttp client checks its connection this often, and reconnects when it finds
# it closed: after a TCP connection ends without a close frame (a proxy, a NAT timeout) it is
# the only thing that notices. Its default (10 s in Bolt's handler) left the bot deaf that
# long; a ping a second costs nothing.
PING_INTERVAL = 1.0


class GuardedSocketModeHandler(AsyncSocketModeHandler):
    """Bolt's Socket Mode adapter, dispatching through the door."""

    async def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        """One envelope from Slack."""
        start = time()

        def build() -> AsyncBoltRequest:
            return AsyncBoltRequest(
                mode="socket_mode", body=req.payload, headers=build_headers(req)
            )

        response = await door.dispatch(self.app, build)
        if 200 < response.status < 500:
            # Malformed (400) or nothing here handles it (404): acked, so that Slack does
            # not deliver it again. A failure (5xx) is not acked, as an HTTP 500 would not
            # be taken: Slack shows the user its error mark, and redelivers an event.
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        await send_async_response(client, req, response, start)


class SocketMode:
    """The app's Socket Mode connections."""

    def __init__(
        self,
        app: AsyncApp,
        app_token: str,
        web_client: AsyncWebClient,
        *,
        connections: int = CONNECTIONS,
    ) -> None:
        self._app, self._token, self._web_client = app, app_token, web_client
        self._connections = connections
        self._handlers: list[GuardedSocketModeHandler] = []

    async def connect(self) -> None:
        """Open every connection (raises what Slack's refusal raised). The clients are made
        here: each holds an aiohttp session, which belongs to the running loop."""
        self._handlers = [
            GuardedSocketModeHandler(
                self._app, self._token, web_client=self._web_client, ping_interval=PING_INTERVAL
            )
            for _ in range(self._connections)
        ]
        for handler in self._handlers:
            await handler.connect_async()
        log.info("connected over Socket Mode (%d connections)", len(self._handlers))

    async def connected(self) -> int:
        """How many connections are open now."""
        return sum([await h.client.is_connected() for h in self._handlers])

    async def close(self) -> None:
        """Close every connection."""
        for handler in self._handlers:
            await handler.close_async()
