"""Each poll's questions and choices, read once: they never change after creation."""

from __future__ import annotations

import threading

from sqlmodel import Session

from storage import polls_repo as q
from storage.database import Database
from storage.tables import Choice, Question

Structure = list[tuple[Question, list[Choice]]]


class PollStructures:
    """A cache of poll layouts, shared by every thread."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._cached: dict[str, Structure] = {}
        self._lock = threading.Lock()

    def get(self, poll_id: str, session: Session | None = None) -> Structure:
        """The poll's questions with their choices (empty for an unknown id)."""
        with self._lock:
            cached = self._cached.get(poll_id)
        if cached is not None:
            return cached
        if session is None:
            with self._db.read() as own:
                return self._load(own, poll_id)
        return self._load(session, poll_id)

    def _load(self, session: Session, poll_id: str) -> Structure:
        found = q.get_structure(session=session, poll_id=poll_id)
        session.expunge_all()
        if found:  # never cache unknown ids: anyone can send those
            with self._lock:
                self._cached[poll_id] = found
        return found

    def forget(self, poll_id: str) -> None:
        """Drop a discarded poll's layout."""
        with self._lock:
            self._cached.pop(poll_id, None)
