"""The official scoring rule and the team's picture, against hand-computed examples."""

from __future__ import annotations

from bot.assessment.scoring import (
    NOT_SURE,
    aspect_score,
    changes,
    most_disagreed,
    person_scores,
    team_picture,
    two_decimals,
)

ASPECTS = ["investment", "adoption"]
ASPECT_OF = {"investment-1": "investment", "investment-2": "investment",
             "investment-3": "investment", "investment-4": "investment",
             "adoption-1": "adoption", "adoption-2": "adoption"}  # fmt: skip


def test_an_aspect_scores_the_mean_of_its_answers_to_two_decimals() -> None:
    assert aspect_score([1, 2, 2, 4]) == 2.25
    assert aspect_score([3, 3, 4]) == 3.33  # 3.333...
    assert aspect_score([2, 3, 3]) == 2.67  # 2.666...
    assert aspect_score([4, 4, 4, 4]) == 4.0


def test_not_sure_is_left_out_and_nothing_answered_is_no_score() -> None:
    assert aspect_score([2, NOT_SURE, 4, NOT_SURE]) == 3.0
    assert aspect_score([NOT_SURE, NOT_SURE]) is None
    assert aspect_score([]) is None


def test_rounding_is_half_up_as_the_page_shows_it() -> None:
    assert two_decimals(2.335) == 2.34
    assert two_decimals(2.125) == 2.13
    assert two_decimals(1.0) == 1.0


def test_a_persons_scores_per_aspect() -> None:
    answers = {"investment-1": 1, "investment-2": 2, "investment-3": 2, "investment-4": 3,
               "adoption-1": NOT_SURE, "adoption-2": NOT_SURE}  # fmt: skip
    assert person_scores(answers, ASPECT_OF, ASPECTS) == {"investment": 2.0, "adoption": None}


def test_the_team_picture_per_aspect() -> None:
    team = {
        "a": {"investment-1": 1, "investment-2": 1, "adoption-1": 2, "adoption-2": 2},
        "b": {"investment-1": 4, "investment-2": 3, "adoption-1": 2, "adoption-2": NOT_SURE},
        "c": {"investment-1": 2, "investment-2": NOT_SURE, "adoption-1": 3, "adoption-2": 3},
    }
    investment, adoption = team_picture(team, ASPECT_OF, ASPECTS)
    # people's scores: a 1.0, b 3.5, c 2.0 -> mean 2.17, median 2.0
    assert (investment.people, investment.mean, investment.median) == (3, 2.17, 2.0)
    assert (investment.lowest, investment.highest, investment.spread) == (1, 4, 3)
    assert investment.counts == (2, 1, 1, 1)
    assert investment.not_sure == 1
    # people's scores: a 2.0, b 2.0, c 3.0 -> mean 2.33, median 2.0
    assert (adoption.mean, adoption.median, adoption.spread) == (2.33, 2.0, 1)
    assert most_disagreed([investment, adoption]) is investment


def test_an_aspect_nobody_answered_and_a_team_that_agrees() -> None:
    team = {"a": {"investment-1": 2, "adoption-1": NOT_SURE}, "b": {"investment-1": 2}}
    investment, adoption = team_picture(team, ASPECT_OF, ASPECTS)
    assert (adoption.people, adoption.mean, adoption.lowest, adoption.not_sure) == (
        0,
        None,
        None,
        1,
    )
    assert most_disagreed([investment, adoption]) is None


def test_changes_since_the_previous_assessment() -> None:
    before = team_picture({"a": {"investment-1": 1, "adoption-1": 3}}, ASPECT_OF, ASPECTS)
    now = team_picture({"a": {"investment-1": 3, "adoption-1": NOT_SURE}}, ASPECT_OF, ASPECTS)
    assert changes(now, before) == {"investment": 2.0, "adoption": None}
