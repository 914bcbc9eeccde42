"""The per-click hot path in SQLAlchemy Core: a handful of statements on one connection,
without the ORM's per-statement bookkeeping (measured: it cost more than the SQL itself)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, Row, delete, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from storage.tables import Poll, ProcessedRequest, Vote

VoteOutcome = Literal["added", "moved", "retracted"]
_polls = Poll.__table__
_votes = Vote.__table__
_requests = ProcessedRequest.__table__


def _insert(connection: Connection) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING."""
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def poll_for_vote(*, connection: Connection, poll_id: str) -> Row | None:
    """(status, anonymous, salt) of the poll, share-locked on PostgreSQL so that a close
    waits for votes already in flight and the final tally includes them."""
    query = select(_polls.c.status, _polls.c.anonymous, _polls.c.salt).where(_polls.c.id == poll_id)
    return connection.execute(query.with_for_update(read=True)).first()


def claim_request(*, connection: Connection, key: str, now: datetime) -> bool:
    """Record that a request was handled; False if it had been (a retry or a replay)."""
    result = connection.execute(
        _insert(connection)(_requests)
        .values(key=key[:200], created_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(_requests.c.key)
    )
    # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT.
    return result.first() is not None


def toggle_vote(
    *,
    connection: Connection,
    poll_id: str,
    question_id: int,
    choice_id: int,
    voter: str,
    now: datetime,
) -> VoteOutcome:
    """Add a vote, move it to another choice, or retract it when the same choice is clicked.

    Every branch is one statement guarded by the (question, voter) unique key, so
    concurrent clicks by one person can never leave two votes.
    """
    where = (_votes.c.question_id == question_id, _votes.c.voter == voter)
    if connection.dialect.name == "postgresql":
        # One person's clicks on one question queue behind each other (SQLite's write lock
        # does this already); other people's votes are not held up.
        lock = text("SELECT pg_advisory_xact_lock(hashtext(:k))")
        connection.execute(lock, {"k": f"{question_id}:{voter}"})
    for _ in range(3):
        inserted = connection.execute(
            _insert(connection)(_votes)
            .values(
                poll_id=poll_id,
                question_id=question_id,
                choice_id=choice_id,
                voter=voter,
                voted_at=now,
            )
            .on_conflict_do_nothing(index_elements=["question_id", "voter"])
            .returning(_votes.c.id)
        )
        if inserted.first() is not None:
            return "added"
        same = delete(_votes).where(*where, _votes.c.choice_id == choice_id)
        if connection.execute(same).rowcount == 1:
            return "retracted"
        moved = update(_votes).where(*where).values(choice_id=choice_id, voted_at=now)
        if connection.execute(moved).rowcount == 1:
            return "moved"
        # The row vanished between statements (a concurrent retract): try again.
    raise RuntimeError("vote kept changing under us; giving up after 3 attempts")


def votes_of(*, connection: Connection, poll_id: str, voter: str) -> dict[int, int]:
    """question_id -> choice_id for one voter in one poll."""
    query = select(_votes.c.question_id, _votes.c.choice_id).where(
        _votes.c.poll_id == poll_id, _votes.c.voter == voter
    )
    return {row[0]: row[1] for row in connection.execute(query)}
