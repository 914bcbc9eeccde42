"""The invitation's "Take the assessment": the questionnaire in a modal, starting from the
person's current answers."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.assessment.kinds import is_assessment
from bot.blocks.assessment_blocks import TAKE_ACTION, questionnaire_view
from bot.blocks.kit import text_message
from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(interactivity=True)


def register(app: AsyncApp, services: Services) -> None:
    """Register the button."""

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
