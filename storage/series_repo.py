"""The meeting series repository: series definitions and the log of their changes.
Keyword-only functions, each taking the session it runs in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.database import insert_for
from storage.tables import MeetingChange, MeetingEra, MeetingSeries, MeetingSeriesState


def list_series(*, session: Session, with_deleted: bool = False) -> Sequence[MeetingSeries]:
    """The stored series in their listed order (deleted ones only when asked)."""
    query = select(MeetingSeries)
    if not with_deleted:
        query = query.where(col(MeetingSeries.deleted).is_(False))
    return session.exec(query.order_by(col(MeetingSeries.position), col(MeetingSeries.key))).all()


def get_series(*, session: Session, key: str) -> MeetingSeries | None:
    """One series as stored (deleted included), read afresh and locked until the session's
    transaction ends (two organisers' changes to one series are made one after the other)."""
    return session.get(MeetingSeries, key, populate_existing=True, with_for_update=True)


def add_series_if_new(
    *, session: Session, key: str, definition: str, now: datetime, by: str
) -> bool:
    """Store a series under `key` unless one (even a deleted one) has that key; True if it
    was added. Two replicas seeding at once add it once."""
    position = session.exec(select(func.coalesce(func.max(MeetingSeries.position), 0))).one()
    result = session.execute(
        insert_for(session)(MeetingSeries)
        .values(
            key=key,
            definition=definition,
            position=position + 1,
            paused=False,
            deleted=False,
            updated_at=now,
            updated_by=by,
        )
        .on_conflict_do_nothing(index_elements=["key"])
        # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT.
        .returning(MeetingSeries.key)
    )
    return result.first() is not None


def save_series(*, session: Session, row: MeetingSeries) -> None:
    """Write a changed series row."""
    session.add(row)


def list_eras(*, session: Session, series_key: str | None = None) -> Sequence[MeetingEra]:
    """The earlier definitions of every series (or of one), by series and oldest first."""
    query = select(MeetingEra).order_by(col(MeetingEra.series_key), col(MeetingEra.position))
    if series_key is not None:
        query = query.where(MeetingEra.series_key == series_key)
    return session.exec(query).all()


def add_era(*, session: Session, series_key: str, definition: str, ends_at: datetime) -> None:
    """Keep `definition` as the series' latest earlier one, for meetings before `ends_at`
    (written in the edit's transaction, which holds the series row)."""
    count = session.exec(
        select(func.count()).select_from(MeetingEra).where(MeetingEra.series_key == series_key)
    ).one()
    session.add(
        MeetingEra(series_key=series_key, position=count, definition=definition, ends_at=ends_at)
    )


def record_change(*, session: Session, change: MeetingChange) -> None:
    """Append to the change log."""
    session.add(change)


def recent_changes(*, session: Session, limit: int) -> Sequence[MeetingChange]:
    """The latest changes to any series, newest first."""
    query = select(MeetingChange).order_by(col(MeetingChange.id).desc()).limit(limit)
    return session.exec(query).all()


def series_version(*, session: Session) -> str:
    """Changes whenever a series is added, edited, paused or deleted, or one of its
    occurrences is skipped or moved: what replicas compare to re-plan (two small reads)."""
    rows = session.exec(
        select(MeetingSeries.key, MeetingSeries.updated_at).order_by(col(MeetingSeries.key))
    ).all()
    revisions = session.exec(
        select(func.count(), func.max(MeetingSeriesState.changed_at)).select_from(
            MeetingSeriesState
        )
    ).one()
    return repr((list(rows), tuple(revisions)))


def seeded_keys(*, session: Session) -> set[str]:
    """The series the config file added (at some start)."""
    query = select(MeetingChange.series_key).where(MeetingChange.action == "seed")
    return set(session.exec(query).all())
