"""An edit that changes when a series meets applies from the edit on: the meetings before it
keep their times, in the expansion and in the feed (the old event ends with an UNTIL, a new
one starts at the first meeting after the edit)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar

from bot.meetings.config import MeetingConfig
from bot.meetings.eras import Era, parts, schedule_changed
from bot.meetings.feed import FeedState, build_calendar, era_uid
from bot.meetings.series import (
    Overrides,
    next_occurrences,
    occurrence_on,
    occurrences_between,
)

BERLIN = ZoneInfo("Europe/Berlin")
OLD = MeetingConfig()  # every other Tuesday 17:00 Berlin from 13 Jan 2026
LATER = OLD.model_copy(update={"first": datetime(2026, 1, 13, 18, 0)})  # an hour later
EDITED_AT = datetime(2026, 12, 2, 12, tzinfo=UTC)  # a Wednesday
HISTORY = (Era(OLD, EDITED_AT),)
SPAN = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC))


def starts(config: MeetingConfig, history=(), overrides=None) -> list[datetime]:
    found = occurrences_between(config, overrides or Overrides(), *SPAN, history)
    return [o.start for o in found if not o.cancelled]


def test_meetings_before_the_edit_keep_their_time_and_later_ones_take_the_new_one() -> None:
    found = starts(LATER, HISTORY)
    assert [f"{s:%d %b %H:%M}" for s in found] == [
        "03 Nov 17:00",
        "17 Nov 17:00",
        "01 Dec 17:00",  # before the edit: as they took place
        "15 Dec 18:00",  # after it: the new time, in the same fortnightly rhythm
        "29 Dec 18:00",
        "12 Jan 18:00",
        "26 Jan 18:00",
    ]
    assert starts(LATER) == [s.replace(hour=18) for s in found]  # without history: all moved


def test_overrides_stay_with_the_definition_they_were_made_on() -> None:
    past = datetime(2026, 11, 17, 17, tzinfo=BERLIN)
    future = datetime(2026, 12, 29, 18, tzinfo=BERLIN)
    overrides = Overrides(
        skipped=frozenset({future}), moved={past: datetime(2026, 11, 19, 16, tzinfo=BERLIN)}
    )
    found = starts(LATER, HISTORY, overrides)
    assert [f"{s:%d %b %H:%M}" for s in found[:2]] == ["03 Nov 17:00", "19 Nov 16:00"]
    assert future not in found
    moved = occurrence_on(LATER, overrides, past.date(), HISTORY)
    assert moved is not None
    assert (moved.moved, moved.original_start) == (True, past)


def test_a_shorter_meeting_after_the_edit_keeps_the_old_length_before_it() -> None:
    shorter = LATER.model_copy(update={"duration": timedelta(minutes=30)})
    found = occurrences_between(shorter, Overrides(), *SPAN, HISTORY)
    lengths = [o.end - o.start for o in found[:4]]
    assert lengths == [timedelta(hours=1)] * 3 + [timedelta(minutes=30)]


def test_a_counted_rule_keeps_its_count_across_the_edit() -> None:
    counted = OLD.model_copy(update={"rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=30"})
    edited = counted.model_copy(update={"first": datetime(2026, 1, 13, 18, 0)})
    history = (Era(counted, EDITED_AT),)
    years = datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC)
    every = occurrences_between(edited, Overrides(), *years, history)
    assert len(every) == 30
    for part in parts(edited, history):
        assert "COUNT" not in part.rule
        assert re.search(r"UNTIL=\d{8}T\d{6}Z", part.rule)  # RFC 5545: UTC, with a zoned DTSTART


def test_only_a_change_of_times_splits_the_series() -> None:
    assert schedule_changed(OLD, LATER)
    assert not schedule_changed(OLD, OLD.model_copy(update={"title": "Another name"}))
    assert not schedule_changed(OLD, OLD.model_copy(update={"join_url": "https://x.test/j"}))


def test_the_feed_ends_the_old_event_and_starts_a_new_one() -> None:
    state = FeedState(uid="default-abc@pmm.example")
    moved_zone = LATER.model_copy(update={"timezone": "America/New_York"})
    calendar = build_calendar(moved_zone, Overrides(), state, history=HISTORY)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [state.uid, era_uid(state.uid, 1)]
    old, new = events
    assert old["RRULE"]["UNTIL"] == [datetime(2026, 12, 1, 16, tzinfo=UTC)]
    assert new.decoded("DTSTART") == datetime(2026, 12, 15, 18, tzinfo=ZoneInfo("America/New_York"))
    zones = sorted(str(z["TZID"]) for z in calendar.walk("VTIMEZONE"))
    assert zones == ["America/New_York", "Europe/Berlin"]
    # What a client expands from the served text is what the bot expands.
    served = Calendar.from_ical(calendar.to_ical())
    expanded = [e.decoded("DTSTART") for e in recurring_ical_events.of(served).between(*SPAN)]
    assert [s.astimezone(UTC) for s in expanded] == [
        s.astimezone(UTC) for s in starts(moved_zone, HISTORY)
    ]


def test_an_unedited_series_has_one_event_with_its_own_rule() -> None:
    (only,) = parts(OLD)
    assert only.rule == OLD.rrule
    assert only.start == datetime(2026, 1, 13, 17, tzinfo=BERLIN)


def test_an_edit_after_todays_meeting_began_does_not_meet_again_today() -> None:
    # Edited at 17:45 on Tuesday 1 December, during the 17:00 meeting, to meet at 18:30:
    # one meeting a day, so the new hour starts with the next meeting.
    during = (Era(OLD, datetime(2026, 12, 1, 16, 45, tzinfo=UTC)),)
    half_past = OLD.model_copy(update={"first": datetime(2026, 1, 13, 18, 30)})
    found = [f"{s:%d %b %H:%M}" for s in starts(half_past, during)]
    assert found[2:4] == ["01 Dec 17:00", "15 Dec 18:30"]


def test_an_old_definition_whose_first_day_its_rule_skips_still_ends() -> None:
    # A Monday first meeting for a Tuesday rule: RFC 5545 counts DTSTART as a meeting.
    monday = MeetingConfig(first=datetime(2026, 1, 12, 17), rrule="FREQ=WEEKLY;BYDAY=TU")
    edited = monday.model_copy(update={"first": datetime(2026, 1, 12, 18)})
    history = (Era(monday, datetime(2026, 1, 12, 19, tzinfo=UTC)),)
    january = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    found = occurrences_between(edited, Overrides(), *january, history)
    assert [f"{o.start:%a %d %H:%M}" for o in found] == [
        "Mon 12 17:00", "Tue 13 18:00", "Tue 20 18:00", "Tue 27 18:00",
    ]  # fmt: skip


def test_a_longer_meeting_of_the_old_definition_still_going_on_is_upcoming() -> None:
    # A two-hour meeting began at 17:00; at 18:30 the series was edited to last an hour.
    long = OLD.model_copy(update={"duration": timedelta(hours=2)})
    edited = long.model_copy(update={"duration": timedelta(hours=1)})
    at = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)  # 18:30 Berlin
    upcoming = next_occurrences(edited, Overrides(), at, 1, (Era(long, at),))
    assert upcoming[0].start == datetime(2026, 12, 1, 17, tzinfo=BERLIN)
