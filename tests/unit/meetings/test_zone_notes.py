"""The "not the usual time" note: derived per display zone, with the true reason."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.meetings.config import MeetingConfig
from bot.meetings.series import Overrides, occurrences_between
from bot.meetings.zone_notes import time_note, usual_time, zone_notes

START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
BERLIN_DEFAULT = MeetingConfig()
NEW_YORK_MEETING = MeetingConfig(
    timezone="America/New_York",
    display_timezones=("Europe/Berlin", "Europe/London", "America/New_York", "Asia/Kolkata"),
)


def occurrences(config: MeetingConfig, overrides: Overrides | None = None):
    return occurrences_between(config, overrides or Overrides(), START, END)


def test_the_default_note_is_word_for_word_what_it_was() -> None:
    (march_10,) = [o for o in occurrences(BERLIN_DEFAULT) if o.start.date() == date(2026, 3, 10)]
    assert time_note(march_10, BERLIN_DEFAULT) == (
        "Heads-up: this week it's 12:00 in New York, not the usual 11:00 ET, because the US "
        "and Europe change clocks on different dates."
    )


def test_a_new_york_meeting_is_noted_only_in_the_weeks_clocks_are_out_of_step() -> None:
    noted = {
        o.start.date() for o in occurrences(NEW_YORK_MEETING) if time_note(o, NEW_YORK_MEETING)
    }
    berlin = ZoneInfo("Europe/Berlin")
    expected = {
        o.start.date()
        for o in occurrences(NEW_YORK_MEETING)
        if o.start.astimezone(berlin).hour != 23  # 17:00 New York is 23:00 Berlin
    }
    assert noted == expected
    assert 0 < len(noted) <= 8  # a few weeks a year, not every week
    (note,) = [time_note(o, NEW_YORK_MEETING) for o in occurrences(NEW_YORK_MEETING)
               if o.start.date() == date(2026, 3, 10)]  # fmt: skip
    assert note == (
        "Heads-up: this week it's 22:00 in Berlin, not the usual 23:00, because Europe and "
        "the US change clocks on different dates."
    )


def test_a_zone_without_dst_sees_a_season_not_a_surprise() -> None:
    kolkata = [n for o in occurrences(BERLIN_DEFAULT) for n in zone_notes(o, BERLIN_DEFAULT)
               if n.zone == "Asia/Kolkata"]  # fmt: skip
    assert kolkata == []
    assert usual_time(BERLIN_DEFAULT, 2026, "Asia/Kolkata") == "20:30"  # summer is longer


def test_a_moved_meeting_says_it_was_moved() -> None:
    original = datetime(2026, 6, 16, 17, tzinfo=ZoneInfo("Europe/Berlin"))
    moved = Overrides(moved={original: original.replace(hour=18)})
    (occurrence,) = [o for o in occurrences(BERLIN_DEFAULT, moved) if o.moved]
    note = time_note(occurrence, BERLIN_DEFAULT)
    assert note is not None
    assert note == (
        "Heads-up: this week it's 17:00 in London, not the usual 16:00, because the meeting "
        "was moved."
    )  # one sentence for a move, naming the first display zone
    assert "change clocks" not in note


def test_usual_et_time_still_overrides() -> None:
    config = MeetingConfig(usual_et_time="12:00")
    ny = ZoneInfo("America/New_York")
    noted = [
        o
        for o in occurrences(config)
        if any(n.zone == "America/New_York" for n in zone_notes(o, config))
    ]
    assert all(o.start.astimezone(ny).hour == 11 for o in noted)
    assert len(noted) > 40
