"""Two replicas on one database receive clicks for the same poll: the message ends on the
database's count, and edits from both together stay one per interval, never overlapping."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

from tests.conftest import start_bot, stop_bot
from tests.scenario.test_polls import start_poll, stored_votes, vote_buttons, wait_for_voters


def test_tally_from_two_replicas_ends_on_the_database_count(fake_slack, database_url) -> None:
    replicas = [start_bot(fake_slack, database_url, PMM_POLL_UPDATE_SECONDS=0.5) for _ in "ab"]
    try:
        row = vote_buttons(start_poll(replicas[0]))[0]

        def click(i: int) -> int:
            bot = replicas[i % 2]
            button = row[i % 4]
            return bot.slack.action(
                button["action_id"], button["value"], user_id=f"U0REPL{i:04d}"
            ).status

        with ThreadPoolExecutor(max_workers=8) as pool:
            assert set(pool.map(click, range(80))) == {200}
        assert stored_votes(replicas[0]) == 80
        wait_for_voters(replicas[0], 80, timeout=15)
        # Edits while serving; shutdown may add one final flush, outside the interval.
        updates = fake_slack.calls_to("chat.update")
    finally:
        for bot in replicas:
            stop_bot(bot)
    assert "80 people have voted" in str(fake_slack.calls_to("chat.update")[-1].params["blocks"])
    assert "80 people have voted" in str(updates[-1].params["blocks"])
    gaps = [b.received_at - a.received_at for a, b in itertools.pairwise(updates)]
    assert all(gap >= 0.45 for gap in gaps), gaps
