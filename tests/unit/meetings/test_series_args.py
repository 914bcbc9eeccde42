"""The meeting commands' arguments: an optional series, a count, dates and times."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.meetings.series_args import (
    MeetingArgs,
    parse_meeting_args,
    split_count,
    split_series_word,
)
from bot.meetings.service import MeetingChangeError

KEYWORDS = frozenset({"add", "last", "remove"})


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", ("", 6)),
        ("10", ("", 10)),
        ("apac 10", ("apac", 10)),
        ("10 apac", ("apac", 10)),
        ("APAC  sync", ("APAC sync", 6)),
        ("apac 0", ("apac", 1)),
        ("apac 500", ("apac", 20)),
        ("apac ²", ("apac ²", 6)),  # a digit to str.isdigit, not a number
    ],
)
def test_split_count(args: str, expected: tuple[str, int]) -> None:
    assert split_count(args) == expected


def test_the_series_word_is_taken_only_when_it_is_exactly_an_id() -> None:
    keys = {"apac", "emea", "last"}
    assert split_series_word("apac add Golden paths", keys, KEYWORDS) == (
        "apac",
        "add Golden paths",
    )
    assert split_series_word("APAC", keys, KEYWORDS) == ("apac", "")
    assert split_series_word("add apac tooling", keys, KEYWORDS) == ("", "add apac tooling")
    assert split_series_word("apa add x", keys, KEYWORDS) == ("", "apa add x")  # no guessing
    assert split_series_word("last", keys, KEYWORDS) == ("", "last")  # the keyword wins


def test_meeting_args_with_and_without_a_series() -> None:
    assert parse_meeting_args("skip 2027-03-09") == MeetingArgs("skip", "", date(2027, 3, 9))
    assert parse_meeting_args("skip  APAC 2027-03-09") == MeetingArgs(
        "skip", "apac", date(2027, 3, 9)
    )
    moved = parse_meeting_args("move apac sync 2027-03-09 2027-03-10 18:30")
    assert moved == MeetingArgs(
        "move", "apac sync", date(2027, 3, 9), date(2027, 3, 10), time(18, 30)
    )
    assert moved.command("apac") == "/pmm meeting move apac 2027-03-09 2027-03-10 18:30"
    assert parse_meeting_args("move 2027-03-09 7:05").at == time(7, 5)
    assert parse_meeting_args("move 2030-12-10 2030-12-12 18:00") == MeetingArgs(
        "move", "", date(2030, 12, 10), date(2030, 12, 12), time(18, 0)
    )
    # The series after the date reads the same as before it.
    assert parse_meeting_args("skip 2027-03-09 apac") == MeetingArgs(
        "skip", "apac", date(2027, 3, 9)
    )
    assert parse_meeting_args("move 2027-03-09 18:30 APAC sync") == MeetingArgs(
        "move", "apac sync", date(2027, 3, 9), None, time(18, 30)
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("skip tomorrow", "can't read"),
        ("skip 2027-02-30", "not a date in the calendar"),
        ("move apac 2027-03-09", "Say the new time"),
        ("move 2027-03-09 25:00", "not a time of day"),
        ("skip emea 2027-03-09 apac", "Name the meeting once"),
    ],
)
def test_meeting_args_refused_in_plain_words(args: str, says: str) -> None:
    with pytest.raises(MeetingChangeError, match=says):
        parse_meeting_args(args)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_either_parses_or_is_explained(text: str) -> None:
    _name, count = split_count(text)
    assert 1 <= count <= 20
    try:
        parse_meeting_args(text)
    except MeetingChangeError as error:
        message = str(error)
        assert message
        assert "<!" not in message
        assert "<@" not in message
