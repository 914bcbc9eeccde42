"""Who has been welcomed where: at most one welcome per person per channel, ever."""

from __future__ import annotations

from datetime import datetime

from bot.meetings.config import WelcomeConfig
from storage import claims_repo
from storage.database import Database


class Welcomes:
    """The welcome settings and the record of welcomes sent."""

    def __init__(self, db: Database, config: WelcomeConfig) -> None:
        self._db, self.config = db, config

    def wanted(self, channel_id: str) -> bool:
        """True when newcomers to `channel_id` get a welcome."""
        return self.config.enabled and channel_id in self.config.channels

    def claim(self, user_id: str, channel_id: str, *, now: datetime) -> bool:
        """Record a welcome; True only for the first caller for (user, channel)."""
        with self._db.write() as session:
            return claims_repo.claim_welcome(
                session=session, user_id=user_id, channel_id=channel_id, now=now
            )
