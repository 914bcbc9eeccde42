"""Every meeting series the community runs: stored in the database (seeded from the config
file once), listed, found by the names people type, and changed by organisers from Slack
with a record of who changed what.

Each read builds fresh MeetingService objects from the stored rows, so a change made on one
replica is what the next command, reminder or feed on any replica sees.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.meetings.config import FileConfig, MeetingConfig
from bot.meetings.eras import Era
from bot.meetings.feed import combined_feed
from bot.meetings.series_edits import SeriesChange, SeriesEdits, SeriesError, histories
from bot.meetings.series_names import UnknownSeries, resolve_series
from bot.meetings.service import MeetingService
from storage import series_repo as r
from storage.database import Database
from storage.tables import MeetingSeries

__all__ = ["MeetingCatalog", "SeriesChange", "SeriesError", "UnknownSeries", "meeting_seeds"]
log = logging.getLogger(__name__)
SEEDED_BY = "config"  # changed_by of the series the config file seeded
COMBINED_NAME = "Community meetings"  # the combined feed's calendar name


def meeting_seeds(config: FileConfig, reminder_channel: str | None) -> tuple[MeetingConfig, ...]:
    """The config file's series; PMM_REMINDER_CHANNEL, when set, is the first one's channel."""
    first, *rest = config.meetings
    if reminder_channel:
        first = first.model_copy(update={"channel": reminder_channel})
    return (first, *rest)


@dataclass(frozen=True)
class ChangeRecord:
    """A line of the change log, as App Home lists it."""

    series_key: str
    title: str
    action: str
    by: str
    at: datetime


def _config(row: MeetingSeries) -> MeetingConfig:
    """A stored series' definition."""
    return MeetingConfig.model_validate_json(row.definition)


class MeetingCatalog(SeriesEdits):
    """The community's meeting series."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        seeds: tuple[MeetingConfig, ...],
        public_host: str | None = None,
    ) -> None:
        self._db, self._clock, self.public_host = db, clock, public_host
        # What the config file says (channel names resolved to IDs at start).
        self.seeds = seeds

    # -- reading ---------------------------------------------------------------------------
    def _service(
        self, config: MeetingConfig, *, paused: bool = False, history: tuple[Era, ...] = ()
    ) -> MeetingService:
        return MeetingService(
            config=config,
            channel=config.channel,
            db=self._db,
            clock=self._clock,
            public_host=self.public_host,
            paused=paused,
            history=history,
        )

    def _from_row(self, row: MeetingSeries, history: tuple[Era, ...] = ()) -> MeetingService:
        return self._service(_config(row), paused=row.paused, history=history)

    def all(self) -> list[MeetingService]:
        """Every series (paused ones included) in their listed order; before the database
        holds any, the config file's."""
        with self._db.read() as session:
            rows = r.list_series(session=session, with_deleted=True)
            if rows:
                eras = histories(session)
                live = [row for row in rows if not row.deleted]
                return [self._from_row(row, eras.get(row.key, ())) for row in live]
        return [self._service(config) for config in self.seeds]

    def active(self) -> list[MeetingService]:
        """The series that are not paused."""
        return [series for series in self.all() if not series.paused]

    def get(self, key: str) -> MeetingService | None:
        """The series with id `key` (None if there is none or it was deleted)."""
        return next((series for series in self.all() if series.key == key), None)

    def primary(self) -> MeetingService | None:
        """The first series that meets (else the first paused one); None when organisers
        deleted every series."""
        every = self.all()
        return next((s for s in every if not s.paused), every[0] if every else None)

    def community_zone(self) -> ZoneInfo:
        """The community's time zone: the first series' (the default series' when none is
        left)."""
        first = self.primary()
        return (
            first.config.zone if first is not None else (self.seeds or (MeetingConfig(),))[0].zone
        )

    def resolve(self, name: str) -> tuple[MeetingService, str | None]:
        """The series `name` means (its id, title, a word of its title, a prefix or a small
        typo of any) and a note when it was a guess; UnknownSeries otherwise."""
        return resolve_series(self.all(), name)

    def feed(self, key: str | None = None) -> tuple[bytes, datetime] | None:
        """The .ics of series `key` (None when no series ever had that id), or, without a
        key, of every series; with when it last changed. Paused and deleted series have
        feeds without events: subscribers' clients take their meetings off (after a 404 many
        keep the last copy they had)."""
        with self._db.read() as session:
            rows = r.list_series(session=session, with_deleted=True)
            eras = histories(session)
        every = (
            [
                self._service(
                    _config(row), paused=row.paused or row.deleted, history=eras.get(row.key, ())
                )
                for row in rows
            ]
            if rows
            else [self._service(config) for config in self.seeds]
        )
        if key is not None:
            series = next((s for s in every if s.key == key), None)
            return None if series is None else series.feed()
        # Paused and deleted series add no events, but their changes still date the feed.
        parts = [series.feed_calendar() for series in every]
        return combined_feed(parts, name=COMBINED_NAME, now=self._clock.now())

    def version(self) -> str:
        """A token that changes with any series or override change (replicas re-plan)."""
        with self._db.read() as session:
            return r.series_version(session=session)

    def recent_changes(
        self, limit: int = 5, every: list[MeetingService] | None = None
    ) -> list[ChangeRecord]:
        """The latest changes, newest first (`every`: the series, when the caller has read
        them already)."""
        titles = {s.key: s.title for s in (self.all() if every is None else every)}
        with self._db.read() as session:
            return [
                ChangeRecord(
                    c.series_key,
                    titles.get(c.series_key)
                    or MeetingConfig.model_validate_json(c.before or c.after or "{}").title,
                    c.action,
                    c.changed_by,
                    c.changed_at,
                )
                for c in r.recent_changes(session=session, limit=limit)
            ]

    # -- changes ---------------------------------------------------------------------------
    def seed(self) -> list[str]:
        """Store each config-file series the database has never held; the ids added."""
        added = []
        now = self._clock.now()
        with self._db.write() as session:
            for config in self.seeds:
                definition = config.model_dump_json()
                if r.add_series_if_new(
                    session=session, key=config.id, definition=definition, now=now, by=SEEDED_BY
                ):
                    added.append(config.id)
                    self._log(session, now, config.id, "seed", SEEDED_BY, None, definition)
        if added:
            log.info("meeting series added from the config file: %s", ", ".join(added))
        self._warn_about_the_file()
        return added

    def _warn_about_the_file(self) -> None:
        """Say where the truth is when the file no longer says what the database holds:
        someone edited it expecting a change, or renamed a series."""
        stored = {s.key: s.config for s in self.all()}
        differ = [c.id for c in self.seeds if c.id in stored and stored[c.id] != c]
        if differ:
            log.warning(
                "the meeting %s of the config file (or PMM_REMINDER_CHANNEL, for the first "
                "one) differs from the stored one; the stored one is used: change it in App "
                "Home, Meetings",
                ", ".join(differ),
            )
        with self._db.read() as session:
            seeded = r.seeded_keys(session=session)
        gone = sorted(k for k in stored if k in seeded and k not in {c.id for c in self.seeds})
        if gone:
            log.warning(
                "the meeting %s came from the config file and is no longer in it; it still "
                "meets and reminds (the database is the truth): delete it in App Home if it "
                'should stop, or give its table `id = "%s"` again to keep it as it is',
                ", ".join(gone),
                gone[0],
            )
