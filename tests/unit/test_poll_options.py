"""Reading `/pmm poll` arguments."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.durations import format_duration, parse_duration
from bot.polls.options import (
    DEFAULT_ASSESSMENT_TITLE,
    DEFAULT_QUESTION,
    PollOptionsError,
    parse_poll_args,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        ("1d", timedelta(days=1)),
        ("1h30m", timedelta(minutes=90)),
        ("2 hours", timedelta(hours=2)),
        ("90s", timedelta(seconds=90)),
        ("1w", timedelta(weeks=1)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected
    assert parse_duration(format_duration(expected)) == expected


@pytest.mark.parametrize("text", ["", "0m", "m", "5", "2 fortnights", "-1h", "1.5h"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_defaults() -> None:
    assert parse_poll_args("").title == DEFAULT_QUESTION
    request = parse_poll_args("aspects")
    assert request.kind == "aspects"
    assert request.title == DEFAULT_ASSESSMENT_TITLE
    assert not request.public
    assert not request.hidden
    assert request.duration is None


def test_trailing_options_are_read_and_the_rest_is_the_question() -> None:
    request = parse_poll_args("Where are we now? for 2h public hidden")
    assert request.title == "Where are we now?"
    assert request.duration == timedelta(hours=2)
    assert request.public
    assert request.hidden


def test_option_words_inside_the_question_stay_in_it() -> None:
    assert parse_poll_args("Is our portal public for everyone? hidden").title == (
        "Is our portal public for everyone?"
    )


def test_quoted_title_with_options_around_it() -> None:
    request = parse_poll_args('aspects "Q3 public sector check" for 1d')
    assert request.kind == "aspects"
    assert request.title == "Q3 public sector check"
    assert request.duration == timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Where? for 90d", "30 days"),
        ("Where? for 0m", "not a duration"),
        ("x" * 300, "under 200"),
        ('"Title" nonsense words', "don't understand"),
        ("Where? public anonymous", "not both"),
    ],
)
def test_errors_say_how_to_fix_it(text: str, message: str) -> None:
    with pytest.raises(PollOptionsError, match=message):
        parse_poll_args(text)


@pytest.mark.parametrize(
    ("text", "title", "public", "hidden"),
    [
        ('Is it "public"? public hidden', 'Is it "public"?', True, True),
        ('"Where next?" for 2h public', "Where next?", True, False),
        ('for 2h "Who is in for lunch?"', "Who is in for lunch?", False, False),
        ("What's next? public", "What's next?", True, False),
        ("Is it “public”?", "Is it “public”?", False, False),
        ('"public"', "public", False, False),
        ('Ship it "hidden"', 'Ship it "hidden"', False, False),
    ],
)
def test_quotes_follow_shell_rules_and_quoted_words_are_never_options(
    text: str, title: str, public: bool, hidden: bool
) -> None:
    request = parse_poll_args(text)
    assert (request.title, request.public, request.hidden) == (title, public, hidden)


def test_an_unterminated_quote_gets_a_clear_answer() -> None:
    with pytest.raises(PollOptionsError, match="never closes"):
        parse_poll_args('"Where next? for 2h')
