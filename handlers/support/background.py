"""Work that follows an ack (Web API calls, uploads), as tasks on the app's event loop.

Each task keeps the request's context (asyncio copies contextvars into a new task), so its
log lines carry the request id. A failure is logged with its traceback, never lost; at
shutdown `drain` waits for what is still running.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class Background:
    """The set of follow-up tasks still running."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()

    def spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task:
        """Run `work` after the current listener returns; must be called on the loop."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task failed", exc_info=task.exception())

    async def drain(self, timeout: float = 15.0) -> None:
        """Wait for every running task (and the ones they start), up to `timeout` s."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self._tasks:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                log.warning("%d background task(s) still running at shutdown", len(self._tasks))
                return
            await asyncio.wait(set(self._tasks), timeout=left)
