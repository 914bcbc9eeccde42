"""Organisers' changes to the series (add, edit, pause, resume, delete), each written with
its line in the change log. Part of MeetingCatalog (bot/meetings/catalog.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.meetings.config import MeetingConfig
from bot.meetings.eras import Era, schedule_changed
from bot.meetings.rekey import rekey_series
from bot.meetings.series import first_start
from bot.meetings.service import MeetingService
from bot.text import quote_title
from storage import series_repo as r
from storage.tables import MeetingChange, MeetingSeries

if TYPE_CHECKING:
    from sqlmodel import Session

    from bot.clock import Clock
    from storage.database import Database


def histories(session: Session, key: str | None = None) -> dict[str, tuple[Era, ...]]:
    """The earlier definitions of every series (or of `key`), oldest first."""
    found: dict[str, list[Era]] = {}
    for era in r.list_eras(session=session, series_key=key):
        config = MeetingConfig.model_validate_json(era.definition)
        found.setdefault(era.series_key, []).append(Era(config, era.ends_at))
    return {series: tuple(eras) for series, eras in found.items()}


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


class SeriesEdits:
    """The writing half of MeetingCatalog; it supplies the database, the clock and how a
    stored row becomes a MeetingService."""

    _db: Database
    _clock: Clock

    def _service(
        self, config: MeetingConfig, *, paused: bool = False, history: tuple[Era, ...] = ()
    ) -> MeetingService:
        raise NotImplementedError

    def _from_row(self, row: MeetingSeries, history: tuple[Era, ...] = ()) -> MeetingService:
        raise NotImplementedError

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
            self._log(session, now, config.id, "add", by, None, definition)
        return SeriesChange("add", by, now, None, self._service(config))

    def edit(self, key: str, config: MeetingConfig, *, by: str) -> SeriesChange:
        """Replace a series' definition (same id). A change of when it meets applies from
        now on: the meetings that started before keep their times, skips, moves and topics
        (the old definition is kept as an Era). Upcoming skips, moves and agenda items go
        with their day to the edited series; those of days it no longer meets on are
        dropped, and those days' topics go to its next meeting (both counted)."""
        if config.id != key:
            raise SeriesError("A meeting's short name cannot be changed.")
        with self._db.write() as session:
            row, before = self._live(session, key)
            history = before.history
            # Read once the row is locked: an edit that waited for another one comes after
            # it (never before the earlier definition's end).
            now = max([self._clock.now(), *(era.ends for era in history)])
            # A series that has met keeps its past; one that has not is simply replaced.
            split = schedule_changed(before.config, config) and (
                bool(history) or first_start(before.config) < now
            )
            if split:
                definition = before.config.model_dump_json()
                r.add_era(session=session, series_key=key, definition=definition, ends_at=now)
                history = (*history, Era(before.config, now))
            row.definition, row.updated_at, row.updated_by = config.model_dump_json(), now, by
            r.save_series(session=session, row=row)
            dropped, moved = rekey_series(
                session=session, before=before.config, after=config, now=now, history=history
            )
            self._log(
                session, now, key, "edit", by, before.config.model_dump_json(), row.definition
            )
        if split:
            # Calendar clients see the old event end even when the definition ends up as
            # it was (an edit and its undo between two reads of the feed).
            before.bump()
        after = self._service(config, paused=before.paused, history=history)
        return SeriesChange("edit", by, now, before, after, dropped, moved)

    def set_paused(self, key: str, paused: bool, *, by: str) -> SeriesChange:
        """Pause a series (no reminders, nothing upcoming, out of the feeds) or resume it."""
        now = self._clock.now()
        action = "pause" if paused else "resume"
        with self._db.write() as session:
            row, before = self._live(session, key)
            if row.paused == paused:
                state = "paused" if paused else "running"
                raise SeriesError(f"{quote_title(before.title)} is already {state}.")  # mrkdwn
            row.paused, row.updated_at, row.updated_by = paused, now, by
            r.save_series(session=session, row=row)
            self._log(session, now, key, action, by, row.definition, row.definition)
        before.bump()  # calendar clients see the meetings go, or come back
        after = self._service(before.config, paused=paused, history=before.history)
        return SeriesChange(action, by, now, before, after)

    def delete(self, key: str, *, by: str) -> SeriesChange:
        """Delete a series (kept as deleted, so the config file does not add it again)."""
        now = self._clock.now()
        with self._db.write() as session:
            row, before = self._live(session, key)
            row.deleted, row.updated_at, row.updated_by = True, now, by
            r.save_series(session=session, row=row)
            self._log(session, now, key, "delete", by, row.definition, None)
        before.bump()  # its feed empties: calendar clients see the meetings go
        return SeriesChange("delete", by, now, before, None)

    def _live(self, session: Session, key: str) -> tuple[MeetingSeries, MeetingService]:
        """The series' row, locked, and the series as stored with its earlier definitions;
        SeriesError when it was deleted."""
        row = r.get_series(session=session, key=key)
        if row is None or row.deleted:
            raise SeriesError("That meeting no longer exists (someone deleted it).")
        return row, self._from_row(row, histories(session, key).get(key, ()))

    def _log(
        self,
        session: Session,
        at: datetime,
        key: str,
        action: str,
        by: str,
        before: str | None,
        after: str | None,
    ) -> None:
        change = MeetingChange(
            series_key=key,
            action=action,
            changed_by=by,
            changed_at=at,
            before=before,
            after=after,
        )
        r.record_change(session=session, change=change)
