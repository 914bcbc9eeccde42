"""The per-poll slot that live tally edits take in turn, across replicas: at most one edit
in flight per poll and one per interval, so an older tally never lands after a newer one."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage import claims_repo as c
from storage.database import Database

# Longest a replica may hold a poll's slot; a crashed holder delays updates this long.
TALLY_LEASE = timedelta(seconds=30)


class TallySlots:
    """Claims and releases of the tally slot stored on each poll row."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def claim(self, poll_id: str, *, now: datetime, interval: timedelta) -> float | None:
        """Take the slot (None), or say how many seconds to wait before asking again: until
        the slot frees up, but never longer than one interval."""
        with self._db.write() as session:
            if c.claim_tally_slot(
                session=session, poll_id=poll_id, now=now, interval=interval, lease=TALLY_LEASE
            ):
                return None
            free_at = c.next_tally_slot(session=session, poll_id=poll_id, interval=interval)
        wait = (free_at - now).total_seconds() if free_at else 0.0
        # A held lease ends at most TALLY_LEASE away, but the holder normally gives the slot
        # back within milliseconds: waiting out the lease left the message stale for 30 s.
        return max(0.05, min(wait, interval.total_seconds()))

    def release(self, poll_id: str, *, now: datetime) -> None:
        """Give the slot back after an edit, starting its rest interval."""
        with self._db.write() as session:
            c.release_tally_slot(session=session, poll_id=poll_id, now=now)
