"""The invitation's "Take the assessment": the questionnaire in a modal, starting from the
person's current answers."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.assessment.kinds import is_assessment
from bot.blocks.assessment_blocks import TAKE_ACTION, questionnaire_view
from bot.blocks.assessment_nudge import OPT_OUT_ACTION, OPTED_OUT
from bot.blocks.kit import text_message
from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(bot_scopes=frozenset({"chat:write", "im:write"}), interactivity=True)


def register(app: AsyncApp, services: Services) -> None:
    """Register the buttons: take it, and (on a round's reminder) no more reminders."""

    @app.action(OPT_OUT_ACTION)
    async def opt_out(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        now = services.clock.now()
        await asyncio.to_thread(services.assessments.opt_out, body["user"]["id"], now=now)
        if body.get("response_url"):
            message = text_message(OPTED_OUT).as_kwargs()
            services.background.spawn(respond(replace_original=True, **message))

    @app.action(TAKE_ACTION)
    async def take(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await ack()
        poll_id = (body["actions"][0].get("value") or "")[:16]
        user = body["user"]["id"]
        poll = await asyncio.to_thread(services.listings.snapshot, poll_id)
        if poll is None or not is_assessment(poll.kind) or not poll.is_open:
            text = "This assessment is closed." if poll else "I can't find that assessment."
            if body.get("response_url"):
                await respond(
                    response_type="ephemeral",
                    replace_original=False,
                    **text_message(text).as_kwargs(),
                )
            return
        service = services.assessments
        current = await asyncio.to_thread(service.answers_of, poll, user)
        view = questionnaire_view(
            poll, service.questionnaire, service.questions(poll), service.model, current
        )
        await client.views_open(trigger_id=body["trigger_id"], view=view)
