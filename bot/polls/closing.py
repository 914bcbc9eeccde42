"""Closing polls: by the Close button or on the deadline, exactly once, then the final
message and a results chart in the poll's thread."""

from __future__ import annotations

import contextlib
import logging
import time
from datetime import datetime, timedelta

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.base import BaseScheduler
from slack_sdk import WebClient

from bot.blocks.poll_blocks import render_poll, render_results_summary
from bot.clock import Clock
from bot.polls.chart import render_results_png
from bot.polls.results import PollSnapshot
from bot.polls.store import TALLY_LEASE, PollStore
from bot.scheduler import run_once

log = logging.getLogger(__name__)
_NOW = timedelta(0)  # the final edit need not rest after the last live one


class PollCloser:
    """Closes polls and schedules their deadlines."""

    def __init__(
        self, *, store: PollStore, client: WebClient, clock: Clock, scheduler: BaseScheduler
    ) -> None:
        self._store, self._client, self._clock, self._scheduler = store, client, clock, scheduler

    def close(self, poll_id: str) -> PollSnapshot | None:
        """Close now; None if it was already closed (by another click, replica or deadline)."""
        poll = self._store.close(poll_id=poll_id, now=self._clock.now())
        if poll is None:
            return None
        log.info("poll %s closed with %d voters", poll_id, poll.voters)
        self._unschedule(poll_id)
        if poll.message_ts:
            self.publish_results(poll)
        return poll

    def publish_results(self, poll: PollSnapshot) -> None:
        """Replace the poll message by its final form and post the chart in its thread."""
        # A live tally edit that read the poll while it was open may still be on its way
        # to Slack, from this replica or another. It holds the poll's tally slot, so the
        # final edit waits for the slot: it lands last and nothing overwrites it.
        held = self._take_tally_slot(poll.poll_id)
        try:
            self._client.chat_update(
                channel=poll.channel_id, ts=poll.message_ts, **render_poll(poll).as_kwargs()
            )
        finally:
            if held:
                self._store.release_tally(poll.poll_id, now=self._clock.now())
        self._client.files_upload_v2(
            channel=poll.channel_id,
            thread_ts=poll.message_ts,
            content=render_results_png(poll),
            filename=f"poll-{poll.poll_id}-results.png",
            title=f"Results: {poll.title}"[:250],
            initial_comment=render_results_summary(poll),
        )

    def schedule(self, poll_id: str, closes_at: datetime) -> None:
        """Close the poll at `closes_at` (at once if that has passed)."""
        run_once(self._scheduler, f"close-{poll_id}", closes_at, self.close, poll_id)

    def restore(self) -> int:
        """After a start: schedule every pending deadline; overdue polls close at once."""
        pending = self._store.with_deadline()
        for poll_id, closes_at in pending:
            self.schedule(poll_id, max(closes_at, self._clock.now()))
        return len(pending)

    def _take_tally_slot(self, poll_id: str) -> bool:
        """Wait for the poll's tally slot (a crashed holder's lease runs out in time)."""
        give_up = time.monotonic() + TALLY_LEASE.total_seconds() + 5
        while wait := self._store.claim_tally(poll_id, now=self._clock.now(), interval=_NOW):
            if time.monotonic() + wait > give_up:
                log.warning("tally slot of poll %s stayed taken; editing anyway", poll_id)
                return False
            time.sleep(wait)
        return True

    def _unschedule(self, poll_id: str) -> None:
        if not self._scheduler.running:
            return  # shutting down: it waits for this job holding the lock remove_job needs
        with contextlib.suppress(JobLookupError):
            self._scheduler.remove_job(f"close-{poll_id}")
