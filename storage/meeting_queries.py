"""Keyword-only queries for meeting overrides, the series' revision, reminder claims and
welcomes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, false, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from storage.tables import MeetingOverride, MeetingSeriesState, ReminderPost, Welcome


def _insert(session: Session) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def list_overrides(*, session: Session) -> Sequence[MeetingOverride]:
    """Every stored change to the series."""
    return session.exec(select(MeetingOverride)).all()


def put_override(
    *,
    session: Session,
    original_start: datetime,
    cancelled: bool,
    new_start: datetime | None,
    changed_by: str,
    now: datetime,
    sequence: int = 0,
) -> None:
    """Create or replace the change for one occurrence."""
    session.execute(delete(MeetingOverride).where(MeetingOverride.original_start == original_start))
    session.add(
        MeetingOverride(
            original_start=original_start,
            cancelled=cancelled,
            new_start=new_start,
            changed_by=changed_by,
            changed_at=now,
            sequence=sequence,
        )
    )


def remove_override(*, session: Session, original_start: datetime) -> bool:
    """Drop the change for one occurrence; True if there was one."""
    result = session.execute(
        delete(MeetingOverride).where(MeetingOverride.original_start == original_start)
    )
    return result.rowcount == 1


def sync_series_state(
    *, session: Session, series_key: str, fingerprint: str, now: datetime, token: str
) -> MeetingSeriesState:
    """The series' stored revision, created on first use (with `token`) and bumped once when
    the configured series no longer matches `fingerprint` (one replica bumps, not each)."""
    session.execute(
        _insert(session)(MeetingSeriesState)
        .values(
            series_key=series_key,
            fingerprint=fingerprint,
            sequence=0,
            changed_at=now,
            uid_token=token,
        )
        .on_conflict_do_nothing(index_elements=["series_key"])
    )
    session.execute(
        update(MeetingSeriesState)
        .where(
            MeetingSeriesState.series_key == series_key,
            MeetingSeriesState.fingerprint != fingerprint,
        )
        .values(fingerprint=fingerprint, sequence=MeetingSeriesState.sequence + 1, changed_at=now)
    )
    state = session.get(MeetingSeriesState, series_key, populate_existing=True)
    assert state is not None
    return state


def bump_series(*, session: Session, series_key: str, now: datetime) -> int:
    """Count one more change of the series (a skip, an unskip, a move); the new SEQUENCE."""
    result = session.execute(
        update(MeetingSeriesState)
        .where(MeetingSeriesState.series_key == series_key)
        .values(sequence=MeetingSeriesState.sequence + 1, changed_at=now)
        .returning(MeetingSeriesState.sequence)
    )
    return result.scalar_one()


def claim_reminder(
    *, session: Session, key: str, now: datetime, stale_before: datetime | None = None
) -> bool:
    """Claim a reminder before posting it; one caller at a time gets True for a key.

    A claim that never got its message (the claimer crashed, or could not give it back) may be
    taken again once it is older than `stale_before`; a posted reminder never is.
    """
    retake = (
        ReminderPost.message_ts.is_(None) & (ReminderPost.claimed_at < stale_before)
        if stale_before is not None
        else false()
    )
    insert = _insert(session)(ReminderPost).values(key=key, claimed_at=now)
    stmt = insert.on_conflict_do_update(
        index_elements=["key"], set_={"claimed_at": now}, where=retake
    ).returning(ReminderPost.key)
    return session.execute(stmt).first() is not None


def record_reminder_ts(*, session: Session, key: str, message_ts: str) -> None:
    """Remember the posted message of a claimed reminder."""
    session.execute(
        update(ReminderPost).where(ReminderPost.key == key).values(message_ts=message_ts)
    )


def release_reminder(*, session: Session, key: str) -> None:
    """Forget a claim whose post failed, so that a later attempt can claim it again."""
    session.execute(
        delete(ReminderPost).where(ReminderPost.key == key, ReminderPost.message_ts.is_(None))
    )


def claim_welcome(*, session: Session, user_id: str, channel_id: str, now: datetime) -> bool:
    """Record a welcome; only the first caller for a (user, channel) gets True."""
    result = session.execute(
        _insert(session)(Welcome)
        .values(user_id=user_id, channel_id=channel_id, welcomed_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "channel_id"])
        .returning(Welcome.user_id)
    )
    return result.first() is not None
