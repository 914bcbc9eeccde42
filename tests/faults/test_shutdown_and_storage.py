"""Shutdown flushes pending tallies; a database failure is told to the user, never silent."""

from __future__ import annotations

import sqlite3
import time

from sqlalchemy.exc import OperationalError

from tests.conftest import start_bot, stop_bot
from tests.scenario.test_polls import start_poll, stored_votes, vote_buttons
from tests.support.blockkit import all_text
from tests.support.waiting import wait_until


def test_shutdown_pushes_the_tally_that_was_still_waiting(fake_slack, database_url) -> None:
    bot = start_bot(fake_slack, database_url, PMM_POLL_UPDATE_SECONDS=30)
    try:
        row = vote_buttons(start_poll(bot))[0]
        bot.slack.action(row[0]["action_id"], row[0]["value"], user_id="U0FIRST001")
        fake_slack.wait_for("chat.update")  # the first update goes out at once
        bot.slack.action(row[1]["action_id"], row[1]["value"], user_id="U0SECOND01")
        fake_slack.wait_for("response_url", count=2)  # the next update is 30 s away
        assert len(fake_slack.calls_to("chat.update")) == 1
    finally:
        stop_bot(bot)  # what SIGTERM does
    last = fake_slack.calls_to("chat.update")[-1]
    assert "2 people have voted" in all_text(last.params["blocks"])


def test_a_vote_that_cannot_be_stored_is_reported_to_the_voter(running_bot, monkeypatch) -> None:
    row = vote_buttons(start_poll(running_bot))[0]

    def broken(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(running_bot.services.votes.recorder, "record", broken)
    reply = running_bot.slack.action(row[0]["action_id"], row[0]["value"], user_id="U0UNLUCKY1")
    assert reply.status == 500  # Slack shows its own failure mark on the button too
    (note,) = running_bot.fake.wait_for("response_url")
    assert "nothing was changed" in note.params["text"]


def test_a_database_locked_by_another_process_refuses_the_vote_in_time(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot))[0]
    store = running_bot.services.polls
    poll_id = row[0]["value"].split(":")[0]
    wait_until(lambda: store.snapshot(poll_id).message_ts, what="the poll's ts stored")
    path = str(running_bot.services.db.engine.url.database)
    blocker = sqlite3.connect(path, isolation_level=None)  # as another process would
    blocker.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        reply = running_bot.slack.action(row[1]["action_id"], row[1]["value"], user_id="U0LOCKED1")
        (note,) = running_bot.fake.wait_for("response_url")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert reply.status == 500  # over Socket Mode: not acked, which Slack treats the same
    assert note.received_at - started < 3.0  # told while Slack still waits for the answer
    assert "nothing was changed" in note.params["text"]
    again = running_bot.slack.action(row[1]["action_id"], row[1]["value"], user_id="U0LOCKED1")
    assert again.status == 200
    assert stored_votes(running_bot) == 1
