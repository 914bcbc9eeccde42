"""Slack date tokens: the fallback names the same instant as the epoch, everywhere."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.blocks.dates import slack_date

TOKEN = re.compile(r"<!date\^(\d+)\^[^|>]*\|(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) ([^>]+)>")


def fallback_instant(token: str) -> tuple[datetime, datetime]:
    """(the epoch's instant, the fallback's instant) of one token."""
    epoch, shown, zone = TOKEN.fullmatch(token).groups()
    tz = UTC if zone == "UTC" else ZoneInfo(zone)
    local = datetime.strptime(shown, "%Y-%m-%d %H:%M").replace(tzinfo=tz)
    return datetime.fromtimestamp(int(epoch), UTC), local.astimezone(UTC)


@pytest.mark.parametrize(
    ("zone", "when"),
    [
        ("Europe/Berlin", datetime(2027, 6, 15, 17)),  # east of UTC, summer
        ("Europe/Berlin", datetime(2027, 1, 12, 17)),  # east, winter
        ("America/Los_Angeles", datetime(2027, 7, 6, 9)),  # west, summer
        ("America/Los_Angeles", datetime(2027, 12, 7, 9)),  # west, winter
        ("Australia/Sydney", datetime(2027, 1, 5, 3)),  # southern summer
        ("Asia/Kolkata", datetime(2027, 3, 3, 8)),
    ],
)
def test_fallback_is_the_epochs_instant_in_utc_and_in_the_zone(zone: str, when) -> None:
    aware = when.replace(tzinfo=ZoneInfo(zone))
    for token in (slack_date(aware), slack_date(aware, "{date_long}", zone=zone)):
        epoch, shown = fallback_instant(token)
        assert epoch == shown == aware.astimezone(UTC)


def test_the_fallback_says_which_zone() -> None:
    june = datetime(2027, 6, 15, 17, tzinfo=ZoneInfo("Europe/Berlin"))
    assert slack_date(june).endswith("|2027-06-15 15:00 UTC>")
    assert slack_date(june, zone="Europe/Berlin").endswith("|2027-06-15 17:00 Europe/Berlin>")
