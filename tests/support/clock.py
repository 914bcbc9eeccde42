"""A clock the test sets: what the bot believes "now" is, without waiting for it."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta


class SetClock:
    """Tells the time it was set to; `advance` moves it on."""

    def __init__(self, now: datetime) -> None:
        self._now = now
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The set instant (aware, UTC)."""
        with self._lock:
            return self._now

    def advance(self, by: timedelta) -> None:
        """Move the clock on by `by`."""
        with self._lock:
            self._now += by
