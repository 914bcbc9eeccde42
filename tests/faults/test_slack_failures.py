"""Slack's Web API misbehaving: rate limits, 5xx and dropped connections are retried by the
slack_sdk retry handlers; votes are stored regardless and the tally converges; a reminder
Slack keeps refusing is tried again later and posted once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.conftest import start_bot, stop_bot
from tests.scenario.test_meetings import write_config
from tests.scenario.test_polls import start_poll, stored_votes, vote_buttons, wait_for_voters
from tests.support.blockkit import all_text


def test_rate_limited_and_failing_tally_updates_converge(running_bot) -> None:
    fake = running_bot.fake
    row = vote_buttons(start_poll(running_bot))[0]
    fake.fail("chat.update", 429, times=2, headers={"Retry-After": "1"})
    fake.fail("chat.update", 503, times=1)
    for i in range(10):
        running_bot.slack.action(
            row[i % 4]["action_id"], row[i % 4]["value"], user_id=f"U0RL{i:05d}"
        )
    assert stored_votes(running_bot) == 10
    final = wait_for_voters(running_bot, 10, timeout=20)
    assert "1 · Provisional: *3*" in all_text(final.params["blocks"])


def test_a_dropped_connection_is_retried_when_posting_a_poll(running_bot) -> None:
    running_bot.fake.fail("chat.postMessage", 0, times=1, drop=True)
    start_poll(running_bot, "poll Survives a dropped connection")


def test_server_errors_when_posting_a_poll_are_retried(running_bot) -> None:
    running_bot.fake.fail("chat.postMessage", 500, times=2)
    message = start_poll(running_bot, "poll Survives 500s")
    assert "Survives 500s" in all_text(message["blocks"])


def test_slack_refusing_a_poll_tells_the_user_privately(running_bot) -> None:
    running_bot.fake.handlers["chat.postMessage"] = lambda call: {
        "ok": False,
        "error": "not_in_channel",
    }
    running_bot.slack.command("poll Nobody invited me")
    (note,) = running_bot.fake.wait_for("response_url")
    assert "/invite @pmm-bot" in all_text(note.params["blocks"])
    assert running_bot.services.listings.open_in_channel("C0CHAN001") == []


def test_a_reminder_slack_refuses_for_a_while_is_posted_once_later(
    fake_slack, database_url, tmp_path, caplog
) -> None:
    # Due in 2 s; late posts allowed for half the offset (5 s): time for the client's own
    # retries (about 3 s of backoff) and one more try.
    start = datetime.now(UTC) + timedelta(seconds=12)
    config = write_config(tmp_path, first=start, reminders='["10s"]', rrule="FREQ=DAILY")
    # Three failures use up the client's own retries (1 try + 2 retries on 5xx).
    fake_slack.fail("chat.postMessage", 503, times=3)
    bot = start_bot(fake_slack, database_url, PMM_CONFIG=config, PMM_REMINDER_CHANNEL="C0SYNC0001")
    bot.services.reminders.retry_delay = timedelta(seconds=0.5)
    try:
        fake_slack.wait_for("chat.postMessage", timeout=15)
    finally:
        stop_bot(bot)  # waits for running jobs, so a duplicate would be counted below
    (posted,) = fake_slack.calls_to("chat.postMessage")  # refused calls are not recorded
    assert "starting in 10 seconds" in all_text(posted.params["blocks"])
    assert "not posted (fatal); retrying" in caplog.text
