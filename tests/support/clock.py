"""A clock the test sets: what the bot believes "now" is, without waiting for it."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

# A Wednesday long after any sync a test could meet in real time, and no reminder is due:
# the scheduler keeps real time, so jobs planned for this clock never come due in a test.
QUIET_NOW = datetime(2030, 6, 5, 9, tzinfo=UTC)


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


class ShiftedClock:
    """Real time moved to start at `start`: it ticks (live tallies, deadlines and leases
    work as in production) but never meets a real sync's reminder."""

    def __init__(self, start: datetime) -> None:
        self._start, self._began = start, time.monotonic()

    def now(self) -> datetime:
        """`start` plus the real time since this clock was made."""
        return self._start + timedelta(seconds=time.monotonic() - self._began)
