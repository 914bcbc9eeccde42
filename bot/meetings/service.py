"""The meeting feature's state: overrides from the database, organisers' changes, the feed's
revisions, and the claims that make each reminder go out once across restarts and replicas.
Posting is the caller's (handlers/jobs/reminders.py): nothing here talks to Slack."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from icalendar import Calendar

from bot.clock import Clock
from bot.meetings.agenda import Agenda
from bot.meetings.config import MeetingConfig
from bot.meetings.eras import Era
from bot.meetings.feed import (
    FeedState,
    Revision,
    build_calendar,
    feed_fingerprint,
    feed_uid,
    without_events,
)
from bot.meetings.series import (
    Occurrence,
    Overrides,
    next_occurrences,
    occurrence_on,
    occurrences_between,
    taken_on,
)
from bot.meetings.series_reminders import SeriesReminders
from bot.text import quote_title
from storage import meetings_repo as q
from storage.database import Database

log = logging.getLogger(__name__)


class MeetingChangeError(ValueError):
    """An organiser's change could not be made; the message says why."""


@dataclass(frozen=True)
class MeetingChange:
    """What an organiser's skip, unskip or move did: the occurrence before and after."""

    kind: str  # "skip", "unskip" or "move"
    before: Occurrence
    after: Occurrence


