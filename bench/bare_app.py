"""The baseline: a bare Bolt app that only acks, on the same server stack as pmm-bot
(uvicorn via bot.server.HttpServer, an AsyncApp as pmm-bot's clicks use, signature
verification on, process_before_response)."""

from __future__ import annotations

import re
import sys

from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.server import HttpServer


def main() -> None:
    port, secret, api_url = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    app = AsyncApp(
        signing_secret=secret,
        client=AsyncWebClient(token="xoxb-bench", base_url=api_url),
        process_before_response=True,
    )

    async def ack_only(ack) -> None:
        await ack()

    app.action(re.compile(".*"))(ack_only)
    app.command("/pmm")(ack_only)
    server = HttpServer(AsyncSlackRequestHandler(app), host="127.0.0.1", port=port)
    print(f"listening on {server.port}", flush=True)
    server.run()


if __name__ == "__main__":
    main()
