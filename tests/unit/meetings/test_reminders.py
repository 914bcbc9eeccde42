"""Reminder planning and the late rule, with explicit times (no clock, no sleeping)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.meetings.config import MeetingConfig
from bot.meetings.reminders import late_decision, planned_reminders, reminder_phrase
from bot.meetings.series import Overrides

CONFIG = MeetingConfig()


def due_for(offset: timedelta):
    start = datetime(2026, 3, 23, tzinfo=UTC)
    dues = planned_reminders(CONFIG, Overrides(), start, start + timedelta(days=2))
    return next(d for d in dues if d.offset == offset)


def test_two_reminders_per_occurrence_with_stable_keys() -> None:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    dues = planned_reminders(CONFIG, Overrides(), start, start + timedelta(days=28))
    assert [d.key for d in dues] == [
        "2026-03-10/1d", "2026-03-10/15m",
        "2026-03-24/1d", "2026-03-24/15m",
    ]  # fmt: skip


def test_skipped_meetings_get_no_reminders() -> None:
    from zoneinfo import ZoneInfo

    skipped = datetime(2026, 3, 24, 17, tzinfo=ZoneInfo("Europe/Berlin"))
    start = datetime(2026, 3, 20, tzinfo=UTC)
    dues = planned_reminders(CONFIG, Overrides(skipped=frozenset({skipped})), start,
                             start + timedelta(days=7))  # fmt: skip
    assert dues == []


@pytest.mark.parametrize(
    ("after_fire", "expected"),
    [
        (timedelta(seconds=-1), "wait"),
        (timedelta(0), "post"),
        (timedelta(minutes=7, seconds=30), "post"),  # exactly half of 15 minutes late
        (timedelta(minutes=7, seconds=31), "skip"),
        (timedelta(minutes=15), "skip"),  # the meeting has started
    ],
)
def test_late_rule_for_the_15_minute_reminder(after_fire: timedelta, expected: str) -> None:
    due = due_for(timedelta(minutes=15))
    assert late_decision(due, due.fire_at + after_fire) == expected


def test_day_before_reminder_may_be_up_to_12_hours_late() -> None:
    due = due_for(timedelta(hours=24))
    assert late_decision(due, due.fire_at + timedelta(hours=12)) == "post"
    assert late_decision(due, due.fire_at + timedelta(hours=12, seconds=1)) == "skip"


@pytest.mark.parametrize(
    ("offset", "phrase"),
    [
        (timedelta(minutes=15), "starting in 15 minutes"),
        (timedelta(hours=24), "in 24 hours"),
        (timedelta(hours=2), "in 2 hours"),
        (timedelta(days=3), "in 3 days"),
    ],
)
def test_phrases(offset: timedelta, phrase: str) -> None:
    assert reminder_phrase(offset) == phrase
