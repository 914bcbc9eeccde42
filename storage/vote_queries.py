"""The per-click hot path: four statements written once as SQL text.

Profiling a burst of clicks showed SQLAlchemy spending more time building and caching a
fresh statement object per call than SQLite spent running it, so these are constants with
bound parameters. `INSERT ... ON CONFLICT DO NOTHING RETURNING` reads the same in SQLite and
PostgreSQL; only the share lock differs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlalchemy import Connection, Row, bindparam, text
from sqlmodel.sql.sqltypes import UTCDateTime

VoteOutcome = Literal["added", "moved", "retracted"]
_NOW = bindparam("now", type_=UTCDateTime())

_POLL = "SELECT status, anonymous, salt FROM poll WHERE id = :poll_id"
_POLL_SQLITE = text(_POLL)
# FOR SHARE: a close (UPDATE poll) waits for votes in flight, so the final tally has them.
_POLL_POSTGRES = text(_POLL + " FOR SHARE")
_CLAIM = text(
    "INSERT INTO processedrequest (key, created_at) VALUES (:key, :now) "
    "ON CONFLICT (key) DO NOTHING RETURNING key"
).bindparams(_NOW)
_ADD = text(
    "INSERT INTO vote (poll_id, question_id, choice_id, voter, voted_at) "
    "VALUES (:poll_id, :question_id, :choice_id, :voter, :now) "
    "ON CONFLICT (question_id, voter) DO NOTHING RETURNING id"
).bindparams(_NOW)
_RETRACT = text(
    "DELETE FROM vote WHERE question_id = :question_id AND voter = :voter "
    "AND choice_id = :choice_id"
)
_MOVE = text(
    "UPDATE vote SET choice_id = :choice_id, voted_at = :now "
    "WHERE question_id = :question_id AND voter = :voter"
).bindparams(_NOW)
_HELD = text("SELECT question_id, choice_id FROM vote WHERE poll_id = :poll_id AND voter = :voter")
_VOTER_LOCK = text("SELECT pg_advisory_xact_lock(hashtext(:k))")


def poll_for_vote(*, connection: Connection, poll_id: str) -> Row | None:
    """(status, anonymous, salt) of the poll; share-locked on PostgreSQL."""
    query = _POLL_POSTGRES if connection.dialect.name == "postgresql" else _POLL_SQLITE
    return connection.execute(query, {"poll_id": poll_id}).first()


def claim_request(*, connection: Connection, key: str, now: datetime) -> bool:
    """Record that a request was handled; False if it had been (a retry or a replay)."""
    # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT.
    return connection.execute(_CLAIM, {"key": key[:200], "now": now}).first() is not None


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
    params = {
        "poll_id": poll_id,
        "question_id": question_id,
        "choice_id": choice_id,
        "voter": voter,
        "now": now,
    }
    if connection.dialect.name == "postgresql":
        # One person's clicks on one question queue behind each other (SQLite's write lock
        # does this already); other people's votes are not held up.
        connection.execute(_VOTER_LOCK, {"k": f"{question_id}:{voter}"})
    for _ in range(3):
        if connection.execute(_ADD, params).first() is not None:
            return "added"
        if connection.execute(_RETRACT, params).rowcount == 1:
            return "retracted"
        if connection.execute(_MOVE, params).rowcount == 1:
            return "moved"
        # The row vanished between statements (a concurrent retract): try again.
    raise RuntimeError("vote kept changing under us; giving up after 3 attempts")


def votes_of(*, connection: Connection, poll_id: str, voter: str) -> dict[int, int]:
    """question_id -> choice_id for one voter in one poll."""
    rows = connection.execute(_HELD, {"poll_id": poll_id, "voter": voter})
    return {row[0]: row[1] for row in rows}
