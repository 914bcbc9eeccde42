"""Live tallies without flooding Slack: at most one edit per poll per interval, and the last
edit always comes after the last vote, so the message never ends stale.

Runs on the app's event loop: `poll_changed` is called there (vote clicks are handled there),
and each push is a task of its own. What a push does (take the poll's slot in the database,
edit the message) is given in, so this knows nothing of Slack.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.logging_setup import request_id_var

log = logging.getLogger(__name__)
# A push that fails (database or Slack down) is tried again after the interval, this many
# times in a row at most; the next vote starts over. Declined pushes are not failures.
MAX_FAILED_PUSHES = 5
# push(poll_id, final) -> None when done, or seconds to wait (another replica holds the slot)
Push = Callable[[str, bool], Awaitable[float | None]]


@dataclass
class _PollState:
    last_push: float = float("-inf")
    dirty: bool = False
    timer: asyncio.TimerHandle | None = None
    task: asyncio.Task | None = None
    failures: int = 0


class LiveTally:
    """Coalesces "poll changed" signals into spaced-out pushes of the fresh tally."""

    def __init__(self, *, push: Push, interval: float = 2.0) -> None:
        self._push = push
        self._interval = interval
        self._states: dict[str, _PollState] = {}
        self._stopping = False

    def poll_changed(self, poll_id: str) -> None:
        """Note a change (on the loop); a push follows as soon as the interval allows."""
        state = self._states.setdefault(poll_id, _PollState())
        state.dirty = True
        state.failures = 0  # a new vote is a new reason to try, whatever failed before
        if state.timer is None and state.task is None and not self._stopping:
            self._schedule(poll_id, state)

    def _schedule(self, poll_id: str, state: _PollState, wait: float = 0.0) -> None:
        loop = asyncio.get_running_loop()
        delay = max(wait, state.last_push + self._interval - loop.time(), 0.0)
        # A context of its own: the push logs under a job id, not the first voter's request.
        state.timer = loop.call_later(delay, self._start, poll_id, context=contextvars.Context())

    def _start(self, poll_id: str) -> None:
        state = self._states[poll_id]
        state.timer, state.dirty = None, False
        request_id_var.set(f"job-{uuid.uuid4().hex[:8]}")
        state.task = asyncio.get_running_loop().create_task(self._run(poll_id, state))

    async def _run(self, poll_id: str, state: _PollState) -> None:
        retry_in, failed = None, False
        try:
            retry_in = await self._push(poll_id, False)
        except Exception:
            log.exception("could not update the tally of poll %s", poll_id)
            failed = True
        state.task = None
        state.failures = state.failures + 1 if failed else 0
        if failed and state.failures < MAX_FAILED_PUSHES:
            retry_in = self._interval  # otherwise a failed last push leaves the message stale
        if retry_in is not None:
            state.dirty = True
        if not failed and retry_in is None:
            # From the end of the push: Slack has the edit by then, so edits reach it at
            # least one interval apart however long a push takes.
            state.last_push = asyncio.get_running_loop().time()
        if state.dirty and not self._stopping:
            self._schedule(poll_id, state, retry_in or 0.0)

    async def flush(self) -> None:
        """At shutdown: push every poll with unsent changes now, without waiting out the
        interval (the process is going away and the message must show the last votes)."""
        self._stopping = True
        running = [s.task for s in self._states.values() if s.task is not None]
        for state in self._states.values():
            if state.timer is not None:
                state.timer.cancel()
                state.timer = None
        await asyncio.gather(*running, return_exceptions=True)
        for poll_id, state in self._states.items():
            if state.dirty:
                state.dirty = False
                try:
                    await self._push(poll_id, True)
                except Exception:
                    log.exception("could not flush the tally of poll %s", poll_id)
