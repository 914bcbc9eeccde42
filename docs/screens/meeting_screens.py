"""The meeting-series screens for make_screens.py: the Add a meeting form filled in for an
APAC series, its preview of the next five meetings showing; and the top of an organiser's
App Home, its Meetings section listing two series (the APAC one paused) and the latest
changes. Built from the bot's own form, rendering and cadence code; no database, no Slack.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.blocks.home_blocks import HomeData, render_home
from bot.blocks.meeting_admin import SeriesLine, home_meeting_blocks
from bot.blocks.series_modal import series_view
from bot.maturity.model import MaturityModel
from bot.meetings.catalog import ChangeRecord
from bot.meetings.config import MeetingConfig
from bot.meetings.series import Occurrence, Overrides, next_occurrences
from bot.meetings.series_form import SeriesForm, read_series_form

WG_CHANNEL = "C0456"  # #platform-wg
APAC_FORM = SeriesForm(
    title="APAC community meeting",
    key="apac",
    zone="Asia/Kolkata",
    first_date="2026-03-18",
    first_time="08:00",
    cadence="weekly",
    channel=WG_CHANNEL,
    reminders="24h, 15m",
    display_zones=("Asia/Tokyo", "Australia/Sydney"),
)


def meeting_form_view(now: datetime) -> dict[str, Any]:
    """The Add a meeting form as the APAC organiser left it, before Save."""
    return series_view(APAC_FORM, now=now)


def _next(config: MeetingConfig, now: datetime) -> Occurrence | None:
    upcoming = next_occurrences(config, Overrides(), now, 4)
    return next((o for o in upcoming if not o.cancelled), None)


def _changes(sync: MeetingConfig, apac: MeetingConfig) -> list[ChangeRecord]:
    """The change log, newest first: the sync seeded at the first start, APAC added,
    changed and paused by two organisers."""
    at = datetime.fromisoformat
    return [
        ChangeRecord(apac.id, apac.title, "pause", "U001", at("2026-03-14T10:05:00+00:00")),
        ChangeRecord(apac.id, apac.title, "edit", "U000", at("2026-03-12T15:20:00+00:00")),
        ChangeRecord(apac.id, apac.title, "add", "U000", at("2026-03-12T15:02:00+00:00")),
        ChangeRecord(sync.id, sync.title, "seed", "", at("2026-01-08T08:00:00+00:00")),
    ]


def meetings_home_view(model: MaturityModel, now: datetime, channel: str) -> dict[str, Any]:
    """An organiser's App Home down to the end of its Meetings section: the default sync
    (every other Tuesday, 17:00 Berlin) posting in `channel`, the APAC series paused."""
    sync = MeetingConfig(
        channel=channel,
        join_url="https://zoom.us/j/123456789",
        agenda_url="https://docs.example.org/agenda",
    )
    apac, errors = read_series_form(APAC_FORM, now=now, taken=frozenset({sync.id}))
    assert apac is not None, errors
    lines = [SeriesLine(sync, False, _next(sync, now)), SeriesLine(apac, True, None)]
    meetings = home_meeting_blocks(lines, _changes(sync, apac), organizer=True)
    data = HomeData(
        next_meeting=_next(sync, now), meeting_config=sync, organizer=True, meetings=meetings
    )
    view = render_home(model, data, now)
    end = view["blocks"].index(meetings[-1]) + 1
    return {**view, "blocks": view["blocks"][:end]}
