"""The baseline: a bare Bolt app that only acks, on the same server stack as pmm-bot
(waitress, same thread count, signature verification on, process_before_response)."""

from __future__ import annotations

import logging
import re
import sys

from slack_bolt import App
from slack_sdk import WebClient

from bot.server import HttpServer


def main() -> None:
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # as LOG_LEVEL=ERROR does
    port, secret, threads, api_url = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    app = App(
        signing_secret=secret,
        client=WebClient(token="xoxb-bench", base_url=api_url),
        process_before_response=True,
    )
    app.action(re.compile(".*"))(lambda ack: ack())
    app.command("/pmm")(lambda ack: ack())
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    server = HttpServer(SlackRequestHandler(app), host="127.0.0.1", port=port, threads=threads)
    print(f"listening on {server.port}", flush=True)
    server.run()


if __name__ == "__main__":
    main()
