"""When a series is edited, its future skips, moves and agenda items follow their day.

Overrides and agenda items are keyed on an occurrence's usual start. After an edit (another
hour, zone or cadence) the occurrence of the same day has a new usual start: each future key is
moved to it, or, for a skip or move of a day the series no longer meets on, dropped.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlmodel import Session

from bot.meetings.config import MeetingConfig
from bot.meetings.series import series_starts
from storage import agenda_repo, meetings_repo


def same_day_start(before: MeetingConfig, after: MeetingConfig, start: datetime) -> datetime | None:
    """The edited series' usual start on the day `start` had in the series before (that
    day as its organisers saw it, in the old zone); None when it no longer meets that day."""
    day = start.astimezone(before.zone).date()
    midnight = datetime.combine(day, time(0), after.zone)
    found = series_starts(after, midnight, midnight + timedelta(days=1))
    return found[0] if found else None


def rekey_series(
    *, session: Session, before: MeetingConfig, after: MeetingConfig, since: datetime
) -> int:
    """Move the future overrides and agenda items of `before` to `after`'s starts; how many
    overrides were dropped."""
    dropped = 0
    key = after.id
    for override in meetings_repo.list_overrides(session=session, series_key=key):
        if override.original_start < since:
            continue
        to = same_day_start(before, after, override.original_start)
        if to is None:
            dropped += 1
        if to != override.original_start:
            meetings_repo.rekey_override(
                session=session, series_key=key, original_start=override.original_start, to=to
            )
    for occurrence in agenda_repo.occurrences_with_items(
        session=session, series_key=key, since=since
    ):
        to = same_day_start(before, after, occurrence)
        if to is not None and to != occurrence:
            agenda_repo.rekey_items(session=session, series_key=key, occurrence=occurrence, to=to)
    return dropped
