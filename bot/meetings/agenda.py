"""The agenda of a meeting occurrence: topics anyone proposes, in the order they came; the
proposer or an organiser takes one off. Kept after the meeting (`/pmm agenda last`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from storage import agenda_repo as r
from storage.database import Database
from storage.tables import AgendaItem

MAX_TOPIC, MAX_LINK = 300, 500
CLOSED = (
    "The agenda of that meeting is closed, so nothing more can be added. "
    "An organiser can open it again."
)
# A link Slack can show as <url|text>: no spaces and none of the characters that end it.
SAFE_LINK = re.compile(r"^https?://[^\s<>|]+$")


def safe_link(link: str | None) -> str | None:
    """The link if it is a plain web address that cannot break out of `<url|text>`, else
    None."""
    return link if link and len(link) <= MAX_LINK and SAFE_LINK.match(link) else None


@dataclass(frozen=True)
class Entry:
    """One item as shown: its number on the agenda (1-based), topic, link and proposer."""

    number: int
    item_id: int
    topic: str
    link: str | None
    proposed_by: str


class AgendaClosed(ValueError):
    """The occurrence's agenda is closed; the message says so in plain words."""


class Agenda:
    """Items per (series, occurrence usual start)."""

    def __init__(self, db: Database, series_key: str) -> None:
        self._db, self._series = db, series_key

    def add(
        self, occurrence: datetime, topic: str, link: str | None, *, by: str, now: datetime
    ) -> Entry:
        """Add a topic; the entry with its number on the agenda. AgendaClosed when an
        organiser closed this occurrence's agenda."""
        item = AgendaItem(
            series_key=self._series,
            occurrence=occurrence.astimezone(UTC),
            topic=" ".join(topic.split())[:MAX_TOPIC],
            link=safe_link(link),
            proposed_by=by,
            created_at=now,
        )
        with self._db.write() as session:
            key, when = self._series, item.occurrence
            r.lock_agenda(session=session, series_key=key, occurrence=when)
            if r.is_closed(session=session, series_key=key, occurrence=when):
                raise AgendaClosed(CLOSED)
            # Last, after an item an organiser moved to the end too.
            item.rank = r.last_rank(session=session, series_key=key, occurrence=when)
            r.add_item(session=session, item=item)
            items = r.items_of(session=session, series_key=self._series, occurrence=item.occurrence)
            number = next(i for i, it in enumerate(items, 1) if it.id == item.id)
            return Entry(number, item.id or 0, item.topic, item.link, by)

    def items(self, occurrence: datetime) -> list[Entry]:
        """The agenda of one occurrence."""
        return self.page(occurrence)[0]

    def page(self, occurrence: datetime) -> tuple[list[Entry], bool]:
        """The agenda of one occurrence and whether it was closed (one read)."""
        at = occurrence.astimezone(UTC)
        with self._db.read() as session:
            found = r.items_of(session=session, series_key=self._series, occurrence=at)
            closed = r.is_closed(session=session, series_key=self._series, occurrence=at)
            entries = [Entry(n, it.id or 0, it.topic, it.link, it.proposed_by)
                       for n, it in enumerate(found, 1)]  # fmt: skip
            return entries, closed

    def remove(self, entry: Entry) -> None:
        """Take that item off its agenda (by its id: numbers shift as items go)."""
        with self._db.write() as session:
            r.remove_item(session=session, item_id=entry.item_id)

    def move(self, entry: Entry, to: int) -> list[Entry]:
        """Put `entry` at number `to` (1-based; beyond the end: last); the agenda after."""
        occurrence = self._occurrence_of(entry)
        with self._db.write() as session:
            r.lock_agenda(session=session, series_key=self._series, occurrence=occurrence)
            others = [
                it
                for it in r.items_of(
                    session=session, series_key=self._series, occurrence=occurrence
                )
                if it.id != entry.item_id
            ]
            keys = [it.rank if it.rank is not None else float(it.id or 0) for it in others]
            place = max(0, min(to - 1, len(others)))
            if not keys:
                rank = 0.0
            elif place == 0:
                rank = keys[0] - 1
            elif place == len(keys):
                rank = keys[-1] + 1
            else:
                rank = (keys[place - 1] + keys[place]) / 2
            r.set_rank(session=session, item_id=entry.item_id, rank=rank)
        return self.items(occurrence)

    def is_closed(self, occurrence: datetime) -> bool:
        """Whether the occurrence's agenda was closed."""
        with self._db.read() as session:
            return r.is_closed(
                session=session, series_key=self._series, occurrence=occurrence.astimezone(UTC)
            )

    def close(self, occurrence: datetime, *, by: str, now: datetime) -> None:
        """Close the occurrence's agenda: no more topics are added."""
        with self._db.write() as session:
            r.close(session=session, series_key=self._series,
                    occurrence=occurrence.astimezone(UTC), by=by, now=now)  # fmt: skip

    def reopen(self, occurrence: datetime) -> None:
        """Open a closed agenda again."""
        with self._db.write() as session:
            r.reopen(session=session, series_key=self._series,
                     occurrence=occurrence.astimezone(UTC))  # fmt: skip

    def _occurrence_of(self, entry: Entry) -> datetime:
        with self._db.read() as session:
            return r.occurrence_of(session=session, item_id=entry.item_id)
