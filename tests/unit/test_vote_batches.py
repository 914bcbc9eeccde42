"""Group commit on the event loop: the clicks of one loop turn share one transaction, and
a batch that fails never takes the others' answers with it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from bot.polls.store import PollStore
from bot.polls.vote_batches import LoopVoteBatcher
from bot.polls.voting import Click
from storage.engine import create_db_engine
from storage.migrate import upgrade
from tests.unit.storage.test_votes import new_poll

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path) -> Iterator[PollStore]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'votes.db'}")
    upgrade(engine)
    yield PollStore(engine, voter_secret=b"secret")
    engine.dispose()


def clicks_on(poll, users: list[str]) -> list[Click]:
    question = poll.questions[0]
    return [
        Click(poll.poll_id, question.question_id, question.choices[i % 4].choice_id, u, u, NOW)
        for i, u in enumerate(users)
    ]


async def vote_together(batcher: LoopVoteBatcher, clicks: list[Click]) -> list:
    return await asyncio.gather(*(batcher.vote(c) for c in clicks), return_exceptions=True)


def test_clicks_of_one_loop_turn_share_one_commit(store) -> None:
    poll = new_poll(store)
    commits = []
    event.listen(store.engine, "commit", lambda _conn: commits.append(1))
    results = asyncio.run(
        vote_together(LoopVoteBatcher(store), clicks_on(poll, ["U1", "U2", "U3"]))
    )
    assert [r.outcome for r in results] == ["added"] * 3
    assert len(commits) == 1
    assert store.snapshot(poll.poll_id).voters == 3


def test_a_click_that_breaks_its_batch_is_retried_alone_and_the_others_are_stored(
    store, monkeypatch
) -> None:
    poll = new_poll(store)
    real = store.vote_many

    def fails_on_u2(clicks):
        if any(c.user_id == "U2" for c in clicks):
            raise ValueError("something about U2's click")
        return real(clicks)

    monkeypatch.setattr(store, "vote_many", fails_on_u2)
    results = asyncio.run(
        vote_together(LoopVoteBatcher(store), clicks_on(poll, ["U1", "U2", "U3"]))
    )
    assert [getattr(r, "outcome", type(r).__name__) for r in results] == [
        "added",
        "ValueError",
        "added",
    ]
    assert store.snapshot(poll.poll_id).voters == 2


def test_a_locked_database_fails_the_batch_at_once_without_retries(store, monkeypatch) -> None:
    poll = new_poll(store)
    calls = []

    def locked(clicks):
        calls.append(len(clicks))
        raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))

    monkeypatch.setattr(store, "vote_many", locked)
    results = asyncio.run(vote_together(LoopVoteBatcher(store), clicks_on(poll, ["U1", "U2"])))
    assert all(isinstance(r, OperationalError) for r in results)
    assert calls == [2]  # one attempt for the whole turn, not one per click
