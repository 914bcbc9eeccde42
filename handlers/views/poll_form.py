"""The poll form's submission (the form opens from `/pmm poll` alone or the "Start a poll"
shortcut): checked field by field, then the poll posted."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.assessment.kinds import is_assessment
from bot.blocks.poll_form import POLL_FORM_VIEW, VALUE
from bot.polls.form import PollForm, read_form
from bot.polls.options import PollRequest
from bot.polls.results import PollSnapshot
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.poll_posting import post_new_poll
from handlers.support.view_state import element_state, selected_value

NEEDS = SlackNeeds(bot_scopes=frozenset({"chat:write"}), interactivity=True)
log = logging.getLogger(__name__)
ANSWER_WITHIN = 2.0  # seconds to post before the ack; Slack gives a submission 3


def register(app: AsyncApp, services: Services) -> None:
    """Register the form's submission."""

    @app.view(POLL_FORM_VIEW)
    async def submit(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        request, errors = read_form(form_of(view), now=services.clock.now())
        channel = element_state(view, "channel", VALUE).get("selected_conversation")
        if not channel:
            errors["channel"] = "Pick the channel to post the poll in."
        if request is None or errors:
            await ack(response_action="errors", errors=errors)
            return
        user = body["user"]["id"]
        poll = await asyncio.to_thread(_create, services, request, channel, user)
        posting = asyncio.ensure_future(post_new_poll(services, client, poll))
        try:
            problem = await asyncio.wait_for(asyncio.shield(posting), ANSWER_WITHIN)
        except TimeoutError:  # Slack is slow: close the form, tell the person if it fails
            await ack()
            services.background.spawn(_tell_if_refused(client, user, posting))
            return
        if problem:
            await ack(response_action="errors", errors={"channel": problem})
            return
        await ack()


def _create(services: Services, request: PollRequest, channel: str, user: str) -> PollSnapshot:
    """The poll, or the assessment when the form asked for one (always hidden till close)."""
    now = services.clock.now()
    if is_assessment(request.kind):
        return services.assessments.create(
            title=request.title,
            form="full",
            duration=request.duration,
            public=request.public,
            channel_id=channel,
            creator_id=user,
            now=now,
        )
    return services.polls.create(
        model=services.model, request=request, channel_id=channel, creator_id=user, now=now
    )


def form_of(view: dict[str, Any]) -> PollForm:
    """The form's answers out of the submitted view's state."""

    def state(block_id: str) -> dict[str, Any]:
        return element_state(view, block_id, VALUE)

    picked = {o["value"] for o in state("visibility").get("selected_options") or []}
    when = state("closes_at").get("selected_date_time")
    return PollForm(
        question=state("question").get("value") or "",
        kind=selected_value(view, "kind", VALUE) or "levels",
        choices_text=state("choices").get("value") or "",
        multiple=bool(state("multiple").get("selected_options")),
        deadline=selected_value(view, "deadline", VALUE) or "none",
        closes_at=datetime.fromtimestamp(when, UTC) if when else None,
        public="public" in picked,
        hidden="hidden" in picked,
    )


async def _tell_if_refused(client: AsyncWebClient, user: str, posting: asyncio.Future) -> None:
    problem = await posting
    if problem:
        await client.chat_postMessage(channel=user, text=f"Your poll was not posted: {problem}")
