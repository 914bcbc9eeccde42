"""Keyword-only queries for polls and votes. Each takes the session it runs in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, func, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.tables import Choice, Poll, ProcessedRequest, Question, Vote

VoteOutcome = Literal["added", "moved", "retracted"]


def _insert(session: Session) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def insert_poll(
    *, session: Session, poll: Poll, questions: Sequence[tuple[Question, Sequence[Choice]]]
) -> None:
    """Store a poll with its questions and choices (ids are assigned on flush)."""
    session.add(poll)
    session.flush()
    for question, choices in questions:
        question.poll_id = poll.id
        session.add(question)
        session.flush()
        for choice in choices:
            choice.question_id = question.id
            session.add(choice)
    session.flush()


def get_poll(*, session: Session, poll_id: str) -> Poll | None:
    """The poll with this id, or None."""
    return session.get(Poll, poll_id)


def get_structure(*, session: Session, poll_id: str) -> list[tuple[Question, list[Choice]]]:
    """The poll's questions in order, each with its choices in order."""
    questions = session.exec(
        select(Question).where(Question.poll_id == poll_id).order_by(col(Question.position))
    ).all()
    choices = session.exec(
        select(Choice)
        .where(col(Choice.question_id).in_([q.id for q in questions]))
        .order_by(col(Choice.position))
    ).all()
    return [(q, [c for c in choices if c.question_id == q.id]) for q in questions]


def lock_poll_status(*, session: Session, poll_id: str) -> str | None:
    """The poll's status, holding a share lock (PostgreSQL) so a close waits for this vote."""
    query = select(Poll.status).where(Poll.id == poll_id).with_for_update(read=True)
    return session.exec(query).first()


def toggle_vote(
    *, session: Session, poll_id: str, question_id: int, choice_id: int, voter: str, now: datetime
) -> VoteOutcome:
    """Add a vote, move it to another choice, or retract it when the same choice is clicked.

    Every branch is a single statement guarded by the (question, voter) unique key, so
    concurrent clicks by one person can never leave two votes.
    """
    where = (Vote.question_id == question_id, Vote.voter == voter)
    if session.get_bind().dialect.name == "postgresql":
        # One person's clicks on one question queue behind each other (SQLite's write lock
        # does this already); other people's votes are not held up.
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"{question_id}:{voter}"}
        )
    for _ in range(3):
        inserted = session.execute(
            _insert(session)(Vote)
            .values(
                poll_id=poll_id,
                question_id=question_id,
                choice_id=choice_id,
                voter=voter,
                voted_at=now,
            )
            .on_conflict_do_nothing(index_elements=["question_id", "voter"])
            .returning(Vote.id)
        )
        # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT.
        if inserted.first() is not None:
            return "added"
        same = delete(Vote).where(*where, Vote.choice_id == choice_id)
        if session.execute(same).rowcount == 1:
            return "retracted"
        moved = update(Vote).where(*where).values(choice_id=choice_id, voted_at=now)
        if session.execute(moved).rowcount == 1:
            return "moved"
        # The row vanished between statements (a concurrent retract): try again.
    raise RuntimeError("vote kept changing under us; giving up after 3 attempts")


def votes_of(*, session: Session, poll_id: str, voter: str) -> dict[int, int]:
    """question_id -> choice_id for one voter in one poll."""
    rows = session.exec(
        select(Vote.question_id, Vote.choice_id).where(Vote.poll_id == poll_id, Vote.voter == voter)
    ).all()
    return dict(rows)


def count_votes(*, session: Session, poll_id: str) -> dict[int, int]:
    """choice_id -> number of votes."""
    rows = session.exec(
        select(Vote.choice_id, func.count()).where(Vote.poll_id == poll_id).group_by(Vote.choice_id)
    ).all()
    return dict(rows)


def count_voters(*, session: Session, poll_id: str) -> int:
    """How many distinct people have a vote in the poll."""
    query = select(func.count(func.distinct(Vote.voter))).where(Vote.poll_id == poll_id)
    return int(session.exec(query).one())


def voters_by_choice(*, session: Session, poll_id: str) -> dict[int, list[str]]:
    """choice_id -> voters in the order they voted (public polls only show this)."""
    rows = session.exec(
        select(Vote.choice_id, Vote.voter).where(Vote.poll_id == poll_id).order_by(col(Vote.id))
    ).all()
    result: dict[int, list[str]] = {}
    for choice_id, voter in rows:
        result.setdefault(choice_id, []).append(voter)
    return result


def list_votes(*, session: Session, poll_id: str) -> Sequence[Vote]:
    """Every vote of the poll, oldest first."""
    return session.exec(select(Vote).where(Vote.poll_id == poll_id).order_by(col(Vote.id))).all()


def claim_close(*, session: Session, poll_id: str, now: datetime) -> bool:
    """Mark the poll closed; True only for the one caller that actually closed it."""
    result = session.execute(
        update(Poll)
        .where(Poll.id == poll_id, Poll.status == "open")
        .values(status="closed", closed_at=now, salt=None)
    )
    return result.rowcount == 1


def set_message_ts(*, session: Session, poll_id: str, message_ts: str) -> None:
    """Remember where the poll message was posted."""
    session.execute(update(Poll).where(Poll.id == poll_id).values(message_ts=message_ts))


def delete_poll(*, session: Session, poll_id: str) -> None:
    """Remove a poll that could not be posted (it has no votes yet)."""
    question_ids = select(Question.id).where(Question.poll_id == poll_id)
    session.execute(delete(Choice).where(col(Choice.question_id).in_(question_ids)))
    session.execute(delete(Question).where(Question.poll_id == poll_id))
    session.execute(delete(Poll).where(Poll.id == poll_id))


def open_polls(*, session: Session, channel_id: str | None = None) -> Sequence[Poll]:
    """Open polls (of one channel, if given), newest first."""
    query = select(Poll).where(Poll.status == "open", col(Poll.message_ts).is_not(None))
    if channel_id is not None:
        query = query.where(Poll.channel_id == channel_id)
    return session.exec(query.order_by(col(Poll.created_at).desc())).all()


def polls_with_deadline(*, session: Session) -> Sequence[Poll]:
    """Open polls that have a deadline, soonest first."""
    query = select(Poll).where(Poll.status == "open", col(Poll.closes_at).is_not(None))
    return session.exec(query.order_by(col(Poll.closes_at))).all()


def claim_request(*, session: Session, key: str, now: datetime) -> bool:
    """Record that a request was handled; False if it had been (a retry or a replay)."""
    result = session.execute(
        _insert(session)(ProcessedRequest)
        .values(key=key[:200], created_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(ProcessedRequest.key)
    )
    return result.first() is not None
