"""Posting a new poll's message, from the command or the form: on a refusal the poll is
dropped and the reason comes back as a sentence."""

from __future__ import annotations

import asyncio

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.poll_blocks import render_poll
from bot.polls.results import PollSnapshot
from handlers.services import Services

NOT_IN_CHANNEL = "I can't post there yet: invite me first with /invite @pmm-bot, then try again."


async def post_new_poll(
    services: Services, client: AsyncWebClient, poll: PollSnapshot
) -> str | None:
    """Post the poll message and start its tally and deadline; None when posted, else why
    not (and the poll is gone)."""
    try:
        posted = await client.chat_postMessage(
            channel=poll.channel_id, **render_poll(poll).as_kwargs()
        )
    except SlackApiError as error:
        await asyncio.to_thread(services.polls.discard, poll.poll_id)
        reason = error.response.get("error", "")
        if reason in ("not_in_channel", "channel_not_found", "is_archived"):
            return NOT_IN_CHANNEL
        return "Slack didn't take the poll just now, so nothing was posted. Try again in a moment."
    await asyncio.to_thread(services.polls.attach_message, poll.poll_id, posted["ts"])
    await services.results.after_posting(poll.poll_id)
    return None
