"""The App Home tab: published whenever someone opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.blocks.home_blocks import render_home
from bot.deps import Deps
from handlers.needs import SlackNeeds

NEEDS = SlackNeeds(bot_events=frozenset({"app_home_opened"}), home_tab=True)


def register(app: App, deps: Deps) -> None:
    """Publish the home view on `app_home_opened` (home tab only)."""

    def publish_home(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        client.views_publish(user_id=event["user"], view=render_home(deps.model))

    app.event("app_home_opened")(ack=lambda ack: ack(), lazy=[publish_home])
