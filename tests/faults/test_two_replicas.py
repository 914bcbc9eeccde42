"""Two replicas on one database (a SQLite file, and the shared PostgreSQL server) receive
clicks for the same poll: votes and closes take effect once, the message ends on the
database's count, and an older edit from one replica never lands after a newer one."""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from tests.conftest import RunningBot, start_bot, stop_bot
from tests.scenario.test_polls import (
    click,
    start_poll,
    stored_votes,
    vote_buttons,
    wait_for_voters,
)
from tests.support.blockkit import all_text
from tests.support.waiting import wait_until


@contextmanager
def two_replicas(fake_slack, db_url, **settings) -> Iterator[list[RunningBot]]:
    """Two bots on one database and one fake Slack; both stopped (as SIGTERM would) on exit,
    which waits for their running jobs, so anything they still do is counted after."""
    replicas = [start_bot(fake_slack, db_url, **settings) for _ in "ab"]
    try:
        yield replicas
    finally:
        for bot in replicas:
            stop_bot(bot)


def test_tally_from_two_replicas_ends_on_the_database_count(fake_slack, db_url) -> None:
    with two_replicas(fake_slack, db_url, PMM_POLL_UPDATE_SECONDS=0.5) as replicas:
        row = vote_buttons(start_poll(replicas[0]))[0]

        def vote(i: int) -> int:
            return click(replicas[i % 2], row[i % 4], f"U0REPL{i:04d}")

        with ThreadPoolExecutor(max_workers=8) as pool:
            assert set(pool.map(vote, range(80))) == {200}
        assert stored_votes(replicas[0]) == 80
        wait_for_voters(replicas[0], 80, timeout=15)
        # Edits while serving; shutdown may add one final flush, outside the interval.
        updates = fake_slack.calls_to("chat.update")
    assert "80 people have voted" in str(fake_slack.calls_to("chat.update")[-1].params["blocks"])
    assert "80 people have voted" in str(updates[-1].params["blocks"])
    gaps = [b.received_at - a.received_at for a, b in itertools.pairwise(updates)]
    assert all(gap >= 0.45 for gap in gaps), gaps


def _final_edits(fake_slack) -> list:
    return [c for c in fake_slack.calls_to("chat.update") if "✅" in all_text(c.params["blocks"])]


def _assert_closed_once(fake_slack, voters: int) -> None:
    """One results post in the thread, one final edit, and that edit is the last one."""
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == 1
    (final,) = _final_edits(fake_slack)
    assert fake_slack.calls_to("chat.update")[-1] is final
    text = all_text(final.params["blocks"])
    assert f"{voters} {'person has' if voters == 1 else 'people have'} voted" in text
    assert "pmm_vote" not in text


def test_close_clicked_on_both_replicas_at_once_closes_once(fake_slack, db_url) -> None:
    with two_replicas(fake_slack, db_url) as replicas:
        row = vote_buttons(start_poll(replicas[0], user="U0CREATOR"))[0]
        poll_id = row[0]["value"].split(":")[0]
        for i in range(6):
            assert click(replicas[i % 2], row[i % 4], f"U0CLOSE{i:03d}") == 200
        together = threading.Barrier(2)

        def close(bot: RunningBot) -> int:
            together.wait(timeout=5)
            return bot.slack.action("pmm_poll_close", poll_id, user_id="U0CREATOR").status

        with ThreadPoolExecutor(max_workers=2) as pool:
            assert list(pool.map(close, replicas)) == [200, 200]
        fake_slack.wait_for("files.completeUploadExternal", timeout=10)
    _assert_closed_once(fake_slack, voters=6)


def test_deadline_due_on_both_replicas_closes_once(fake_slack, db_url) -> None:
    first = start_bot(fake_slack, db_url)
    replicas = [first]
    try:
        row = vote_buttons(start_poll(first, "poll Both clocks for 5s"))[0]
        poll_id = row[0]["value"].split(":")[0]
        replicas.append(start_bot(fake_slack, db_url))  # restores the deadline from the database
        for bot in replicas:
            assert bot.services.scheduler.get_job(f"close-{poll_id}") is not None
        for i in range(3):
            assert click(replicas[i % 2], row[i], f"U0DEADL{i:03d}") == 200
        fake_slack.wait_for("files.completeUploadExternal", timeout=15)
    finally:
        for bot in replicas:
            stop_bot(bot)
    _assert_closed_once(fake_slack, voters=3)


def test_a_tally_edit_in_flight_never_lands_after_the_final_results(
    fake_slack, db_url, monkeypatch
) -> None:
    with two_replicas(fake_slack, db_url) as (a, b):
        row = vote_buttons(start_poll(a, user="U0CREATOR"))[0]
        poll_id = row[0]["value"].split(":")[0]
        in_flight = threading.Event()
        send = a.services.tallies.client.chat_update

        async def slow_network(**kwargs):
            # Replica a read the open poll and its edit is still on the way to Slack when
            # replica b closes the poll: the edit must not overwrite the final results.
            in_flight.set()
            polls = a.services.polls
            closed = lambda: not polls.snapshot(poll_id).is_open  # noqa: E731
            await asyncio.to_thread(wait_until, closed, what="the close")
            return await send(**kwargs)

        monkeypatch.setattr(a.services.tallies.client, "chat_update", slow_network)
        assert click(a, row[1], "U0INFLIGHT") == 200
        wait_until(in_flight.is_set, what="a's tally edit")
        assert b.slack.action("pmm_poll_close", poll_id, user_id="U0CREATOR").status == 200
        fake_slack.wait_for("files.completeUploadExternal", timeout=10)
        wait_until(lambda: _final_edits(fake_slack), what="the final edit")
    _assert_closed_once(fake_slack, voters=1)


def test_a_replica_that_finds_the_others_edit_in_flight_retries_soon(
    fake_slack, db_url, monkeypatch
) -> None:
    with two_replicas(fake_slack, db_url) as (a, b):
        row = vote_buttons(start_poll(a))[0]
        release = threading.Event()
        send = a.services.tallies.client.chat_update

        async def slow_network(**kwargs):
            await asyncio.to_thread(release.wait, timeout=10)
            return await send(**kwargs)

        declined: list[float] = []
        claim = b.services.tallies.slots.claim

        def watched_claim(*args, **kwargs):
            wait = claim(*args, **kwargs)
            if wait is not None:
                declined.append(wait)
            return wait

        monkeypatch.setattr(a.services.tallies.client, "chat_update", slow_network)
        monkeypatch.setattr(b.services.tallies.slots, "claim", watched_claim)
        assert click(a, row[0], "U0FIRST001") == 200  # a's edit (1 voter) hangs on the way
        assert click(b, row[1], "U0SECOND01") == 200
        wait_until(lambda: declined, what="b to find a's edit in flight")
        release.set()
        # The slot's lease only guards against a crashed holder (30 s); b checks again
        # after its interval and shows both votes well before that.
        wait_for_voters(b, 2, timeout=5)
