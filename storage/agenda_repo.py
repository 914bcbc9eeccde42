"""Agenda items of meeting occurrences: add, list in order (the order they came, unless an
organiser moved one), move, remove; and closing an occurrence's agenda."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from storage.database import insert_for
from storage.tables import AgendaClosure, AgendaItem


def add_item(*, session: Session, item: AgendaItem) -> None:
    """Store a new item (its id, assigned on flush, orders it)."""
    session.add(item)
    session.flush()


def items_of(*, session: Session, series_key: str, occurrence: datetime) -> Sequence[AgendaItem]:
    """The occurrence's items still on the agenda, in the order they were added."""
    query = select(AgendaItem).where(
        AgendaItem.series_key == series_key,
        AgendaItem.occurrence == occurrence,
        col(AgendaItem.removed).is_(False),
    )
    order = func.coalesce(col(AgendaItem.rank), col(AgendaItem.id))
    return session.exec(query.order_by(order, col(AgendaItem.id))).all()


def occurrence_of(*, session: Session, item_id: int) -> datetime:
    """The occurrence an item is on."""
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise LookupError(f"no agenda item {item_id}")
    return item.occurrence


def set_rank(*, session: Session, item_id: int, rank: float) -> None:
    """Put an item at `rank` among its agenda's order keys (rank, or id when unset)."""
    session.execute(update(AgendaItem).where(col(AgendaItem.id) == item_id).values(rank=rank))


def is_closed(*, session: Session, series_key: str, occurrence: datetime) -> bool:
    """Whether an organiser closed this occurrence's agenda."""
    return session.get(AgendaClosure, (series_key, occurrence)) is not None


def close(
    *, session: Session, series_key: str, occurrence: datetime, by: str, now: datetime
) -> None:
    """Close an occurrence's agenda (once; closing again changes nothing)."""
    session.execute(
        insert_for(session)(AgendaClosure)
        .values(series_key=series_key, occurrence=occurrence, closed_by=by, closed_at=now)
        .on_conflict_do_nothing(index_elements=["series_key", "occurrence"])
    )


def reopen(*, session: Session, series_key: str, occurrence: datetime) -> None:
    """Open a closed agenda again."""
    session.execute(
        delete(AgendaClosure).where(
            col(AgendaClosure.series_key) == series_key,
            col(AgendaClosure.occurrence) == occurrence,
        )
    )


def remove_item(*, session: Session, item_id: int) -> None:
    """Take an item off its agenda."""
    item = session.get(AgendaItem, item_id)
    if item is not None:
        item.removed = True
        session.add(item)


def rekey_items(*, session: Session, series_key: str, occurrence: datetime, to: datetime) -> None:
    """Move an occurrence's items, and its closing, to its new usual start (the series was
    edited)."""
    session.execute(
        update(AgendaItem)
        .where(col(AgendaItem.series_key) == series_key, col(AgendaItem.occurrence) == occurrence)
        .values(occurrence=to)
    )
    session.execute(
        update(AgendaClosure)
        .where(
            col(AgendaClosure.series_key) == series_key,
            col(AgendaClosure.occurrence) == occurrence,
        )
        .values(occurrence=to)
    )


def occurrences_with_items(*, session: Session, series_key: str, since: datetime) -> list[datetime]:
    """The occurrences from `since` on that have items (removed ones too) or were closed."""
    items = select(AgendaItem.occurrence).where(
        AgendaItem.series_key == series_key, AgendaItem.occurrence >= since
    )
    closed = select(AgendaClosure.occurrence).where(
        AgendaClosure.series_key == series_key, AgendaClosure.occurrence >= since
    )
    return sorted({*session.exec(items).all(), *session.exec(closed).all()})
