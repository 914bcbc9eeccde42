"""Scheduled self-assessments: each schedule's next round planned as a job, opened once
(claimed in the database) and posted in its channel; re-planned regularly, so a schedule
added on another replica is seen too."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.assessment.schedules import AssessmentSchedules
from bot.clock import Clock
from bot.polls.results import PollSnapshot
from handlers.jobs.runner import JobRunner

# Posts a new assessment's invitation; None when posted, else why not.
Post = Callable[[PollSnapshot], Awaitable[str | None]]

log = logging.getLogger(__name__)
REPLAN_EVERY = timedelta(minutes=30)
NUDGE_AFTER = timedelta(days=2)  # or half the round, if it is shorter

# Sends the reminder of a round to one person; the handler side (a DM with buttons).
Nudge = Callable[[PollSnapshot, str], Awaitable[None]]
# Tells the organiser (user, channel, why) that a scheduled round could not be posted.
Tell = Callable[[str, str, str], Awaitable[None]]


def nudge_at(poll: PollSnapshot) -> datetime:
    """When a round reminds last round's people: after two days, or halfway if sooner."""
    if poll.closes_at is None:
        return poll.created_at + NUDGE_AFTER
    return poll.created_at + min(NUDGE_AFTER, (poll.closes_at - poll.created_at) / 2)


class RoundJobs:
    """Plans and opens the rounds of every active schedule."""

    def __init__(
        self,
        schedules: AssessmentSchedules,
        jobs: JobRunner,
        *,
        clock: Clock,
        post: Post,
        nudge: Nudge,
        tell: Tell,
    ) -> None:
        self.schedules, self._jobs, self._clock, self._post = schedules, jobs, clock, post
        self._nudge, self._tell = nudge, tell

    async def start(self) -> None:
        """Plan now and every half hour."""
        await self.refresh()
        self._jobs.every("assessment-replan", REPLAN_EVERY.total_seconds(), self.refresh)

    async def refresh(self) -> int:
        """A job for each active schedule's next opening (and for one overdue by less than
        a replan, which covers a restart at the very moment). Each opening has a job of its
        own, so planning the next one never replaces the one running."""
        now = self._clock.now()
        planned = 0
        for schedule in await asyncio.to_thread(self.schedules.active):
            at = schedule.next_opening(now - REPLAN_EVERY)
            while at is not None:
                self._plan(schedule.schedule_id, at, now)
                planned += 1
                if at > now:
                    break
                at = schedule.next_opening(at)  # that one may have opened: plan the next too
        for poll in await asyncio.to_thread(self.schedules.assessments.recent, "open", 20):
            self._jobs.once(f"assessment-nudge-{poll.poll_id}", max(nudge_at(poll), now),
                            self.remind, poll.poll_id)  # fmt: skip
        return planned

    def _plan(self, schedule_id: str, at: datetime, now: datetime) -> None:
        job_id = f"assessment-round-{schedule_id}-{at:%Y%m%dT%H%M}"
        self._jobs.once(job_id, max(at, now), self.open, schedule_id, at)

    async def remind(self, poll_id: str) -> int:
        """The round's one reminder to last round's people; how many were reminded."""
        service = self.schedules.assessments
        poll = await asyncio.to_thread(service.polls.snapshot, poll_id)
        if poll is None or not poll.is_open:
            return 0
        people = await asyncio.to_thread(service.to_remind, poll, now=self._clock.now())
        for user in people:
            try:
                await self._nudge(poll, user)
            except Exception:  # one person's closed DMs must not stop the others'
                log.warning("could not remind a participant of assessment %s", poll_id)
        return len(people)

    async def open(self, schedule_id: str, at: datetime) -> None:
        """Open the round (once: claimed) and post its invitation; then plan the next one.
        A round that cannot be posted is told to the organiser who set the schedule up."""
        now = self._clock.now()
        poll = await asyncio.to_thread(self.schedules.open_round, schedule_id, at, now=now)
        if poll is not None:
            problem = await self._post(poll)
            if problem:
                log.warning("scheduled assessment %s not posted: %s", schedule_id, problem)
                await self._tell(poll.creator_id, poll.channel_id, problem)
        schedule = next(
            (
                s
                for s in await asyncio.to_thread(self.schedules.active)
                if s.schedule_id == schedule_id
            ),
            None,
        )
        following = schedule.next_opening(at) if schedule else None
        if following is not None:
            self._plan(schedule_id, following, now)
