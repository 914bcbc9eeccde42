"""Self-assessment answers: a person's whole set at once (replaced on every submission),
and every person's, for the team's picture. Answers are `vote` rows (one per question and
voter), so deadlines, anonymity and exports work as for polls."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlmodel import Session, col, delete, select

from storage.database import insert_for
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
    """Keep (or replace) a voter's unsubmitted answers: question id -> level (one statement,
    so two closes at once on two replicas cannot collide)."""
    encoded = json.dumps(dict(answers), separators=(",", ":"))
    insert = insert_for(session)(AssessmentDraft).values(
        poll_id=poll_id, voter=voter, answers=encoded, updated_at=now
    )
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["poll_id", "voter"], set_={"answers": encoded, "updated_at": now}
        )
    )


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
    *, session: Session, kinds: Sequence[str], status: str, channels: Sequence[str], limit: int = 5
) -> Sequence[Poll]:
    """Assessments of these channels with this status, newest first (posted ones only)."""
    query = (
        select(Poll)
        .where(col(Poll.kind).in_(kinds), Poll.status == status, col(Poll.message_ts).is_not(None))
        .where(col(Poll.channel_id).in_(channels))
        .order_by(col(Poll.created_at).desc())
        .limit(limit)
    )
    return session.exec(query).all()


def channels_with_assessments(*, session: Session, kinds: Sequence[str]) -> list[str]:
    """Every channel that has had an assessment."""
    query = select(Poll.channel_id).where(col(Poll.kind).in_(kinds)).distinct()
    return list(session.exec(query).all())


def channels_of(*, session: Session, user_id: str, kinds: Sequence[str]) -> set[str]:
    """Channels where the person started or answered an assessment: where they are known to
    take part (App Home shows nothing of other channels, private ones included)."""
    started = select(Poll.channel_id).where(Poll.creator_id == user_id, col(Poll.kind).in_(kinds))
    answered = (
        select(Poll.channel_id)
        .join(AssessmentParticipant, col(AssessmentParticipant.poll_id) == Poll.id)
        .where(AssessmentParticipant.user_id == user_id)
    )
    return set(session.exec(started).all()) | set(session.exec(answered).all())


def add_participant(*, session: Session, poll_id: str, user_id: str) -> None:
    """Record that the person answered (idempotent, race-free)."""
    insert = insert_for(session)(AssessmentParticipant).values(poll_id=poll_id, user_id=user_id)
    session.execute(insert.on_conflict_do_nothing(index_elements=["poll_id", "user_id"]))


def reorder_participants(*, session: Session, poll_id: str) -> None:
    """Rewrite the poll's participants in user-ID order, in one statement: from then on
    neither their row order nor their transaction matches the order answers came in."""
    people = sorted(participants(session=session, poll_id=poll_id))
    session.exec(delete(AssessmentParticipant).where(AssessmentParticipant.poll_id == poll_id))
    if people:
        rows = [{"poll_id": poll_id, "user_id": user} for user in people]
        session.execute(insert_for(session)(AssessmentParticipant).values(rows))


def participants(*, session: Session, poll_id: str) -> set[str]:
    """Who answered the assessment."""
    query = select(AssessmentParticipant.user_id).where(AssessmentParticipant.poll_id == poll_id)
    return set(session.exec(query).all())


def opt_out(*, session: Session, user_id: str, now: datetime) -> None:
    """No more reminders for this person (idempotent, race-free)."""
    insert = insert_for(session)(ReminderOptOut).values(user_id=user_id, opted_out_at=now)
    session.execute(insert.on_conflict_do_nothing(index_elements=["user_id"]))


def opted_out(*, session: Session, user_ids: set[str]) -> set[str]:
    """Those of `user_ids` who asked for no reminders."""
    if not user_ids:
        return set()
    query = select(ReminderOptOut.user_id).where(col(ReminderOptOut.user_id).in_(user_ids))
    return set(session.exec(query).all())
