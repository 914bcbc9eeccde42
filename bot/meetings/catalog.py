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
from bot.meetings.feed import combined_feed
from bot.meetings.rekey import rekey_series
from bot.meetings.series_names import UnknownSeries, resolve_series
from bot.meetings.service import MeetingService
from bot.text import quote_title
from storage import series_repo as r
from storage.database import Database
from storage.tables import MeetingChange, MeetingSeries

__all__ = ["MeetingCatalog", "SeriesChange", "SeriesError", "UnknownSeries", "meeting_seeds"]
log = logging.getLogger(__name__)
SEEDED_BY = "config"
COMBINED_NAME = "Community meetings"  # changed_by of the series the config file seeded


def meeting_seeds(config: FileConfig, reminder_channel: str | None) -> tuple[MeetingConfig, ...]:
    """The config file's series; PMM_REMINDER_CHANNEL, when set, is the first one's channel."""
    first, *rest = config.meetings
    if reminder_channel:
        first = first.model_copy(update={"channel": reminder_channel})
    return (first, *rest)


class SeriesError(ValueError):
    """A change to the series could not be made; the message says why in plain words."""


@dataclass(frozen=True)
class SeriesChange:
    """One organiser's change: the series before and after (None when added or deleted), how
    many skips or moves no longer matched a meeting day and were dropped, and how many agenda
    topics of such a day went to the next meeting."""

    action: str  # add, edit, pause, resume, delete
    by: str
    at: datetime
    before: MeetingService | None
    after: MeetingService | None
    dropped: int = 0
    moved_topics: int = 0


@dataclass(frozen=True)
class ChangeRecord:
    """A line of the change log, as App Home lists it."""

    series_key: str
    title: str
    action: str
    by: str
    at: datetime


class MeetingCatalog:
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
    def _service(self, config: MeetingConfig, *, paused: bool = False) -> MeetingService:
        return MeetingService(
            config=config,
            channel=config.channel,
            db=self._db,
            clock=self._clock,
            public_host=self.public_host,
            paused=paused,
        )

    def _from_row(self, row: MeetingSeries) -> MeetingService:
        return self._service(MeetingConfig.model_validate_json(row.definition), paused=row.paused)

    def all(self) -> list[MeetingService]:
        """Every series (paused ones included) in their listed order; before the database
        holds any, the config file's."""
        with self._db.read() as session:
            rows = r.list_series(session=session, with_deleted=True)
            if rows:
                return [self._from_row(row) for row in rows if not row.deleted]
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

    def is_key(self, word: str) -> bool:
        """Whether `word` is exactly a series' id (for commands whose series is optional)."""
        return any(series.key == word.casefold() for series in self.all())

    def feed(self, key: str | None = None) -> tuple[bytes, datetime] | None:
        """The .ics of series `key` (None when there is no such series), or, without a key,
        of every series that meets; with when it last changed."""
        if key is not None:
            series = self.get(key)
            return None if series is None else series.feed()
        # Paused series add no events, but their changes still date the feed.
        parts = [series.feed_calendar() for series in self.all()]
        return combined_feed(parts, name=COMBINED_NAME, now=self._clock.now())

    def version(self) -> str:
        """A token that changes with any series or override change (replicas re-plan)."""
        with self._db.read() as session:
            return r.series_version(session=session)

    def recent_changes(self, limit: int = 5) -> list[ChangeRecord]:
        """The latest changes, newest first."""
        titles = {s.key: s.title for s in self.all()}
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
                    self._log(session, config.id, "seed", SEEDED_BY, None, definition)
        if added:
            log.info("meeting series added from the config file: %s", ", ".join(added))
        stored = {s.key: s.config for s in self.all()}
        differ = [c.id for c in self.seeds if c.id in stored and stored[c.id] != c]
        if differ:
            # Someone edited the file expecting a change: say where the truth is.
            log.warning(
                "the config file's meeting %s differs from the stored one; the stored one is "
                "used (change it in App Home, Meetings)",
                ", ".join(differ),
            )
        return added

    def add(self, config: MeetingConfig, *, by: str) -> SeriesChange:
        """A new series; SeriesError if its id is taken (by a deleted series too)."""
        now = self._clock.now()
        with self._db.write() as session:
            definition = config.model_dump_json()
            if not r.add_series_if_new(
                session=session, key=config.id, definition=definition, now=now, by=by
            ):
                raise SeriesError(
                    f"There is already a meeting with the short name “{config.id}” "
                    "(or there was one). Pick another."
                )
            self._log(session, config.id, "add", by, None, definition)
        return SeriesChange("add", by, now, None, self._service(config))

    def edit(self, key: str, config: MeetingConfig, *, by: str) -> SeriesChange:
        """Replace a series' definition (same id). Skips, moves and agenda items, past and
        future, go with their day to the edited series; skips and moves of days it no longer
        meets on are dropped, and those days' topics go to its next meeting (both counted in
        the change)."""
        if config.id != key:
            raise SeriesError("A meeting's short name cannot be changed.")
        now = self._clock.now()
        with self._db.write() as session:
            row = self._live_row(session, key)
            before = self._from_row(row)
            row.definition, row.updated_at, row.updated_by = config.model_dump_json(), now, by
            r.save_series(session=session, row=row)
            dropped, moved = rekey_series(
                session=session, before=before.config, after=config, now=now
            )
            self._log(session, key, "edit", by, before.config.model_dump_json(), row.definition)
        after = self._service(config, paused=before.paused)
        return SeriesChange("edit", by, now, before, after, dropped, moved)

    def set_paused(self, key: str, paused: bool, *, by: str) -> SeriesChange:
        """Pause a series (no reminders, nothing upcoming, out of the feeds) or resume it."""
        now = self._clock.now()
        action = "pause" if paused else "resume"
        with self._db.write() as session:
            row = self._live_row(session, key)
            before = self._from_row(row)
            if row.paused == paused:
                state = "paused" if paused else "running"
                raise SeriesError(f"{quote_title(before.title)} is already {state}.")  # mrkdwn
            row.paused, row.updated_at, row.updated_by = paused, now, by
            r.save_series(session=session, row=row)
            self._log(session, key, action, by, row.definition, row.definition)
        before.bump()  # calendar clients see the meetings go, or come back
        after = self._service(before.config, paused=paused)
        return SeriesChange(action, by, now, before, after)

    def delete(self, key: str, *, by: str) -> SeriesChange:
        """Delete a series (kept as deleted, so the config file does not add it again)."""
        now = self._clock.now()
        with self._db.write() as session:
            row = self._live_row(session, key)
            before = self._from_row(row)
            row.deleted, row.updated_at, row.updated_by = True, now, by
            r.save_series(session=session, row=row)
            self._log(session, key, "delete", by, row.definition, None)
        return SeriesChange("delete", by, now, before, None)

    def _live_row(self, session, key: str) -> MeetingSeries:
        row = r.get_series(session=session, key=key)
        if row is None or row.deleted:
            raise SeriesError("That meeting no longer exists (someone deleted it).")
        return row

    def _log(
        self, session, key: str, action: str, by: str, before: str | None, after: str | None
    ) -> None:
        change = MeetingChange(
            series_key=key,
            action=action,
            changed_by=by,
            changed_at=self._clock.now(),
            before=before,
            after=after,
        )
        r.record_change(session=session, change=change)
