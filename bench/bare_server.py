"""The start-up baseline: the least app that does serve's job of starting, a bare Bolt
AsyncApp behind Bolt's ASGI adapter on uvicorn, listening on the port it is given.

    python -m bench.bare_server PORT SIGNING_SECRET
"""

from __future__ import annotations

import sys

import uvicorn
from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult


def main() -> None:
    port, secret = int(sys.argv[1]), sys.argv[2]

    async def authorize(enterprise_id, team_id) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token="xoxb-x")

    app = AsyncApp(signing_secret=secret, authorize=authorize, process_before_response=True)
    uvicorn.run(AsyncSlackRequestHandler(app), host="127.0.0.1", port=port, log_level="error")


if __name__ == "__main__":
    main()
