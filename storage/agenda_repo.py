"""Agenda items of meeting occurrences: add, list in order (the order they came, unless an
organiser moved one), move, remove; and closing an occurrence's agenda."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, func, text, update
from sqlmodel import Session, col, select

from storage.database import insert_for
from storage.tables import AgendaClosure, AgendaItem


def lock_agenda(*, session: Session, series_key: str, occurrence: datetime) -> None:
    """Take one occurrence's agenda for the rest of the transaction, so that adds and moves
    on it run one after another (PostgreSQL; SQLite's writes already do)."""
    if session.get_bind().dialect.name == "postgresql":
        name = f"agenda:{series_key}:{occurrence.timestamp():.0f}"
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": name})


def last_rank(*, session: Session, series_key: str, occurrence: datetime) -> float | None:
    """The rank that puts a new item after every item on the agenda, once an organiser moved
    one (a moved item's rank may be above the ids items get next); None when no item still
    on the agenda has a rank (the new item's id orders it last)."""
    on_agenda = (
        (AgendaItem.series_key == series_key)
        & (AgendaItem.occurrence == occurrence)
        & col(AgendaItem.removed).is_(False)
    )
    key = func.coalesce(col(AgendaItem.rank), col(AgendaItem.id))
    ranked, last = session.exec(
        select(func.count(col(AgendaItem.rank)), func.max(key)).where(on_agenda)
    ).one()
    return None if not ranked else float(last) + 1


def add_item(*, session: Session, item: AgendaItem) -> None:
    """Store a new item (its id, assigned on flush, orders it unless it has a rank)."""
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


def rekey_items(
    *, session: Session, series_key: str, moves: Mapping[datetime, datetime]
) -> dict[datetime, int]:
    """Move each occurrence's items (removed ones too) to the occurrence `moves` gives it
    (the series was edited); how many items still on the agenda each one moved. Items are
    read first and moved by id: an occurrence that is both a source and a target moves
    only its own items."""
    if not moves:
        return {}
    query = select(AgendaItem.id, AgendaItem.occurrence, AgendaItem.removed).where(
        AgendaItem.series_key == series_key, col(AgendaItem.occurrence).in_(list(moves))
    )
    ids: dict[datetime, list[int]] = {}
    live: dict[datetime, int] = {}
    for item_id, occurrence, removed in session.exec(query).all():
        ids.setdefault(occurrence, []).append(item_id)
        live[occurrence] = live.get(occurrence, 0) + (not removed)
    for occurrence, moved in ids.items():
        session.execute(
            update(AgendaItem)
            .where(col(AgendaItem.id).in_(moved))
            .values(occurrence=moves[occurrence])
        )
    return live


def rekey_closures(
    *, session: Session, series_key: str, moves: Mapping[datetime, datetime | None]
) -> None:
    """Give each closed occurrence in `moves` its new usual start, or open it (None: that
    meeting is gone); a target closed already stays closed once."""
    found = session.exec(
        select(AgendaClosure).where(
            AgendaClosure.series_key == series_key, col(AgendaClosure.occurrence).in_(list(moves))
        )
    ).all()
    rows = [(moves[c.occurrence], c.closed_by, c.closed_at) for c in found]
    session.execute(
        delete(AgendaClosure).where(
            col(AgendaClosure.series_key) == series_key,
            col(AgendaClosure.occurrence).in_([c.occurrence for c in found]),
        )
    )
    for to, by, at in rows:
        if to is not None:
            close(session=session, series_key=series_key, occurrence=to, by=by, now=at)


def occurrences_with_items(*, session: Session, series_key: str) -> list[datetime]:
    """Every occurrence of the series, past or future, that has items (removed ones too) or
    was closed."""
    items = select(AgendaItem.occurrence).where(AgendaItem.series_key == series_key)
    closed = select(AgendaClosure.occurrence).where(AgendaClosure.series_key == series_key)
    return sorted({*session.exec(items).all(), *session.exec(closed).all()})
