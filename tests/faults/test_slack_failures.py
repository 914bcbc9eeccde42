"""Slack's Web API misbehaving: rate limits, 5xx and dropped connections are retried by the
slack_sdk retry handlers; votes are stored regardless and the tally converges."""

from __future__ import annotations

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
    assert "*3* · 1 · Provisional" in all_text(final.params["blocks"])


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
    assert running_bot.bot.deps.polls.store.open_in_channel("C0CHAN001") == []
