"""Many clicks at once, repeated deliveries, and the coalesced tally."""

from __future__ import annotations

import itertools
import json
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from tests.scenario.test_polls import start_poll, stored_votes, vote_buttons, wait_for_voters


def test_200_users_clicking_at_once_give_exactly_200_votes(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot))[0]
    users = [f"U0CROWD{i:03d}" for i in range(200)]
    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(
            pool.map(
                lambda i: (
                    running_bot.slack.action(
                        row[i % 4]["action_id"], row[i % 4]["value"], user_id=users[i]
                    ).status
                ),
                range(200),
            )
        )
    assert statuses == [200] * 200
    assert stored_votes(running_bot) == 200
    final = wait_for_voters(running_bot, 200)
    assert "1 · Provisional: *50* (25%)" in json.dumps(final.params["blocks"], ensure_ascii=False)


def test_one_user_clicking_50_times_at_once_leaves_one_vote_or_none(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot))[0]
    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(
            pool.map(
                lambda i: (
                    running_bot.slack.action(
                        row[i % 2]["action_id"], row[i % 2]["value"], user_id="U0CLICKER"
                    ).status
                ),
                range(50),
            )
        )
    assert statuses == [200] * 50
    assert stored_votes(running_bot) in (0, 1)


def test_a_redelivered_click_changes_nothing(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot))[0]
    payload = {
        "type": "block_actions",
        "user": {"id": "U0RETRY01"},
        "team": {"id": "T1"},
        "channel": {"id": "C0CHAN001"},
        "container": {"type": "message", "message_ts": "1700000000.000001"},
        "response_url": running_bot.fake.response_url(),
        "actions": [
            {
                "action_id": row[1]["action_id"],
                "block_id": "vote_1",
                "value": row[1]["value"],
                "type": "button",
                "action_ts": "1700000123.456789",
            }
        ],
    }
    body = urlencode({"payload": json.dumps(payload)})
    content_type = "application/x-www-form-urlencoded"
    assert running_bot.slack.post(body, content_type).status == 200
    for retry in (1, 2, 3):
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        assert running_bot.slack.post(body, content_type, headers=headers).status == 200
    # Without deduplication the second delivery would have retracted the vote.
    assert stored_votes(running_bot) == 1
    notes = running_bot.fake.wait_for("response_url", count=4)
    assert sum("Already counted" in json.dumps(n.params["blocks"]) for n in notes) == 3


def test_tally_updates_are_spaced_by_the_interval_and_end_fresh(running_bot) -> None:
    interval = running_bot.services.settings.poll_update_seconds
    row = vote_buttons(start_poll(running_bot))[0]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(
            pool.map(
                lambda i: running_bot.slack.action(
                    row[0]["action_id"], row[0]["value"], user_id=f"U0BURST{i:03d}"
                ),
                range(60),
            )
        )
    wait_for_voters(running_bot, 60)
    updates = running_bot.fake.calls_to("chat.update")
    times = [u.received_at for u in updates]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(gap >= interval * 0.9 for gap in gaps), gaps
    assert len(updates) < 60


def test_a_retry_that_arrives_while_the_first_attempt_runs_changes_nothing(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot))[0]
    payload = {
        "type": "block_actions",
        "user": {"id": "U0RACER001"},
        "team": {"id": "T1"},
        "channel": {"id": "C0CHAN001"},
        "response_url": running_bot.fake.response_url(),
        "actions": [
            {
                "action_id": row[2]["action_id"],
                "block_id": "vote_1",
                "type": "button",
                "value": row[2]["value"],
                "action_ts": "1700000999.000001",
            }
        ],
    }
    body = urlencode({"payload": json.dumps(payload)})
    headers = [{}] + [
        {"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"} for n in (1, 2, 3)
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(
            pool.map(
                lambda h: (
                    running_bot.slack.post(
                        body, "application/x-www-form-urlencoded", headers=h
                    ).status
                ),
                headers,
            )
        )
    assert statuses == [200] * 4
    # Had two deliveries both toggled, the second would have retracted the first.
    assert stored_votes(running_bot) == 1
