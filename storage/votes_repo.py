"""The votes repository: the per-click hot path, four statements written once as SQL text.

Profiling a burst of clicks showed SQLAlchemy spending more time building and caching a
fresh statement object per call than SQLite spent running it, so these are constants with
bound parameters. `INSERT ... ON CONFLICT DO NOTHING RETURNING` reads the same in SQLite and
PostgreSQL; only the share lock differs. On SQLite the same SQL goes straight to the driver
connection, inside the transaction SQLAlchemy opened: per statement, SQLAlchemy's result
bookkeeping cost more than SQLite's own work (0.21 ms a vote through SQLAlchemy, 0.09 ms
direct, 0.04 ms direct in batches of 8).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Literal, NamedTuple

from sqlalchemy import Connection, Dialect, TextClause, bindparam, text
from sqlmodel.sql.sqltypes import UTCDateTime

VoteOutcome = Literal["added", "moved", "retracted"]
_NOW = bindparam("now", type_=UTCDateTime())

_POLL = "SELECT status, anonymous, salt FROM poll WHERE id = :poll_id"
# FOR SHARE: a close (UPDATE poll) waits for votes in flight, so the final tally has them.
_POLL_POSTGRES = _POLL + " FOR SHARE"
_ADD = (
    "INSERT INTO vote (poll_id, question_id, choice_id, voter, voted_at) "
    "VALUES (:poll_id, :question_id, :choice_id, :voter, :now) "
    "ON CONFLICT (question_id, voter) DO NOTHING RETURNING id"
)
_RETRACT = (
    "DELETE FROM vote WHERE question_id = :question_id AND voter = :voter "
    "AND choice_id = :choice_id"
)
_MOVE = (
    "UPDATE vote SET choice_id = :choice_id, voted_at = :now "
    "WHERE question_id = :question_id AND voter = :voter"
)
_HELD = "SELECT question_id, choice_id FROM vote WHERE poll_id = :poll_id AND voter = :voter"
_VOTER_LOCK = "SELECT pg_advisory_xact_lock(hashtext(:k))"
_VOTER_LOCKS = (
    "SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest(CAST(:keys AS text[])) AS k ORDER BY k"
)
_HELD_MANY = (
    "SELECT voter, question_id, choice_id FROM vote "
    "WHERE poll_id = :poll_id AND voter = ANY(CAST(:voters AS text[]))"
)


@functools.cache
def _statement(sql: str) -> TextClause:
    """The SQL text as a statement, built once per text."""
    return text(sql).bindparams(_NOW) if ":now" in sql else text(sql)


class PollForVote(NamedTuple):
    """What a vote needs to know about its poll."""

    status: str
    anonymous: bool
    salt: str | None


def execute_hot(connection: Connection, sql: str, params: dict[str, Any]) -> Any:
    """Run one hot-path statement (SQL text with named parameters); the result answers
    fetchone(), fetchall() and rowcount."""
    if connection.dialect.name != "sqlite":
        return connection.execute(_statement(sql), params)
    if "now" in params:
        params = {**params, "now": _bind_now(connection.dialect)(params["now"])}
    return connection.connection.driver_connection.execute(sql, params)


@functools.cache
def _bind_now(dialect: Dialect) -> Callable[[Any], Any]:
    """The datetime column type's own conversion, as SQLAlchemy would bind it."""
    return _NOW.type.bind_processor(dialect) or (lambda value: value)


def poll_for_vote(*, connection: Connection, poll_id: str) -> PollForVote | None:
    """(status, anonymous, salt) of the poll; share-locked on PostgreSQL."""
    query = _POLL_POSTGRES if connection.dialect.name == "postgresql" else _POLL
    rows = execute_hot(connection, query, {"poll_id": poll_id}).fetchall()
    return PollForVote(rows[0][0], bool(rows[0][1]), rows[0][2]) if rows else None


def toggle_vote(
    *,
    connection: Connection,
    poll_id: str,
    question_id: int,
    choice_id: int,
    voter: str,
    now: datetime,
    locked: bool = False,
) -> VoteOutcome:
    """Add a vote, move it to another choice, or retract it when the same choice is clicked.

    Every branch is one statement guarded by the (question, voter) unique key, so
    concurrent clicks by one person can never leave two votes. `locked`: the caller holds
    the voter's lock already (lock_voters).
    """
    params = {
        "poll_id": poll_id,
        "question_id": question_id,
        "choice_id": choice_id,
        "voter": voter,
        "now": now,
    }
    if connection.dialect.name == "postgresql" and not locked:
        # One person's clicks on one question queue behind each other (SQLite's write lock
        # does this already); other people's votes are not held up.
        execute_hot(connection, _VOTER_LOCK, {"k": voter_lock_key(question_id, voter)})
    for _ in range(3):
        if execute_hot(connection, _ADD, params).fetchall():
            return "added"
        if execute_hot(connection, _RETRACT, params).rowcount == 1:
            return "retracted"
        if execute_hot(connection, _MOVE, params).rowcount == 1:
            return "moved"
        # The row vanished between statements (a concurrent retract): try again.
    raise RuntimeError("vote kept changing under us; giving up after 3 attempts")


def voter_lock_key(question_id: int, voter: str) -> str:
    """What one person's clicks on one question queue behind (PostgreSQL)."""
    return f"{question_id}:{voter}"


def lock_voters(*, connection: Connection, keys: Sequence[str]) -> None:
    """PostgreSQL: take every voter lock of a batch in one round trip, in one order (two
    replicas' batches then never wait on each other in a cycle)."""
    execute_hot(connection, _VOTER_LOCKS, {"keys": sorted(set(keys))})


def votes_of_many(
    *, connection: Connection, poll_id: str, voters: Sequence[str]
) -> dict[str, dict[int, int]]:
    """voter -> (question_id -> choice_id) for several voters of one poll (PostgreSQL)."""
    rows = execute_hot(connection, _HELD_MANY, {"poll_id": poll_id, "voters": list(voters)})
    held: dict[str, dict[int, int]] = {voter: {} for voter in voters}
    for voter, question_id, choice_id in rows.fetchall():
        held[voter][question_id] = choice_id
    return held


def votes_of(*, connection: Connection, poll_id: str, voter: str) -> dict[int, int]:
    """question_id -> choice_id for one voter in one poll."""
    rows = execute_hot(connection, _HELD, {"poll_id": poll_id, "voter": voter}).fetchall()
    return {row[0]: row[1] for row in rows}
