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


class Agenda:
    """Items per (series, occurrence usual start)."""

    def __init__(self, db: Database, series_key: str) -> None:
        self._db, self._series = db, series_key

    def add(
        self, occurrence: datetime, topic: str, link: str | None, *, by: str, now: datetime
    ) -> Entry:
        """Add a topic; the entry with its number on the agenda."""
        item = AgendaItem(
            series_key=self._series,
            occurrence=occurrence.astimezone(UTC),
            topic=" ".join(topic.split())[:MAX_TOPIC],
            link=safe_link(link),
            proposed_by=by,
            created_at=now,
        )
        with self._db.write() as session:
            r.add_item(session=session, item=item)
            items = r.items_of(session=session, series_key=self._series, occurrence=item.occurrence)
            number = next(i for i, it in enumerate(items, 1) if it.id == item.id)
            return Entry(number, item.id or 0, item.topic, item.link, by)

    def items(self, occurrence: datetime) -> list[Entry]:
        """The agenda of one occurrence."""
        with self._db.read() as session:
            found = r.items_of(session=session, series_key=self._series,
                               occurrence=occurrence.astimezone(UTC))  # fmt: skip
            return [Entry(n, it.id or 0, it.topic, it.link, it.proposed_by)
                    for n, it in enumerate(found, 1)]  # fmt: skip

    def remove(self, entry: Entry) -> None:
        """Take that item off its agenda (by its id: numbers shift as items go)."""
        with self._db.write() as session:
            r.remove_item(session=session, item_id=entry.item_id)
