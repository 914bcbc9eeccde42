"""The reminders of one meeting series: which are due, and the claims in the database that
make each go out once across restarts and replicas. Part of MeetingService."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.meetings.config import DEFAULT_ID
from bot.meetings.reminders import (
    ReminderDue,
    legacy_key_prefix,
    planned_reminders,
    reminder_key_prefix,
)
from bot.meetings.series import Occurrence
from storage import claims_repo

if TYPE_CHECKING:
    from bot.meetings.config import MeetingConfig
    from bot.meetings.eras import Era
    from bot.meetings.series import Overrides
    from storage.database import Database

# Longer than a post with all the client's retries takes: an older unposted claim is stuck.
STALE_CLAIM = timedelta(minutes=2)


class SeriesReminders:
    """Reminder planning and claims; MeetingService supplies the series and the database."""

    config: MeetingConfig
    channel: str | None
    db: Database
    paused: bool
    history: tuple[Era, ...]

    @property
    def key(self) -> str:
        raise NotImplementedError

    def overrides(self) -> Overrides:
        raise NotImplementedError

    def planned(self, start: datetime, end: datetime) -> list[ReminderDue]:
        """Reminders due in [start, end) for meetings that still take place."""
        if self.paused or not self.channel:
            return []
        return planned_reminders(self.config, self.overrides(), start, end, self.history)

    def find_due(self, key: str, now: datetime) -> ReminderDue | None:
        """The reminder `key` if it is still planned around `now` (not skipped or moved)."""
        longest = max(self.config.reminders, default=timedelta(0))
        dues = self.planned(now - longest * 2, now + timedelta(hours=48))
        return next((d for d in dues if d.key == key), None)

    def claim_reminder(self, key: str, *, now: datetime, due: ReminderDue | None = None) -> bool:
        """Claim a reminder before posting it: True for one caller on any replica (a claim
        whose holder never posted is taken again after STALE_CLAIM). `due`: the reminder,
        when the caller has it already."""
        if due is None and self.key == DEFAULT_ID:
            due = self.find_due(key, now)
        legacy = due.legacy_key if due is not None else None
        with self.db.write() as session:
            if legacy and claims_repo.reminder_claimed(session=session, key=legacy):
                return False  # claimed by a version from before several series
            return claims_repo.claim_reminder(
                session=session, key=key, now=now, stale_before=now - STALE_CLAIM
            )

    def record_reminder(self, key: str, message_ts: str) -> None:
        """Remember the posted message of a claimed reminder."""
        with self.db.write() as session:
            claims_repo.record_reminder_ts(session=session, key=key, message_ts=message_ts)

    def posted_reminders(self, occurrence: Occurrence) -> list[str]:
        """The ts of each reminder already posted for `occurrence` (any offset)."""
        prefixes = [reminder_key_prefix(self.key, occurrence)]
        if self.key == DEFAULT_ID:
            prefixes.append(legacy_key_prefix(occurrence))
        with self.db.read() as session:
            return [
                ts
                for prefix in prefixes
                for ts in claims_repo.reminder_messages(session=session, key_prefix=prefix)
            ]

    def release_reminder(self, key: str) -> None:
        """Give a claim back after Slack refused the post, so that a retry may take it."""
        with self.db.write() as session:
            claims_repo.release_reminder(session=session, key=key)
