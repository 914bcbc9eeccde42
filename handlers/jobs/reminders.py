"""Meeting reminders: planned from every series, claimed in the database, posted once.

Each (series, day, offset) is claimed under a unique key before it is posted, so it goes out
once across restarts and replicas. A reminder missed while the bot was down is posted late
only while it is useful (bot/meetings/reminders.py: late_decision). The series are read from
the database at each plan and each post: an organiser's edit on any replica is what the next
reminder says.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.meeting_blocks import render_reminder
from bot.clock import Clock
from bot.meetings.catalog import MeetingCatalog
from bot.meetings.reminders import ReminderDue, late_decision, series_of_key
from bot.meetings.service import MeetingService
from handlers.jobs.runner import JobRunner

log = logging.getLogger(__name__)
PLAN_AHEAD = timedelta(hours=48)
REPLAN_EVERY = timedelta(minutes=30)
# How often a replica looks whether another one changed a series (one small read).
WATCH_EVERY = timedelta(minutes=1)


class ReminderJobs:
    """Plans, and posts, the reminders of every series."""

    def __init__(
        self,
        *,
        meetings: MeetingCatalog,
        client: AsyncWebClient,
        clock: Clock,
        jobs: JobRunner,
        retry_delay: timedelta = timedelta(minutes=1),
    ) -> None:
        self._catalog, self._client, self._clock, self._jobs = meetings, client, clock, jobs
        # After Slack fails beyond the client's own retries, try again this much later.
        self.retry_delay = retry_delay
        self._seen: str | None = None

    async def start(self) -> None:
        """Plan now and re-plan regularly (new occurrences, overrides from other replicas),
        and at once when a series changed."""
        await self.refresh()
        self._jobs.every("meeting-replan", REPLAN_EVERY.total_seconds(), self.refresh)
        self._jobs.every("meeting-watch", WATCH_EVERY.total_seconds(), self.refresh_if_changed)

    async def refresh_if_changed(self) -> int:
        """Re-plan if any series changed since the last plan."""
        version = await asyncio.to_thread(self._catalog.version)
        if version == self._seen:
            return 0
        return await self.refresh(version)

    async def refresh(self, version: str | None = None) -> int:
        """Schedule a job for each reminder due soon, including late ones still worth it
        (`version`: the catalog's, when the caller has just read it)."""
        self._seen = version or await asyncio.to_thread(self._catalog.version)
        now = self._clock.now()
        dues = await asyncio.to_thread(self._planned, now)
        for due in dues:
            if late_decision(due, now) != "skip":
                self._jobs.once(f"reminder-{due.key}", max(due.fire_at, now), self.fire, due.key)
        return len(dues)

    def _planned(self, now) -> list[ReminderDue]:
        dues = []
        for series in self._catalog.active():
            longest = max(series.config.reminders, default=timedelta(0))
            dues += series.planned(now - longest, now + PLAN_AHEAD)
        return dues

    async def fire(self, key: str) -> bool:
        """Post the reminder `key` if it is still due and no one (no replica) has yet."""
        now = self._clock.now()
        # A paused series plans nothing, so find_due finds nothing for it either.
        meetings = await asyncio.to_thread(self._catalog.get, series_of_key(key))
        due = None if meetings is None else await asyncio.to_thread(meetings.find_due, key, now)
        if meetings is None or due is None:
            log.info("reminder %s is no longer planned (skipped, moved or paused)", key)
            return False
        decision = late_decision(due, now)
        if decision == "wait":
            self._jobs.once(f"reminder-{key}", due.fire_at, self.fire, key)
            return False
        if decision == "skip":
            log.warning("reminder %s skipped: too late to be useful (due %s)", key, due.fire_at)
            return False
        if not await asyncio.to_thread(meetings.claim_reminder, key, now=now, due=due):
            log.info("reminder %s already posted", key)
            return False
        page = meetings.agenda.page
        agenda, closed = await asyncio.to_thread(page, due.occurrence.original_start)
        message = render_reminder(due, meetings.config, now, agenda, closed=closed)
        try:
            posted = await self._client.chat_postMessage(
                channel=meetings.channel, **message.as_kwargs()
            )
        except Exception as error:  # whatever failed, the reminder must not be lost
            await self._retry_later(meetings, key, error)
            return False
        await asyncio.to_thread(meetings.record_reminder, key, posted["ts"])
        log.info("reminder %s posted", key)
        return True

    async def _retry_later(self, meetings: MeetingService, key: str, error: Exception) -> None:
        """Try again soon and give the claim back, so that any replica may take it then.

        The retry is scheduled first: if the database is down too, the release fails but the
        retry still comes, and a claim left behind goes stale (STALE_CLAIM in
        bot/meetings/series_reminders.py). A post that timed out after Slack took it may show
        twice; a lost one would be worse.
        """
        reason = error.response.get("error") if isinstance(error, SlackApiError) else None
        log.warning(
            "reminder %s not posted (%s); retrying in %s",
            key,
            reason or type(error).__name__,
            self.retry_delay,
        )
        self._jobs.once(f"reminder-{key}", self._clock.now() + self.retry_delay, self.fire, key)
        try:
            await asyncio.to_thread(meetings.release_reminder, key)
        except Exception:
            log.exception("could not give back the claim of reminder %s", key)
