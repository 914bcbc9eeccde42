"""The baseline: a bare Bolt `AsyncApp` that acks each vote click and posts the one private
confirmation with Bolt's own `respond`, on the same stack as pmm-bot (and answers a modal's
submission with a static view, for bench/run_assessment.py).

    python -m bench.bare_app --secret S --api-url URL --port N       # HTTP
    python -m bench.bare_app --secret S --api-url URL --app-token X  # Socket Mode

HTTP: served by pmm-bot's own server class (`bot.app.serve.HttpServer`: uvicorn, asyncio loop,
h11) with the same GC tuning as `pmm-bot serve`. Socket Mode: Bolt's `AsyncSocketModeHandler`
(slack_sdk's aiohttp client), connecting wherever the fake Slack's `apps.connections.open`
points it. Signature checks on (HTTP), process_before_response=True as in pmm-bot.

With process_before_response=True Bolt answers Slack only when the listener returns, so
`await respond(...)` inside the listener would hold every ack until Slack has answered the
response_url POST. The baseline therefore starts `respond` right after `ack()` and returns, as
pmm-bot starts its confirmation. For reference only: `--respond await` holds the ack until
`respond` returns, `--respond none` only acks (no confirmation at all).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import signal
from typing import Any

from slack_bolt.adapter.asgi.async_handler import AsyncSlackRequestHandler
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.app.serve import HttpServer, tune_gc

RESPOND_MODES = ["after-ack", "await", "none"]
VOTE = re.compile(r"^pmm_vote_\d+$")
log = logging.getLogger("bench.bare_app")


def build_app(secret: str, api_url: str, *, respond_mode: str = "after-ack") -> AsyncApp:
    """The bare app: one action listener, ack then `respond` (see the module docstring)."""
    app = AsyncApp(
        signing_secret=secret,
        client=AsyncWebClient(token="xoxb-bench-baseline", base_url=api_url),
        process_before_response=True,
    )
    pending: set[asyncio.Task] = set()

    async def confirm(respond: AsyncRespond) -> None:
        try:
            await respond(text="ok", response_type="ephemeral", replace_original=False)
        except Exception as error:  # a lost confirmation shows in the benchmark's count
            log.warning("respond failed (%s)", type(error).__name__)

    async def vote(ack: Any, respond: AsyncRespond) -> None:
        await ack()
        if respond_mode == "none":
            return
        if respond_mode == "await":
            await confirm(respond)
            return
        task = asyncio.ensure_future(confirm(respond))
        pending.add(task)
        task.add_done_callback(pending.discard)

    async def submitted(ack: Any) -> None:  # a modal's submission: show a static result
        saved = {"type": "section", "text": {"type": "mrkdwn", "text": "Saved."}}
        result = {
            "type": "modal",
            "title": {"type": "plain_text", "text": "Thanks"},
            "blocks": [saved],
        }
        await ack(response_action="update", view=result)

    app.action(VOTE)(vote)
    app.view(re.compile(".*"))(submitted)
    return app


async def run_socket_mode(app: AsyncApp, app_token: str) -> None:
    """Connect one Socket Mode connection and serve until SIGTERM/SIGINT."""
    handler = AsyncSocketModeHandler(app, app_token)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await handler.connect_async()
    await stop.wait()
    await handler.close_async()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--app-token", help="xapp-...: Socket Mode instead of HTTP")
    parser.add_argument("--respond", choices=RESPOND_MODES, default="after-ack")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    app = build_app(args.secret, args.api_url, respond_mode=args.respond)
    if args.app_token:
        tune_gc()
        asyncio.run(run_socket_mode(app, args.app_token))
        return
    tune_gc()  # as `pmm-bot serve` does, just before its HttpServer
    server = HttpServer(AsyncSlackRequestHandler(app), host="127.0.0.1", port=args.port)
    print(f"listening on {server.port}", flush=True)
    server.run()


if __name__ == "__main__":
    main()
