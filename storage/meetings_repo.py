"""The meetings repository: organisers' overrides and the series' feed revision.
Keyword-only functions, each taking the session it runs in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

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


def rekey_overrides(
    *, session: Session, series_key: str, moves: Mapping[datetime, datetime | None]
) -> None:
    """Give each override in `moves` the occurrence it belongs to after the series was
    edited (its new usual start), or drop it (None: that day no longer has a meeting). All
    are taken out before any is put back, so one's new key may be another's old one."""
    if not moves:
        return
    keys = list(moves)
    found = session.exec(
        select(MeetingOverride).where(
            MeetingOverride.series_key == series_key,
            col(MeetingOverride.original_start).in_(keys),
        )
    ).all()
    kept = [
        {**row.model_dump(), "original_start": moves[row.original_start]}
        for row in found
        if moves[row.original_start] is not None
    ]
    session.execute(
        delete(MeetingOverride).where(
            col(MeetingOverride.series_key) == series_key,
            col(MeetingOverride.original_start).in_(keys),
        )
    )
    if kept:  # two days the edit folds onto one meeting: the first override stays
        session.execute(
            insert_for(session)(MeetingOverride)
            .values(kept)
            .on_conflict_do_nothing(index_elements=["series_key", "original_start"])
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
