"""The questionnaire's submission: every question answered (a level or not sure), else the
missing ones are pointed out; then the person's own result, privately, at once."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.assessment.quick_spider import quick_spider_png
from bot.blocks.assessment_blocks import ANSWER, FORM_VIEW, own_result_view
from bot.blocks.kit import section
from bot.blocks.modals import metadata_of, modal
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.view_state import selected_value

NEEDS = SlackNeeds(bot_scopes=frozenset({"files:write", "im:write"}), interactivity=True)
log = logging.getLogger(__name__)


def register(app: AsyncApp, services: Services) -> None:
    """Register the submission, and the close: what was chosen is kept as a draft (never
    counted) and the window reopens on it."""

    @app.view(FORM_VIEW)
    async def submit(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        view, user = body["view"], body["user"]["id"]
        poll_id = str(metadata_of(view).get("poll", ""))[:16]
        service = services.assessments
        poll = await asyncio.to_thread(service.heading, poll_id)
        if poll is None or not poll.is_open:
            await ack(response_action="update", view=_closed_view())
            return
        answers, missing = chosen(view, service.questions(poll))
        if missing:
            await ack(response_action="errors", errors=missing)
            return
        done = await asyncio.to_thread(
            service.submit, poll_id, user, answers, now=services.clock.now()
        )
        if done.outcome not in ("saved", "changed"):
            await ack(response_action="update", view=_closed_view())
            return
        result = own_result_view(poll.title, done.scores, service.model, done.outcome == "changed")
        await ack(response_action="update", view=result)
        services.tallies.poll_changed(poll_id)  # the invitation's count of people
        services.background.spawn(_send_chart(services, client, user, poll.title, done.scores))

    @app.view_closed(FORM_VIEW)
    async def closed(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        view, user = body["view"], body["user"]["id"]
        poll_id = str(metadata_of(view).get("poll", ""))[:16]
        answers, _ = chosen(view, services.assessments.questionnaire.form("full")
                            + services.assessments.questionnaire.form("short"))  # fmt: skip
        if answers:
            services.background.spawn(
                asyncio.to_thread(
                    services.assessments.keep_draft,
                    poll_id,
                    user,
                    answers,
                    now=services.clock.now(),
                )
            )


def chosen(view: dict[str, Any], questions) -> tuple[dict[str, int], dict[str, str]]:
    """(question id -> level chosen, question id -> why it needs an answer) from the view's
    state.values."""
    answers, missing = {}, {}
    for question in questions:
        value = selected_value(view, question.id, ANSWER)
        if value.isdigit() and int(value) in (0, 1, 2, 3, 4):
            answers[question.id] = int(value)
        else:
            missing[question.id] = "Pick the level that is true today, or Not sure."
    return answers, missing


def _closed_view() -> dict[str, Any]:
    text = "This assessment has closed; your answers were not counted."
    return modal(FORM_VIEW + "_done", "Closed", [section(text)])


async def _send_chart(
    services: Services, client: AsyncWebClient, user: str, title: str, scores: dict
) -> None:
    model = services.assessments.model
    names = [a.name for a in model.aspects]
    values = [scores.get(a.key) for a in model.aspects]
    chart = await asyncio.to_thread(quick_spider_png, names, values, title=f"You: {title}")
    dm = (await client.conversations_open(users=user))["channel"]["id"]
    pairs = zip(model.aspects, values, strict=True)
    lines = ", ".join(f"{a.name} {'not sure' if v is None else f'{v:.2f}'}" for a, v in pairs)
    await client.files_upload_v2(
        channel=dm,
        content=chart,
        filename="my-assessment.png",
        title=f"Your answers: {title}"[:250],
        initial_comment=f"Your self-assessment, only for you: {lines}.",
    )
