"""The App Home tab, published whenever someone opens it."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.assessment.scoring import changes
from bot.blocks.home_assessments import LatestPicture, home_assessment_blocks
from bot.blocks.home_blocks import HomeData, render_home
from bot.blocks.meeting_admin import MAX_SHOWN, SeriesLine, home_meeting_blocks, page_start_of
from handlers.needs import SlackNeeds
from handlers.services import Services

NEEDS = SlackNeeds(bot_events=frozenset({"app_home_opened"}), home_tab=True, interactivity=True)


async def home_view(
    services: Services, user_id: str, page_start: int = 0, meetings_start: int = 0
) -> dict[str, Any]:
    """Everything the user's Home tab shows, rendered (organisers' poll list from
    `page_start`, the meeting series from `meetings_start`)."""
    listings = services.listings
    primary = await asyncio.to_thread(services.meetings.primary)  # None: no series left
    own, voted = await asyncio.to_thread(listings.home_polls, user_id)
    organizer = await services.organizers.is_organizer(user_id)
    data = HomeData(
        assessments=await _assessments(services, user_id),
        meetings=await asyncio.to_thread(_meetings, services, organizer, meetings_start),
        next_meeting=await asyncio.to_thread(primary.next_meeting) if primary else None,
        meeting_config=primary.config if primary else None,
        own_polls=own,
        voted_polls=voted,
        organizer=organizer,
        recent_polls=await asyncio.to_thread(listings.overview, 1000) if organizer else [],
        page_start=page_start,
    )
    return render_home(services.model, data, services.clock.now())


def _meetings(services: Services, organizer: bool, start: int) -> list[dict[str, Any]]:
    """A page of the series with their next meetings; for organisers the latest changes."""
    catalog = services.meetings
    every = catalog.all()
    start = page_start_of(len(every), start)  # a page a deletion left empty: the last one
    shown = set(range(start, start + MAX_SHOWN))
    # Only the shown page's next meetings are worked out (each is an expansion of its rule).
    lines = [
        SeriesLine(s.config, s.paused, s.next_meeting() if i in shown else None)
        for i, s in enumerate(every)
    ]
    changes = catalog.recent_changes(5, every) if organizer else []
    return home_meeting_blocks(lines, changes, organizer=organizer, start=start)


async def _assessments(services: Services, user_id: str) -> list[dict[str, Any]]:
    # Only channels where the person started or answered one: Home shows nothing of others.
    service = services.assessments
    open_ones = await asyncio.to_thread(service.recent_for, user_id, "open")
    closed = await asyncio.to_thread(service.recent_for, user_id, "closed", 1)
    latest = None
    if closed:
        poll = closed[0]
        pictures = await asyncio.to_thread(service.team, poll.poll_id)
        previous = await asyncio.to_thread(service.previous, poll)
        before = await asyncio.to_thread(service.team, previous.poll_id) if previous else None
        latest = LatestPicture(poll, pictures, changes(pictures, before) if before else None)
    return home_assessment_blocks(open_ones, latest, services.model)


async def publish_home(
    services: Services,
    client: AsyncWebClient,
    user_id: str,
    page_start: int = 0,
    meetings_start: int = 0,
) -> None:
    """Publish (or refresh) the user's Home tab."""
    view = await home_view(services, user_id, page_start, meetings_start)
    await client.views_publish(user_id=user_id, view=view)


def register(app: AsyncApp, services: Services) -> None:
    """Publish the view on `app_home_opened`, after the ack."""

    @app.event("app_home_opened")
    async def handle_home_opened(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") == "home":
            services.background.spawn(publish_home(services, client, event["user"]))
