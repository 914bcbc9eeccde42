"""Slack date tokens: `<!date^EPOCH^format|fallback>` renders in each reader's own zone.

The fallback shows where the token cannot render (notifications, e-mail digests, some
clients), so it must name the same instant as EPOCH: the UTC time labelled UTC, or the time
in a given zone labelled with that zone's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.meetings.config import MeetingConfig
    from bot.meetings.series import Occurrence

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def date_fallback(when: datetime, zone: str | None = None) -> str:
    """`2027-06-15 15:00 UTC`, or with a zone `2027-06-15 17:00 Europe/Berlin`."""
    if zone is None or zone == "UTC":
        return f"{when.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return f"{when.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M} {zone}"


def slack_date(
    when: datetime, fmt: str = "{date_short_pretty} at {time}", *, zone: str | None = None
) -> str:
    """A date every reader sees in their own zone; the fallback in UTC or in `zone`."""
    return f"<!date^{int(when.timestamp())}^{fmt}|{date_fallback(when, zone)}>"


DAY_AND_TIME = "{date_long_pretty} at {time}"


def meeting_when(
    occurrence: Occurrence, config: MeetingConfig, fmt: str = DAY_AND_TIME, zone: str | None = None
) -> str:
    """A meeting's start as a date token, `Tuesday, March 9th, 2027 at 17:00` in the reader's
    zone; where Slack cannot render it, in `zone` (default: the meeting's)."""
    return slack_date(occurrence.start, fmt, zone=zone or config.timezone)
