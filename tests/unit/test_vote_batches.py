"""Group commit on the event loop: the clicks of one loop turn share one transaction, a
batch that fails never takes the others' answers with it, and a database someone else is
writing never stalls the loop."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from bot.polls.vote_batches import LoopVoteBatcher
from bot.polls.voting import Click
from storage.engine import create_db_engine
from storage.migrate import upgrade
from tests.unit.storage.test_votes import PollStore, new_poll

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path) -> Iterator[PollStore]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'votes.db'}")
    upgrade(engine)
    yield PollStore(engine, voter_secret=b"secret")
    engine.dispose()


@pytest.fixture
def batcher(store) -> Iterator[LoopVoteBatcher]:
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-vote-writer")
    yield LoopVoteBatcher(store.recorder, writer=writer)
    writer.shutdown(wait=True)


def clicks_on(poll, users: list[str]) -> list[Click]:
    question = poll.questions[0]
    return [
        Click(poll.poll_id, question.question_id, question.choices[i % 4].choice_id, u, u, NOW)
        for i, u in enumerate(users)
    ]


async def vote_together(batcher: LoopVoteBatcher, clicks: list[Click]) -> list:
    return await asyncio.gather(*(batcher.vote(c) for c in clicks), return_exceptions=True)


def test_clicks_of_one_loop_turn_share_one_commit(store, batcher) -> None:
    poll = new_poll(store)
    commits = []
    event.listen(store.engine, "commit", lambda _conn: commits.append(1))
    results = asyncio.run(vote_together(batcher, clicks_on(poll, ["U1", "U2", "U3"])))
    assert [r.outcome for r in results] == ["added"] * 3
    assert len(commits) == 1
    assert store.snapshot(poll.poll_id).voters == 3


def test_a_click_that_breaks_its_batch_is_retried_alone_and_the_others_are_stored(
    store, batcher, monkeypatch
) -> None:
    poll = new_poll(store)
    real = store.recorder.record

    def fails_on_u2(clicks, *, wait=True):
        if any(c.user_id == "U2" for c in clicks):
            raise ValueError("something about U2's click")
        return real(clicks, wait=wait)

    monkeypatch.setattr(store.recorder, "record", fails_on_u2)
    results = asyncio.run(vote_together(batcher, clicks_on(poll, ["U1", "U2", "U3"])))
    assert [getattr(r, "outcome", type(r).__name__) for r in results] == [
        "added",
        "ValueError",
        "added",
    ]
    assert store.snapshot(poll.poll_id).voters == 2


def test_a_failing_database_fails_the_batch_at_once_without_retries(
    store, batcher, monkeypatch
) -> None:
    poll = new_poll(store)
    calls = []

    def locked(clicks, *, wait=True):
        calls.append(len(clicks))
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(store.recorder, "record", locked)
    results = asyncio.run(vote_together(batcher, clicks_on(poll, ["U1", "U2"])))
    assert all(isinstance(r, OperationalError) for r in results)
    assert calls == [2]  # one attempt for the whole turn, not one per click


async def vote_while_held(batcher, clicks, release) -> tuple[list, int]:
    """Vote while someone holds the database; count loop turns until the answers come."""
    loop = asyncio.get_running_loop()
    loop.call_later(0.3, release)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticking = asyncio.ensure_future(ticker())
    results = await vote_together(batcher, clicks)
    ticking.cancel()
    return results, ticks


def test_a_thread_writing_meanwhile_never_stalls_the_loop(store, batcher) -> None:
    poll = new_poll(store)
    holding, release = threading.Event(), threading.Event()
    writers = []
    event.listen(store.engine, "begin", lambda _c: writers.append(threading.current_thread().name))

    def hold() -> None:
        with store.engine.begin():  # e.g. a poll closing on a worker thread
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    results, ticks = asyncio.run(
        vote_while_held(batcher, clicks_on(poll, ["U1", "U2"]), release.set)
    )
    holder.join(5)
    assert [r.outcome for r in results] == ["added", "added"]
    assert ticks >= 10  # the loop kept turning while the batch waited (0.3 s)
    assert writers[-1].startswith("test-vote-writer")  # the wait happened on the writer


def test_another_process_writing_meanwhile_never_stalls_the_loop(store, batcher, tmp_path) -> None:
    poll = new_poll(store)
    other = sqlite3.connect(tmp_path / "votes.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's write transaction, as SQLite sees it
    try:
        results, ticks = asyncio.run(
            vote_while_held(batcher, clicks_on(poll, ["U1"]), lambda: other.execute("COMMIT"))
        )
    finally:
        other.close()
    assert [r.outcome for r in results] == ["added"]
    assert ticks >= 10


def test_under_load_commits_keep_their_gap_so_later_clicks_share_one(store) -> None:
    poll = new_poll(store)
    commits = []
    event.listen(store.engine, "commit", lambda _conn: commits.append(1))
    first, second, third = clicks_on(poll, ["U1", "U2", "U3"])

    async def burst(batcher: LoopVoteBatcher) -> list:
        await batcher.vote(first)  # commits at once: nothing was committed just before
        later = [asyncio.ensure_future(batcher.vote(second))]
        await asyncio.sleep(0)  # the next click arrives a loop turn later
        later.append(asyncio.ensure_future(batcher.vote(third)))
        return [r.outcome for r in await asyncio.gather(*later)]

    with ThreadPoolExecutor(max_workers=1) as writer:
        batcher = LoopVoteBatcher(store.recorder, writer=writer, commit_gap=0.2)
        assert asyncio.run(burst(batcher)) == ["added", "added"]
    assert len(commits) == 2  # without the gap: three commits, one per loop turn
