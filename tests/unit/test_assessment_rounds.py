"""Assessment rounds open at the same wall-clock time in their zone, whatever DST does."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.assessment.rounds import QUARTERLY, next_round, rounds_between


def test_every_quarter_at_ten_berlin_time_across_dst() -> None:
    first = datetime(2027, 1, 12, 10, 0)  # winter: 09:00 UTC
    year = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    opens = rounds_between(QUARTERLY, first, "Europe/Berlin", *year)
    assert opens == [
        datetime(2027, 1, 12, 9, 0, tzinfo=UTC),
        datetime(2027, 4, 12, 8, 0, tzinfo=UTC),  # summer time: still 10:00 in Berlin
        datetime(2027, 7, 12, 8, 0, tzinfo=UTC),
        datetime(2027, 10, 12, 8, 0, tzinfo=UTC),
    ]


def test_the_next_round_is_strictly_after_now() -> None:
    first = datetime(2027, 1, 12, 10, 0)
    at_first = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    assert next_round(QUARTERLY, first, "Europe/Berlin", at_first) == datetime(
        2027, 4, 12, 8, 0, tzinfo=UTC
    )
    before = datetime(2026, 12, 1, tzinfo=UTC)
    assert next_round(QUARTERLY, first, "Europe/Berlin", before) == at_first


def test_a_rule_that_ends_has_no_next_round() -> None:
    first = datetime(2027, 1, 12, 10, 0)
    rule = QUARTERLY + ";COUNT=2"
    late = datetime(2027, 5, 1, tzinfo=UTC)
    assert next_round(rule, first, "Asia/Kolkata", late) is None
