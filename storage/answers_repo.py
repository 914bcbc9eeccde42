"""Self-assessment answers: a person's whole set at once (replaced on every submission),
and every person's, for the team's picture. Answers are `vote` rows (one per question and
voter), so deadlines, anonymity and exports work as for polls."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlmodel import Session, col, delete, select

from storage.tables import (
    AssessmentDraft,
    AssessmentParticipant,
    Choice,
    Poll,
    ReminderOptOut,
    Vote,
)


def answers_of(*, session: Session, poll_id: str, voter: str) -> dict[int, int]:
    """One voter's answers: question id -> choice id."""
    query = select(Vote.question_id, Vote.choice_id).where(
        Vote.poll_id == poll_id, Vote.voter == voter
    )
    return {question: choice for question, choice in session.exec(query).all()}


def replace_answers(
    *, session: Session, poll_id: str, voter: str, answers: Mapping[int, int], now: datetime
) -> bool:
    """Put `answers` (question id -> choice id) in place of the voter's; True when the
    voter had answered before."""
    result = session.exec(delete(Vote).where(Vote.poll_id == poll_id, Vote.voter == voter))
    session.add_all(
        Vote(poll_id=poll_id, question_id=q, choice_id=c, voter=voter, voted_at=now)
        for q, c in answers.items()
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def levels_by_voter(*, session: Session, poll_id: str) -> dict[str, dict[int, int]]:
    """Every voter's answers as question id -> level (0: not sure)."""
    query = (
        select(Vote.voter, Vote.question_id, Choice.level)
        .join(Choice, col(Choice.id) == Vote.choice_id)
        .where(Vote.poll_id == poll_id)
    )
    found: dict[str, dict[int, int]] = {}
    for voter, question, level in session.exec(query).all():
        found.setdefault(voter, {})[question] = level
    return found


def assessments_in_channel(
    *, session: Session, channel_id: str, kinds: Sequence[str], limit: int = 50
) -> Sequence[Poll]:
    """The channel's assessments, newest first."""
    query = (
        select(Poll)
        .where(Poll.channel_id == channel_id, col(Poll.kind).in_(kinds))
        .order_by(col(Poll.created_at).desc())
        .limit(limit)
    )
    return session.exec(query).all()


def save_draft(
    *, session: Session, poll_id: str, voter: str, answers: Mapping[str, int], now: datetime
) -> None:
    """Keep (or replace) a voter's unsubmitted answers: question id -> level."""
    encoded = json.dumps(dict(answers), separators=(",", ":"))
    draft = session.get(AssessmentDraft, (poll_id, voter))
    if draft is None:
        session.add(AssessmentDraft(poll_id=poll_id, voter=voter, answers=encoded, updated_at=now))
    else:
        draft.answers, draft.updated_at = encoded, now
        session.add(draft)


def draft_of(*, session: Session, poll_id: str, voter: str) -> dict[str, int] | None:
    """A voter's unsubmitted answers, if any."""
    draft = session.get(AssessmentDraft, (poll_id, voter))
    return None if draft is None else {k: int(v) for k, v in json.loads(draft.answers).items()}


def drop_drafts(*, session: Session, poll_id: str, voter: str | None = None) -> None:
    """Forget the drafts of one voter (after a submission) or of everyone (at the close)."""
    query = delete(AssessmentDraft).where(AssessmentDraft.poll_id == poll_id)
    if voter is not None:
        query = query.where(AssessmentDraft.voter == voter)
    session.exec(query)


def assessments_by_status(
    *, session: Session, kinds: Sequence[str], status: str, limit: int = 5
) -> Sequence[Poll]:
    """Assessments anywhere with this status, newest first (posted ones only)."""
    query = (
        select(Poll)
        .where(col(Poll.kind).in_(kinds), Poll.status == status, col(Poll.message_ts).is_not(None))
        .order_by(col(Poll.created_at).desc())
        .limit(limit)
    )
    return session.exec(query).all()


def add_participant(*, session: Session, poll_id: str, user_id: str) -> None:
    """Record that the person answered (idempotent)."""
    if session.get(AssessmentParticipant, (poll_id, user_id)) is None:
        session.add(AssessmentParticipant(poll_id=poll_id, user_id=user_id))


def participants(*, session: Session, poll_id: str) -> set[str]:
    """Who answered the assessment."""
    query = select(AssessmentParticipant.user_id).where(AssessmentParticipant.poll_id == poll_id)
    return set(session.exec(query).all())


def opt_out(*, session: Session, user_id: str, now: datetime) -> None:
    """No more reminders for this person (idempotent)."""
    if session.get(ReminderOptOut, user_id) is None:
        session.add(ReminderOptOut(user_id=user_id, opted_out_at=now))


def opted_out(*, session: Session, user_ids: set[str]) -> set[str]:
    """Those of `user_ids` who asked for no reminders."""
    if not user_ids:
        return set()
    query = select(ReminderOptOut.user_id).where(col(ReminderOptOut.user_id).in_(user_ids))
    return set(session.exec(query).all())
