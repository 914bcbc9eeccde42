"""Buttons on maturity-model answers: Share in channel, and a level's Learn more."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.modals import level_view
from bot.blocks.model_blocks import SHARE_ACTION, SHOW_LEVEL_ACTION, render_aspect, render_level
from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(interactivity=True)


def register(app: AsyncApp, services: Services) -> None:
    """Register the share and show-level buttons."""
    model = services.model

    @app.action(SHARE_ACTION)
    async def share_answer(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        kind, _, key = (body["actions"][0].get("value") or "").partition(":")
        user = body["user"]["id"]
        if kind == "level" and key.isdigit() and any(lv.number == int(key) for lv in model.levels):
            message = render_level(model, model.level(int(key)), shared_by=user)
        elif kind == "aspect" and any(a.key == key for a in model.aspects):
            message = render_aspect(model, model.aspect(key), shared_by=user)
        else:
            return
        services.background.spawn(
            respond(response_type="in_channel", replace_original=False, **message.as_kwargs())
        )

    @app.action(re.compile(rf"^{SHOW_LEVEL_ACTION}_\d+$"))
    async def show_level(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        value = body["actions"][0].get("value") or ""
        number = int(value) if value.isdigit() else 0
        level = next((lv for lv in model.levels if lv.number == number), None)
        if level is None:
            return
        if body.get("response_url"):  # under a message: answer below it, privately
            message = render_level(model, level).as_kwargs()
            services.background.spawn(
                respond(response_type="ephemeral", replace_original=False, **message)
            )
        elif body.get("trigger_id"):  # App Home has no message to answer under: a modal
            view = level_view(model, level)
            services.background.spawn(client.views_open(trigger_id=body["trigger_id"], view=view))
