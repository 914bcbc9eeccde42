"""The polls repository: polls, their questions and choices, and reads of their votes.
Keyword-only functions, each taking the session it runs in.

The per-click write path lives in `storage.votes_repo`; claims (request keys, tally slots)
in `storage.claims_repo`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from storage.tables import AssessmentDraft, AssessmentParticipant, Choice, Poll, Question, Vote


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
    session.execute(delete(AssessmentDraft).where(AssessmentDraft.poll_id == poll_id))
    session.execute(delete(AssessmentParticipant).where(AssessmentParticipant.poll_id == poll_id))
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


def latest_poll_id(*, session: Session, channel_id: str | None = None) -> str | None:
    """The newest poll (of one channel, if given)."""
    query = select(Poll.id)
    if channel_id is not None:
        query = query.where(Poll.channel_id == channel_id)
    return session.exec(query.order_by(col(Poll.created_at).desc()).limit(1)).first()


def polls_with_vote_counts(*, session: Session, limit: int = 1000) -> list[tuple[Poll, int, int]]:
    """Polls, newest first, each with its number of stored votes and of people who voted
    (an assessment's one voter casts five votes)."""
    counts = (
        select(
            Vote.poll_id,
            func.count().label("n"),
            func.count(func.distinct(Vote.voter)).label("people"),
        )
        .group_by(Vote.poll_id)
        .subquery()
    )
    query = (
        select(Poll, func.coalesce(counts.c.n, 0), func.coalesce(counts.c.people, 0))
        .outerjoin(counts, counts.c.poll_id == Poll.id)
        .order_by(col(Poll.created_at).desc())
        .limit(limit)
    )
    return [(poll, int(n), int(people)) for poll, n, people in session.exec(query).all()]


def has_voted(*, session: Session, poll_id: str, voter: str) -> bool:
    """True if `voter` holds a vote in the poll."""
    query = select(Vote.id).where(Vote.poll_id == poll_id, Vote.voter == voter).limit(1)
    return session.exec(query).first() is not None
