"""Closing polls, by the Close button or on the deadline, exactly once: then the final
message and a results chart in the poll's thread."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from bot.assessment.kinds import is_assessment
from bot.blocks.poll_blocks import render_poll, render_results_summary
from bot.clock import Clock
from bot.polls.chart import render_results_png
from bot.polls.listings import PollListings
from bot.polls.results import PollSnapshot
from bot.polls.service import PollService
from bot.polls.tally_slots import TALLY_LEASE, TallySlots
from handlers.jobs.runner import JobRunner
from handlers.jobs.tallies import TallyPublisher

if TYPE_CHECKING:
    from handlers.jobs.assessment_results import AssessmentResults

log = logging.getLogger(__name__)
_NOW = timedelta(0)  # the final edit need not rest after the last live one


class PollResults:
    """Closes polls, publishes their results, and keeps their deadlines."""

    def __init__(
        self,
        *,
        polls: PollService,
        listings: PollListings,
        slots: TallySlots,
        tallies: TallyPublisher,
        client: AsyncWebClient,
        clock: Clock,
        jobs: JobRunner,
        assessments: AssessmentResults | None = None,
    ) -> None:
        self._polls, self._listings, self._slots = polls, listings, slots
        self._tallies, self._client, self._clock, self._jobs = tallies, client, clock, jobs
        self._assessments = assessments

    async def close(self, poll_id: str, by: str | None = None) -> PollSnapshot | None:
        """Close now (`by` a person, or at the deadline); None if it was already closed (by
        another click, replica or deadline)."""
        poll = await asyncio.to_thread(self._polls.close, poll_id, now=self._clock.now())
        if poll is None:
            return None
        log.info("poll %s closed with %d voters", poll_id, poll.voters)
        self._jobs.cancel(f"close-{poll_id}")
        if poll.message_ts:
            await self.publish(poll, closed_by=by)
        return poll

    async def after_posting(self, poll_id: str) -> None:
        """Once the poll message exists: catch up on what happened before Slack answered."""
        current = await asyncio.to_thread(self._polls.snapshot, poll_id)
        if current is None:
            return
        if not current.is_open:
            await self.publish(current)  # closed before Slack even answered
            return
        if current.voters:
            self._tallies.poll_changed(poll_id)  # votes that beat the ts to the database
        if current.closes_at:
            self.schedule(poll_id, current.closes_at)

    async def publish(self, poll: PollSnapshot, closed_by: str | None = None) -> None:
        """Replace the poll message by its final form and post the chart in its thread."""
        # A live tally edit that read the poll while it was open may still be on its way to
        # Slack, from this replica or another. It holds the poll's tally slot, so the final
        # edit waits for the slot: it lands last and nothing overwrites it.
        held = await self._take_slot(poll.poll_id)
        try:
            await self._client.chat_update(
                channel=poll.channel_id, ts=poll.message_ts, **render_poll(poll).as_kwargs()
            )
        finally:
            if held:
                await asyncio.to_thread(self._slots.release, poll.poll_id, now=self._clock.now())
        if is_assessment(poll.kind) and self._assessments is not None:
            await self._assessments.publish(poll, closed_by)
            return
        chart = await asyncio.to_thread(render_results_png, poll)
        await self._client.files_upload_v2(
            channel=poll.channel_id,
            thread_ts=poll.message_ts,
            content=chart,
            filename=f"poll-{poll.poll_id}-results.png",
            title=f"Results: {poll.title}"[:250],
            initial_comment=render_results_summary(poll, closed_by),
        )

    def schedule(self, poll_id: str, closes_at: datetime) -> None:
        """Close the poll at `closes_at` (at once if that has passed)."""
        self._jobs.once(f"close-{poll_id}", closes_at, self.close, poll_id)

    async def restore(self) -> int:
        """After a start: schedule every pending deadline; overdue polls close at once."""
        pending = await asyncio.to_thread(self._listings.with_deadline)
        for poll_id, closes_at in pending:
            self.schedule(poll_id, max(closes_at, self._clock.now()))
        return len(pending)

    async def _take_slot(self, poll_id: str) -> bool:
        """Wait for the poll's tally slot (a crashed holder's lease runs out in time)."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + TALLY_LEASE.total_seconds() + 5
        while wait := await asyncio.to_thread(
            self._slots.claim, poll_id, now=self._clock.now(), interval=_NOW
        ):
            if loop.time() + wait > give_up:
                log.warning("tally slot of poll %s stayed taken; editing anyway", poll_id)
                return False
            await asyncio.sleep(wait)
        return True
