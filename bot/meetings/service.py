"""The meeting feature: overrides from the database, organiser changes, and reminders that
post exactly once across restarts and replicas (claimed in the database before posting)."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from apscheduler.schedulers.base import BaseScheduler
from icalendar import Calendar
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlmodel import Session

from bot.blocks.meeting_blocks import render_reminder, render_skip_notice
from bot.clock import Clock
from bot.meetings.config import MeetingConfig
from bot.meetings.feed import FeedState, Revision, build_calendar, feed_fingerprint, feed_uid
from bot.meetings.reminders import ReminderDue, late_decision, planned_reminders
from bot.meetings.series import Occurrence, Overrides, next_occurrences, occurrence_on, taken_on
from bot.scheduler import run_once
from storage import meeting_queries as q
from storage.engine import reader

log = logging.getLogger(__name__)
SERIES_KEY = "default"
PLAN_AHEAD = timedelta(hours=48)
REPLAN_EVERY = timedelta(minutes=30)
# Longer than a post with all the client's retries takes: an older unposted claim is stuck.
STALE_CLAIM = timedelta(minutes=2)


class MeetingChangeError(ValueError):
    """An organiser's change could not be made; the message says why."""


@dataclass
class MeetingService:
    """Everything about the sync that needs the database, the clock or Slack."""

    config: MeetingConfig
    channel: str | None
    engine: Engine
    clock: Clock
    client: WebClient
    scheduler: BaseScheduler
    # The public host (PMM_PUBLIC_URL) goes into the feed's UID when known.
    public_host: str | None = None
    # After Slack fails beyond the client's own retries, try again this much later (while
    # the reminder is still useful; see late_decision).
    retry_delay: timedelta = timedelta(minutes=1)

    # -- reading ---------------------------------------------------------------------------
    def overrides(self) -> Overrides:
        """Skips and moves as stored."""
        with Session(reader(self.engine)) as session:
            rows = q.list_overrides(session=session)
            zone = self.config.zone
            skipped = frozenset(r.original_start.astimezone(zone) for r in rows if r.cancelled)
            moved = {
                r.original_start.astimezone(zone): r.new_start.astimezone(zone)
                for r in rows
                if not r.cancelled and r.new_start
            }
        return Overrides(skipped, moved)

    def upcoming(self, count: int) -> list[Occurrence]:
        """The next `count` occurrences (skipped ones included, marked)."""
        return next_occurrences(self.config, self.overrides(), self.clock.now(), count)

    def next_meeting(self) -> Occurrence | None:
        """The next occurrence that will take place."""
        return next((o for o in self.upcoming(12) if not o.cancelled), None)

    def feed_state(self) -> FeedState:
        """The feed's UID and revisions, noting a change of the configured series first."""
        with Session(self.engine) as session, session.begin():
            state = q.sync_series_state(
                session=session,
                series_key=SERIES_KEY,
                fingerprint=feed_fingerprint(self.config),
                now=self.clock.now(),
                token=secrets.token_hex(6),
            )
            zone = self.config.zone
            changes = {
                r.original_start.astimezone(zone): Revision(r.sequence, r.changed_at)
                for r in q.list_overrides(session=session)
            }
            return FeedState(
                uid=feed_uid(SERIES_KEY, state.uid_token, self.public_host),
                series=Revision(state.sequence, state.changed_at),
                overrides=changes,
            )

    def calendar(self) -> Calendar:
        """The series with every override, as iCalendar."""
        return self._calendar(self.feed_state())

    def feed(self) -> tuple[bytes, datetime]:
        """The .ics bytes and when the series or an override last changed."""
        state = self.feed_state()
        assert state.series is not None
        return self._calendar(state).to_ical(), state.series.changed_at

    def _calendar(self, state: FeedState) -> Calendar:
        # The year, not the instant: the feed stays byte-identical between two exports.
        year = datetime(self.clock.now().year, 1, 1, tzinfo=self.config.zone)
        return build_calendar(self.config, self.overrides(), state, now=year)

    # -- organiser changes -----------------------------------------------------------------
    def _occurrence_on(self, day: date) -> Occurrence:
        found = occurrence_on(self.config, self.overrides(), day)
        if found is None:
            raise MeetingChangeError(f"There is no sync on {day:%A %d %B %Y}.")
        return found

    def skip(self, day: date, *, by: str) -> Occurrence:
        """Cancel the occurrence on `day` and post a notice in the reminder channel."""
        occurrence = self._occurrence_on(day)
        if occurrence.cancelled:
            raise MeetingChangeError(f"The sync on {day:%A %d %B %Y} is already skipped.")
        if occurrence.start_utc <= self.clock.now():
            raise MeetingChangeError("That sync has already started or passed.")
        self._store(occurrence.original_start, cancelled=True, new_start=None, by=by)
        if self.channel:
            self.client.chat_postMessage(
                channel=self.channel, **render_skip_notice(occurrence, self.config).as_kwargs()
            )
        return occurrence

    def unskip(self, day: date, *, by: str) -> Occurrence:
        """Restore the occurrence on `day` as the series has it."""
        occurrence = self._occurrence_on(day)
        self.feed_state()  # the series' revision row exists before it is bumped
        with Session(self.engine) as session, session.begin():
            original = occurrence.original_start
            if not q.remove_override(session=session, original_start=original):
                raise MeetingChangeError(f"The sync on {day:%d %B} was neither skipped nor moved.")
            q.bump_series(session=session, series_key=SERIES_KEY, now=self.clock.now())
        self.refresh_reminders()
        return self._occurrence_on(occurrence.original_start.date())

    def move(self, day: date, new_day: date, new_time: time, *, by: str) -> Occurrence:
        """Move the occurrence on `day` to `new_day` at `new_time` in the meeting's zone."""
        occurrence = self._occurrence_on(day)
        new_start = datetime.combine(new_day, new_time, self.config.zone)
        if new_start <= self.clock.now():
            raise MeetingChangeError("The new time has already passed.")
        overrides = self.overrides()
        other = taken_on(self.config, overrides, new_day, besides=occurrence.original_start)
        if other is not None:
            raise MeetingChangeError(
                f"There is already a sync on {new_day:%A %d %B %Y} (at {other.start:%H:%M}). "
                "Pick another day, or skip that one first."
            )
        self._store(occurrence.original_start, cancelled=False, new_start=new_start, by=by)
        return self._occurrence_on(occurrence.original_start.date())

    def _store(
        self, original: datetime, *, cancelled: bool, new_start: datetime | None, by: str
    ) -> None:
        self.feed_state()  # the series' revision row exists before it is bumped
        with Session(self.engine) as session, session.begin():
            now = self.clock.now()
            sequence = q.bump_series(session=session, series_key=SERIES_KEY, now=now)
            q.put_override(
                session=session,
                original_start=original,
                cancelled=cancelled,
                new_start=new_start,
                changed_by=by,
                now=now,
                sequence=sequence,
            )
        self.refresh_reminders()

    # -- reminders -------------------------------------------------------------------------
    def start(self) -> None:
        """Plan reminders now and re-plan regularly (new occurrences, config or overrides)."""
        self.refresh_reminders()
        self.scheduler.add_job(
            self.refresh_reminders,
            "interval",
            seconds=REPLAN_EVERY.total_seconds(),
            id="meeting-replan",
            replace_existing=True,
        )

    def refresh_reminders(self) -> int:
        """Schedule a job for each reminder due soon, including late ones still worth it."""
        if not self.channel or not self.scheduler.running:
            return 0
        now = self.clock.now()
        longest = max(self.config.reminders, default=timedelta(0))
        dues = planned_reminders(self.config, self.overrides(), now - longest, now + PLAN_AHEAD)
        for due in dues:
            if late_decision(due, now) != "skip":
                self._schedule_fire(due.key, max(due.fire_at, now))
        return len(dues)

    def _schedule_fire(self, key: str, when: datetime) -> None:
        run_once(self.scheduler, f"reminder-{key}", when, self.fire, key)

    def _find_due(self, key: str, now: datetime) -> ReminderDue | None:
        longest = max(self.config.reminders, default=timedelta(0))
        dues = planned_reminders(self.config, self.overrides(), now - longest * 2, now + PLAN_AHEAD)
        return next((d for d in dues if d.key == key), None)

    def fire(self, key: str) -> bool:
        """Post the reminder `key` if it is still due and no one (no replica) has yet."""
        now = self.clock.now()
        due = self._find_due(key, now)
        if due is None:
            log.info("reminder %s is no longer planned (skipped or moved)", key)
            return False
        decision = late_decision(due, now)
        if decision == "wait":
            self._schedule_fire(key, due.fire_at)
            return False
        if decision == "skip":
            log.warning("reminder %s skipped: too late to be useful (due %s)", key, due.fire_at)
            return False
        with Session(self.engine) as session, session.begin():
            stale = now - STALE_CLAIM
            if not q.claim_reminder(session=session, key=key, now=now, stale_before=stale):
                log.info("reminder %s already posted", key)
                return False
        try:
            posted = self.client.chat_postMessage(
                channel=self.channel, **render_reminder(due, self.config, now).as_kwargs()
            )
        except Exception as error:  # whatever failed, the reminder must not be lost
            self._retry_later(key, error)
            return False
        with Session(self.engine) as session, session.begin():
            q.record_reminder_ts(session=session, key=key, message_ts=posted["ts"])
        log.info("reminder %s posted", key)
        return True

    def _retry_later(self, key: str, error: Exception) -> None:
        """Try again soon and give the claim back, so that any replica may take it then.

        The retry is scheduled first: if the database is down too, the release fails but the
        retry still comes, and a claim left behind goes stale after STALE_CLAIM. A post that
        timed out after Slack took it may show twice; losing a reminder would be worse.
        """
        reason = error.response.get("error") if isinstance(error, SlackApiError) else None
        log.warning(
            "reminder %s not posted (%s); retrying in %s",
            key,
            reason or type(error).__name__,
            self.retry_delay,
        )
        self._schedule_fire(key, self.clock.now() + self.retry_delay)
        try:
            with Session(self.engine) as session, session.begin():
                q.release_reminder(session=session, key=key)
        except Exception:
            log.exception("could not give back the claim of reminder %s", key)
