"""Live tallies without flooding Slack: at most one chat.update per poll per interval, and
the last update always happens after the last vote, so the message never ends stale."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler

from bot.scheduler import run_once

log = logging.getLogger(__name__)
# A push that fails (database or Slack down) is tried again after the interval, this many
# times in a row at most; the next vote starts over. Declined pushes are not failures.
MAX_FAILED_PUSHES = 5


@dataclass
class _PollState:
    last_push: float = float("-inf")
    dirty: bool = False
    scheduled: bool = False
    running: bool = False
    failures: int = 0


class LiveTally:
    """Coalesces 'poll changed' signals into spaced-out pushes of the fresh tally."""

    def __init__(
        self,
        *,
        scheduler: BaseScheduler,
        push: Callable[[str, bool], float | None],
        interval: float = 2.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._scheduler = scheduler
        self._push = push
        self._interval = interval
        self._monotonic = monotonic
        self._states: dict[str, _PollState] = {}
        self._lock = threading.Lock()
        self._stopping = False

    def poll_changed(self, poll_id: str) -> None:
        """Note a change; a push follows as soon as the interval allows."""
        with self._lock:
            state = self._states.setdefault(poll_id, _PollState())
            state.dirty = True
            state.failures = 0  # a new vote is a new reason to try, whatever failed before
            if state.scheduled or state.running or self._stopping:
                return  # the pending or running push (or the flush) will pick this up
            self._schedule(poll_id, state)

    def _schedule(self, poll_id: str, state: _PollState, wait: float = 0.0) -> None:
        state.scheduled = True
        delay = max(wait, state.last_push + self._interval - self._monotonic())
        run_at = datetime.now(UTC) + timedelta(seconds=delay)
        run_once(self._scheduler, f"tally-{poll_id}", run_at, self._run, poll_id)

    def _run(self, poll_id: str) -> None:
        with self._lock:
            state = self._states[poll_id]
            state.scheduled, state.running, state.dirty = False, True, False
        retry_in, failed = None, False
        try:
            # The push may decline (another replica holds the poll's slot): it then says
            # how long to wait, and the change stays pending.
            retry_in = self._push(poll_id, False)
        except Exception:
            log.exception("could not update the tally of poll %s", poll_id)
            failed = True
        with self._lock:
            state.running = False
            state.failures = state.failures + 1 if failed else 0
            if failed and state.failures < MAX_FAILED_PUSHES:
                # Otherwise a failed last push would leave the message stale for good.
                retry_in = self._interval
            if retry_in is not None:
                state.dirty = True
            if not failed and retry_in is None:
                # Measured from the end of the push: Slack has the edit by then, so edits
                # reach it at least one interval apart however long a push takes.
                state.last_push = self._monotonic()
            # While stopping, the scheduler may not take new jobs (APScheduler holds its
            # job-store lock while it waits for running jobs: add_job would deadlock);
            # a change still pending is pushed from here instead.
            last_chance = state.dirty and self._stopping
            if state.dirty and not state.scheduled and not self._stopping:
                self._schedule(poll_id, state, retry_in or 0.0)
        if last_chance:
            self._push_final(poll_id)

    def flush(self) -> None:
        """Push every poll with unsent changes now (at shutdown), without waiting out the
        interval: the process is going away and the message must show the last votes."""
        with self._lock:
            self._stopping = True  # from now on no new jobs: see _run
            pending = [pid for pid, s in self._states.items() if s.dirty and not s.running]
        for poll_id in pending:
            self._push_final(poll_id)

    def _push_final(self, poll_id: str) -> None:
        try:
            self._push(poll_id, True)
        except Exception:
            log.exception("could not flush the tally of poll %s", poll_id)
