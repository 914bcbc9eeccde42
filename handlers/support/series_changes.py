"""What follows an organiser's change to a meeting series, wherever it was made (the form,
a Home button): reminders re-planned, the series' channel told once, reminders already posted
for a meeting whose time changed corrected, and the organiser's Home refreshed."""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.meeting_admin import render_series_notice
from bot.blocks.meeting_notices import render_superseded_reminder
from bot.meetings.catalog import SeriesChange
from bot.meetings.series import Occurrence, Overrides, occurrence_on
from bot.meetings.service import MeetingChange, MeetingService
from handlers.events.app_home import publish_home
from handlers.services import Services

log = logging.getLogger(__name__)


async def after_series_change(
    services: Services, client: AsyncWebClient, change: SeriesChange
) -> None:
    """Re-plan, announce, correct and refresh (after the request was acked)."""
    await services.reminders.refresh()
    after = change.after
    upcoming = None
    if after is not None and not after.paused:
        upcoming = await asyncio.to_thread(after.next_meeting)
    await _announce(client, change, upcoming)
    if change.action == "edit" and change.before is not None and after is not None:
        await _correct_posted_reminders(client, change.before, after)
    await publish_home(services, client, change.by)


async def _announce(
    client: AsyncWebClient, change: SeriesChange, upcoming: Occurrence | None
) -> None:
    series = change.after or change.before
    if series is None or not series.channel:
        return  # a series from the settings file may have no channel: nobody to tell
    notice = render_series_notice(change, upcoming)
    try:
        await client.chat_postMessage(channel=series.channel, **notice.as_kwargs())
    except SlackApiError as error:
        reason = error.response.get("error")
        log.warning("series %s: change not announced (%s)", series.key, reason)
        text = (
            f"Saved. I could not post the news in <#{series.channel}>, though: invite me "
            "there (`/invite @pmm-bot`), or its reminders cannot go out either."
        )
        await client.chat_postMessage(channel=change.by, text=text)


async def _correct_posted_reminders(
    client: AsyncWebClient, before: MeetingService, after: MeetingService
) -> None:
    """A reminder posted for a meeting whose time the edit changed says the new time now
    (reminders are keyed by the meeting's day, so that day's later ones are not posted
    again: nobody must act on the old time)."""
    if not before.channel:
        return
    for ts, change in await asyncio.to_thread(_outdated_reminders, before, after):
        edited = render_superseded_reminder(change, after.config)
        try:
            await client.chat_update(channel=before.channel, ts=ts, **edited.as_kwargs())
        except SlackApiError as error:
            log.warning("reminder %s not corrected (%s)", ts, error.response.get("error"))


def _outdated_reminders(
    before: MeetingService, after: MeetingService
) -> list[tuple[str, MeetingChange]]:
    """(posted reminder's ts, old and new meeting) for the next meetings whose time moved."""
    found = []
    for occurrence in after.upcoming(3):
        old = occurrence_on(before.config, Overrides(), occurrence.original_start.date())
        if occurrence.cancelled or old is None or old.start == occurrence.start:
            continue
        change = MeetingChange("move", old, occurrence)
        found += [(ts, change) for ts in after.posted_reminders(occurrence)]
    return found
