"""The sync across DST changes on both continents and a 53-week year."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.meetings.config import ConfigFileError, MeetingConfig, load_file_config
from bot.meetings.series import Overrides, next_occurrences, occurrences_between
from bot.meetings.zone_notes import time_note as et_note

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
CONFIG = MeetingConfig()
START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2028, 1, 1, tzinfo=UTC)


def all_occurrences(overrides: Overrides | None = None):
    return occurrences_between(CONFIG, overrides or Overrides(), START, END)


def test_every_other_tuesday_at_17_berlin_for_two_years() -> None:
    found = all_occurrences()
    assert found[0].start == datetime(2026, 1, 13, 17, 0, tzinfo=BERLIN)
    assert len(found) == 52  # 26 a year
    for occurrence in found:
        local = occurrence.start.astimezone(BERLIN)
        assert (local.weekday(), local.hour, local.minute) == (1, 17, 0)
    dates = [o.start.astimezone(BERLIN).date() for o in found]
    assert {b - a for a, b in itertools.pairwise(dates)} == {timedelta(days=14)}


def test_utc_instant_follows_berlin_dst() -> None:
    by_date = {o.start.date(): o.start_utc for o in all_occurrences()}
    assert by_date[date(2026, 3, 24)].hour == 16  # still CET: EU changes on 29 March
    assert by_date[date(2026, 4, 7)].hour == 15  # CEST
    assert by_date[date(2026, 10, 20)].hour == 15  # CEST until 25 October
    assert by_date[date(2026, 11, 3)].hour == 16  # CET again


def test_53_week_year_does_not_break_the_fortnight() -> None:
    dates = [o.start.date() for o in all_occurrences()]
    assert date(2026, 12, 29) in dates  # ISO week 53 of 2026
    assert date(2027, 1, 12) in dates  # ISO week 2 of 2027
    weeks = [d.isocalendar().week for d in dates]
    # An "odd ISO weeks" rule (cron week='*/2') would have met twice in a row here:
    assert date(2027, 1, 5) not in dates
    assert 53 in weeks


def test_et_note_exactly_when_new_york_is_not_11() -> None:
    expected = {
        o.start.date() for o in all_occurrences()
        if o.start.astimezone(NEW_YORK).strftime("%H:%M") != "11:00"
    }  # fmt: skip
    noted = {o.start.date() for o in all_occurrences() if et_note(o, CONFIG)}
    assert noted == expected
    # 2026: the US springs forward on 8 March, Europe on 29 March; back on 25 Oct / 1 Nov.
    assert date(2026, 3, 10) in noted
    assert date(2026, 3, 24) in noted
    assert date(2026, 3, 10) in noted
    assert date(2026, 4, 7) not in noted
    assert date(2026, 10, 20) not in noted
    assert "12:00 in New York" in et_note(
        next(o for o in all_occurrences() if o.start.date() == date(2026, 3, 10)), CONFIG
    )


def test_skip_removes_one_occurrence_and_lists_it_as_cancelled() -> None:
    skipped = datetime(2026, 3, 24, 17, 0, tzinfo=BERLIN)
    found = all_occurrences(Overrides(skipped=frozenset({skipped})))
    (cancelled,) = [o for o in found if o.cancelled]
    assert cancelled.original_start == skipped
    assert len([o for o in found if not o.cancelled]) == 51


def test_move_across_a_dst_boundary() -> None:
    original = datetime(2026, 3, 24, 17, 0, tzinfo=BERLIN)  # CET
    new = datetime(2026, 3, 31, 17, 0, tzinfo=BERLIN)  # CEST
    found = all_occurrences(Overrides(moved={original: new}))
    (moved,) = [o for o in found if o.moved]
    assert moved.start == new
    assert moved.start_utc.hour == 15
    assert moved.original_start == original
    assert original not in [o.start for o in found]


def test_next_occurrences_start_from_now() -> None:
    now = datetime(2026, 12, 20, tzinfo=UTC)
    found = next_occurrences(CONFIG, Overrides(), now, 3)
    assert [o.start.date() for o in found] == [date(2026, 12, 29), date(2027, 1, 12),
                                               date(2027, 1, 26)]  # fmt: skip


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('timezone = "Europe/Berln"', "Europe/Berln"),
        ('rrule = "FREQ=SOMETIMES"', "RRULE"),
        ('reminders = ["15x"]', "15x"),
        ('first = "next tuesday"', "first"),
        ('duration = "forever"', "duration"),
    ],
)
def test_bad_config_names_key_and_value(tmp_path, toml: str, message: str) -> None:
    path = tmp_path / "pmm.toml"
    path.write_text(f"[meeting]\n{toml}\n")
    with pytest.raises(ConfigFileError, match=message):
        load_file_config(path)


def test_config_file_values_are_read(tmp_path) -> None:
    path = tmp_path / "pmm.toml"
    path.write_text('[meeting]\nfirst = 2026-02-03T16:00:00\ntimezone = "Europe/London"\n'
                    'reminders = ["2h"]\n')  # fmt: skip
    meeting = load_file_config(path).meetings[0]
    assert meeting.reminders == (timedelta(hours=2),)
    assert meeting.first == datetime(2026, 2, 3, 16, 0)
