"""The poll form's answers turned into a request, or into a sentence per wrong field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.polls.form import PollForm, read_form
from bot.polls.options import DEFAULT_QUESTION

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def test_own_choices_are_trimmed_deduplicated_and_kept_in_order() -> None:
    form = PollForm(question="  Which  topic? ", kind="own", choices_text="b\n\na\n b \nc")
    request, errors = read_form(form, now=NOW)
    assert errors == {}
    assert request.kind == "choices"
    assert request.title == "Which topic?"
    assert request.choices == ("b", "a", "c")


def test_several_answers_make_a_multi_poll_and_need_own_choices() -> None:
    request, _ = read_form(PollForm(kind="own", choices_text="a\nb", multiple=True), now=NOW)
    assert request.kind == "multi"
    _, errors = read_form(PollForm(kind="levels", multiple=True), now=NOW)
    assert set(errors) == {"multiple"}


def test_choices_typed_for_another_kind_are_pointed_out() -> None:
    _, errors = read_form(PollForm(kind="levels", choices_text="a\nb"), now=NOW)
    assert "Your own choices" in errors["kind"]


def test_too_few_too_many_and_too_long_choices() -> None:
    assert "you have 1" in read_form(PollForm(kind="own", choices_text="a"), now=NOW)[1]["choices"]
    eleven = "\n".join(str(i) for i in range(11))
    assert (
        "you have 11" in read_form(PollForm(kind="own", choices_text=eleven), now=NOW)[1]["choices"]
    )
    long = read_form(PollForm(kind="own", choices_text="a\n" + "x" * 80), now=NOW)[1]
    assert "under 75" in long["choices"]


def test_deadlines_quick_exact_both_and_out_of_range() -> None:
    assert read_form(PollForm(deadline="1d"), now=NOW)[0].duration == timedelta(days=1)
    assert read_form(PollForm(), now=NOW)[0].duration is None
    exact = read_form(PollForm(closes_at=NOW + timedelta(hours=5)), now=NOW)[0]
    assert exact.duration == timedelta(hours=5)
    both = read_form(PollForm(deadline="1h", closes_at=NOW + timedelta(hours=5)), now=NOW)[1]
    assert set(both) == {"deadline"}
    assert "passed" in read_form(PollForm(closes_at=NOW - timedelta(1)), now=NOW)[1]["closes_at"]
    far = read_form(PollForm(closes_at=NOW + timedelta(days=31)), now=NOW)[1]
    assert "30 days" in far["closes_at"]


def test_defaults_and_the_assessment_kind() -> None:
    request, _ = read_form(PollForm(), now=NOW)
    assert (request.kind, request.title, request.public, request.hidden) == (
        "single",
        DEFAULT_QUESTION,
        False,
        False,
    )
    assert read_form(PollForm(kind="assessment"), now=NOW)[0].kind == "assessment"