@dataclass
class MeetingService(SeriesReminders):
    """Everything about one meeting series that needs the database or the clock."""

    config: MeetingConfig
    channel: str | None  # where reminders and notices go; None: nowhere
    db: Database
    clock: Clock
    # The public host (PMM_PUBLIC_URL) goes into the feed's UID when known.
    public_host: str | None = None
    paused: bool = False  # no reminders, nothing upcoming, nothing in the feeds
    # Its earlier definitions, for the meetings before each edit of when it meets.
    history: tuple[Era, ...] = ()

    @property
    def key(self) -> str:
        """The series' id (`/pmm next <id>`, /calendar/<id>.ics, the database's key)."""
        return self.config.id

    @property
    def title(self) -> str:
        """The series' title."""
        return self.config.title

    # -- reading ---------------------------------------------------------------------------
    def overrides(self) -> Overrides:
        """Skips and moves as stored."""
        with self.db.read() as session:
            rows = q.list_overrides(session=session, series_key=self.key)
            zone = self.config.zone
            skipped = frozenset(r.original_start.astimezone(zone) for r in rows if r.cancelled)
            moved = {
                r.original_start.astimezone(zone): r.new_start.astimezone(zone)
                for r in rows
                if not r.cancelled and r.new_start
            }
        return Overrides(skipped, moved)

    def upcoming(self, count: int) -> list[Occurrence]:
        """The next `count` occurrences (skipped ones included, marked); none when paused."""
        if self.paused:
            return []
        return next_occurrences(
            self.config, self.overrides(), self.clock.now(), count, self.history
        )

    def next_meeting(self) -> Occurrence | None:
        """The next occurrence that will take place."""
        return next((o for o in self.upcoming(12) if not o.cancelled), None)

    def occurrences(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Every occurrence starting in [start, end), skipped ones included (marked)."""
        return occurrences_between(self.config, self.overrides(), start, end, self.history)

    def last_meeting(self) -> Occurrence | None:
        """The latest occurrence that has started (within the last 120 days)."""
        now = self.clock.now()
        past = self.occurrences(now - timedelta(days=120), now)
        return next((o for o in reversed(past) if not o.cancelled), None)

    def is_occurrence(self, original_start: datetime) -> bool:
        """Whether `original_start` is one of the series' usual starts (a button or form made
        before an edit may name a meeting the series no longer has)."""
        local = original_start.astimezone(self.config.zone)
        found = self.occurrence_on(local.date())
        return found is not None and found.original_start == local

    @property
    def agenda(self) -> Agenda:
        """The series' agenda, per occurrence."""
        return Agenda(self.db, self.key)

    def feed_state(self) -> FeedState:
        """The feed's UID and revisions, noting a change of the configured series first."""
        with self.db.write() as session:
            state = q.sync_series_state(
                session=session,
                series_key=self.key,
                fingerprint=feed_fingerprint(self.config),
                now=self.clock.now(),
                token=secrets.token_hex(6),
            )
            zone = self.config.zone
            changes = {
                r.original_start.astimezone(zone): Revision(r.sequence, r.changed_at)
                for r in q.list_overrides(session=session, series_key=self.key)
            }
            return FeedState(
                uid=feed_uid(self.key, state.uid_token, self.public_host),
                series=Revision(state.sequence, state.changed_at),
                overrides=changes,
            )

    def calendar(self) -> Calendar:
        """The series with every override, as iCalendar."""
        return self._calendar(self.feed_state())

    def feed(self) -> tuple[bytes, datetime]:
        """The .ics bytes and when the series or an override last changed."""
        calendar, changed_at = self.feed_calendar()
        return calendar.to_ical(), changed_at

    def feed_calendar(self) -> tuple[Calendar, datetime]:
        """The feed as iCalendar (no events while paused) and when it last changed."""
        state = self.feed_state()
        assert state.series is not None
        calendar = self._calendar(state)
        return (without_events(calendar) if self.paused else calendar), state.series.changed_at

    def bump(self) -> None:
        """Count a change the feed shows that is not in the definition (a pause, a resume)."""
        self.feed_state()
        with self.db.write() as session:
            q.bump_series(session=session, series_key=self.key, now=self.clock.now())

    def _calendar(self, state: FeedState) -> Calendar:
        # The year, not the instant: the feed stays byte-identical between two exports.
        year = datetime(self.clock.now().year, 1, 1, tzinfo=self.config.zone)
        return build_calendar(self.config, self.overrides(), state, now=year, history=self.history)

    # -- organiser changes -----------------------------------------------------------------
    def occurrence_on(self, day: date) -> Occurrence | None:
        """The occurrence on `day` (its original day, or the day it was moved to)."""
        return occurrence_on(self.config, self.overrides(), day, self.history)

    def _occurrence_on(self, day: date) -> Occurrence:
        found = self.occurrence_on(day)
        if found is None:
            raise MeetingChangeError(f"There is no {quote_title(self.title)} on {day:%A %d %B %Y}.")
        return found

    def skip(self, day: date, *, by: str) -> MeetingChange:
        """Cancel the occurrence on `day`."""
        occurrence = self._occurrence_on(day)
        if occurrence.cancelled:
            raise MeetingChangeError(
                f"The {quote_title(self.title)} on {day:%A %d %B %Y} is already skipped."
            )
        if occurrence.start_utc <= self.clock.now():
            raise MeetingChangeError(
                f"That {quote_title(self.title)} has already started or passed."
            )
        self._store(occurrence.original_start, cancelled=True, new_start=None, by=by)
        return MeetingChange(
            "skip", occurrence, self._occurrence_on(occurrence.original_start.date())
        )

    def unskip(self, day: date, *, by: str) -> MeetingChange:
        """Restore the occurrence on `day` as the series has it."""
        occurrence = self._occurrence_on(day)
        self.feed_state()  # the series' revision row exists before it is bumped
        with self.db.write() as session:
            original = occurrence.original_start
            if not q.remove_override(session=session, series_key=self.key, original_start=original):
                raise MeetingChangeError(
                    f"The {quote_title(self.title)} on {day:%d %B} was neither skipped nor moved."
                )
            q.bump_series(session=session, series_key=self.key, now=self.clock.now())
        after = self._occurrence_on(occurrence.original_start.date())
        return MeetingChange("unskip", occurrence, after)

    def move(self, day: date, new_day: date, new_time: time, *, by: str) -> MeetingChange:
        """Move the occurrence on `day` to `new_day` at `new_time` in the meeting's zone."""
        occurrence = self._occurrence_on(day)
        new_start = datetime.combine(new_day, new_time, self.config.zone)
        if new_start <= self.clock.now():
            raise MeetingChangeError("The new time has already passed.")
        if occurrence.start == new_start and not occurrence.cancelled:
            raise MeetingChangeError(
                f"The {quote_title(self.title)} is already on {new_start:%A %d %B} "
                f"at {new_start:%H:%M}; nothing changed."
            )
        overrides = self.overrides()
        other = taken_on(
            self.config,
            overrides,
            new_day,
            besides=occurrence.original_start,
            history=self.history,
        )
        if other is not None:
            raise MeetingChangeError(
                f"There is already a {quote_title(self.title)} on {new_day:%A %d %B %Y} "
                f"(at {other.start:%H:%M}). "
                "Pick another day, or skip that one first."
            )
        self._store(occurrence.original_start, cancelled=False, new_start=new_start, by=by)
        return MeetingChange(
            "move", occurrence, self._occurrence_on(occurrence.original_start.date())
        )

    def _store(
        self, original: datetime, *, cancelled: bool, new_start: datetime | None, by: str
    ) -> None:
        self.feed_state()  # the series' revision row exists before it is bumped
        with self.db.write() as session:
            now = self.clock.now()
            sequence = q.bump_series(session=session, series_key=self.key, now=now)
            q.put_override(
                session=session,
                series_key=self.key,
                original_start=original,
                cancelled=cancelled,
                new_start=new_start,
                changed_by=by,
                now=now,
                sequence=sequence,
            )
