"""Sending a round's one reminder to a person, by DM."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.assessment_nudge import render_nudge
from bot.polls.results import PollSnapshot


async def send_nudge(client: AsyncWebClient, poll: PollSnapshot, user_id: str) -> None:
    """Post the reminder in the person's DM with the bot (a user ID as channel opens it)."""
    await client.chat_postMessage(channel=user_id, **render_nudge(poll).as_kwargs())


async def tell_not_posted(
    client: AsyncWebClient, user_id: str, channel_id: str, problem: str
) -> None:
    """DM the organiser whose scheduled assessment could not be posted, and why."""
    text = f"Your scheduled self-assessment could not be posted in <#{channel_id}>: {problem}"
    await client.chat_postMessage(channel=user_id, text=text)
