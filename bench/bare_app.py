"""The baseline: a bare Bolt app that only acks, on the same server stack as pmm-bot
(uvicorn via bot.server.HttpServer, the same GC tuning as `serve`, an AsyncApp as pmm-bot's
clicks use, signature verification on, process_before_response).

With `confirm` as the fourth argument it also posts one message to each click's
response_url after the ack, with the same client pmm-bot uses: a reference for how much of
the gap to the bare ack is that one outbound POST per click.
"""

from __future__ import annotations

import re
import sys

from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.response_url import ResponseUrlClient
from bot.server import HttpServer, tune_gc


def main() -> None:
    port, secret, api_url = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    confirm = sys.argv[4:] == ["confirm"]
    app = AsyncApp(
        signing_secret=secret,
        client=AsyncWebClient(token="xoxb-bench", base_url=api_url),
        process_before_response=True,
    )
    responses = ResponseUrlClient()

    async def ack_only(ack) -> None:
        await ack()

    async def ack_and_confirm(ack, body) -> None:
        await ack()
        if body.get("response_url"):
            responses.post(body["response_url"], {"text": "ok", "response_type": "ephemeral"})

    app.action(re.compile(".*"))(ack_and_confirm if confirm else ack_only)
    app.command("/pmm")(ack_only)
    server = HttpServer(AsyncSlackRequestHandler(app), host="127.0.0.1", port=port)
    tune_gc()  # as `pmm-bot serve` does
    print(f"listening on {server.port}", flush=True)
    try:
        server.run()
    finally:
        responses.close()


if __name__ == "__main__":
    main()
