"""Deadlines close polls on time, also across a restart, from the database alone."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from bot.polls.options import PollRequest
from tests.conftest import start_bot, stop_bot
from tests.scenario.test_polls import start_poll, vote_buttons


def test_poll_with_a_deadline_closes_by_itself(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot, "poll Quick one for 5s"))[0]
    running_bot.slack.action(row[1]["action_id"], row[1]["value"], user_id="U0EARLY01")
    complete = running_bot.fake.wait_for("files.completeUploadExternal", timeout=15)
    assert "Final results" in complete[0].params["initial_comment"]


def test_deadline_survives_a_restart_and_closes_on_time(fake_slack, database_url) -> None:
    first = start_bot(fake_slack, database_url)
    try:
        start_poll(first, "poll Survives restarts for 5s")
        posted_at = time.monotonic()
    finally:
        stop_bot(first)
    assert fake_slack.calls_to("files.completeUploadExternal") == []
    second = start_bot(fake_slack, database_url)
    try:
        fake_slack.wait_for("files.completeUploadExternal", timeout=15)
        closed_after = time.monotonic() - posted_at
        assert 4.0 <= closed_after <= 12.0, closed_after
    finally:
        stop_bot(second)


def test_overdue_poll_closes_at_once_on_start(fake_slack, database_url) -> None:
    first = start_bot(fake_slack, database_url)
    try:
        services = first.services
        created = datetime.now(UTC) - timedelta(hours=2)
        poll = services.polls.create(
            model=services.model,
            request=PollRequest("single", "Old", timedelta(hours=1), False, False),
            channel_id="C0OLD0001",
            creator_id="U0OLD0001",
            now=created,
        )
        services.polls.attach_message(poll.poll_id, "1700000000.999999")
    finally:
        stop_bot(first)
    second = start_bot(fake_slack, database_url)
    try:
        (update,) = fake_slack.wait_for("chat.update", timeout=10)
        assert update.params["ts"] == "1700000000.999999"
        fake_slack.wait_for("files.completeUploadExternal")
    finally:
        stop_bot(second)
