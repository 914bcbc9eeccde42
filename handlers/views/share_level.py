"""The level modal's Share: post the level in the chosen channel, or say why not there."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.modals import LEVEL_VIEW, SHARE_BLOCK, SHARE_SELECT, metadata_of
from bot.blocks.model_blocks import render_level
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.view_state import element_state

NEEDS = SlackNeeds(bot_scopes=frozenset({"chat:write"}), interactivity=True)
log = logging.getLogger(__name__)
ANSWER_WITHIN = 2.0  # seconds: Slack drops a view_submission ack after 3
NOT_THERE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}


def register(app: AsyncApp, services: Services) -> None:
    """Register the submission of the level modal."""
    model = services.model

    @app.view(LEVEL_VIEW)
    async def share(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        number = metadata_of(view).get("level")
        level = next((lv for lv in model.levels if lv.number == number), None)
        channel = element_state(view, SHARE_BLOCK, SHARE_SELECT).get("selected_conversation")
        if level is None or not channel:
            await ack()  # nothing to share: Share just closes the modal
            return
        message = render_level(model, level, shared_by=body["user"]["id"]).as_kwargs()
        post = asyncio.ensure_future(client.chat_postMessage(channel=channel, **message))
        try:
            await asyncio.wait_for(asyncio.shield(post), ANSWER_WITHIN)
        except SlackApiError as error:
            reason = error.response.get("error", "")
            await ack(response_action="errors", errors={SHARE_BLOCK: _why(reason)})
            return
        except TimeoutError:
            services.background.spawn(_finish(post))  # Slack is slow: let it land later
        await ack()


def _why(reason: str) -> str:
    if reason in NOT_THERE:
        return "I can't post there: invite me with /invite @pmm-bot, or pick another channel."
    return "Slack didn't take the message just now. Try again in a moment."


async def _finish(post: asyncio.Future) -> None:
    try:
        await post
    except SlackApiError as error:
        log.warning("sharing a level failed late: %s", error.response.get("error"))
