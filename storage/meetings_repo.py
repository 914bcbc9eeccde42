"""The meetings repository: organisers' overrides and the series' feed revision.
Keyword-only functions, each taking the session it runs in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, select

from storage.database import insert_for
from storage.tables import MeetingOverride, MeetingSeriesState


def list_overrides(*, session: Session, series_key: str) -> Sequence[MeetingOverride]:
    """Every stored change to one series."""
    return session.exec(
        select(MeetingOverride).where(MeetingOverride.series_key == series_key)
    ).all()


def _one(series_key: str, original_start: datetime):
    return (MeetingOverride.series_key == series_key) & (
        MeetingOverride.original_start == original_start
    )


def put_override(
    *,
    session: Session,
    series_key: str,
    original_start: datetime,
    cancelled: bool,
    new_start: datetime | None,
    changed_by: str,
    now: datetime,
    sequence: int = 0,
) -> None:
    """Create or replace the change for one occurrence."""
    session.execute(delete(MeetingOverride).where(_one(series_key, original_start)))
    session.add(
        MeetingOverride(
            series_key=series_key,
            original_start=original_start,
            cancelled=cancelled,
            new_start=new_start,
            changed_by=changed_by,
            changed_at=now,
            sequence=sequence,
        )
    )


def remove_override(*, session: Session, series_key: str, original_start: datetime) -> bool:
    """Drop the change for one occurrence; True if there was one."""
    result = session.execute(delete(MeetingOverride).where(_one(series_key, original_start)))
    return result.rowcount == 1


def rekey_override(
    *, session: Session, series_key: str, original_start: datetime, to: datetime | None
) -> None:
    """Give an override the occurrence it belongs to after the series was edited (its new
    usual start), or drop it (`to` None: that day no longer has a meeting)."""
    if to is None:
        session.execute(delete(MeetingOverride).where(_one(series_key, original_start)))
    else:
        session.execute(
            update(MeetingOverride)
            .where(_one(series_key, original_start))
            .values(original_start=to)
        )


def sync_series_state(
    *, session: Session, series_key: str, fingerprint: str, now: datetime, token: str
) -> MeetingSeriesState:
    """The series' stored revision, created on first use (with `token`) and bumped once when
    the configured series no longer matches `fingerprint` (one replica bumps, not each)."""
    session.execute(
        insert_for(session)(MeetingSeriesState)
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
