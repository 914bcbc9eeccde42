"""Agenda items of meeting occurrences: add, list in the order they came, remove."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.tables import AgendaItem


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
    return session.exec(query.order_by(col(AgendaItem.id))).all()


def remove_item(*, session: Session, item_id: int) -> None:
    """Take an item off its agenda."""
    item = session.get(AgendaItem, item_id)
    if item is not None:
        item.removed = True
        session.add(item)


def rekey_items(*, session: Session, series_key: str, occurrence: datetime, to: datetime) -> None:
    """Move an occurrence's items to its new usual start (the series was edited)."""
    session.execute(
        update(AgendaItem)
        .where(col(AgendaItem.series_key) == series_key, col(AgendaItem.occurrence) == occurrence)
        .values(occurrence=to)
    )


def occurrences_with_items(*, session: Session, series_key: str, since: datetime) -> list[datetime]:
    """The occurrences from `since` on that have items (removed ones too)."""
    query = select(AgendaItem.occurrence).where(
        AgendaItem.series_key == series_key, AgendaItem.occurrence >= since
    )
    return sorted(set(session.exec(query.distinct()).all()))
