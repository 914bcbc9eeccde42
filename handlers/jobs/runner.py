"""The scheduler as the jobs use it: APScheduler's AsyncIOScheduler on the app's loop, with
each run under its own `job-…` log id and shielded from the scheduler's shutdown (which
cancels running jobs): a reminder half posted finishes, and shutdown waits for it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.logging_setup import request_id_var
from handlers.support.background import Background

log = logging.getLogger(__name__)
Job = Callable[..., Awaitable[Any]]


def create_scheduler() -> AsyncIOScheduler:
    """A scheduler whose jobs run late rather than never (no misfire limit). Jobs live in
    memory: the database is the source of truth and every job is recreated from it at
    start, so nothing is shared between replicas' schedulers."""
    return AsyncIOScheduler(
        timezone="UTC",
        job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )


class JobRunner:
    """Adds and removes the app's scheduled jobs."""

    def __init__(self, scheduler: AsyncIOScheduler, background: Background) -> None:
        self.scheduler, self._background = scheduler, background

    def once(self, job_id: str, when: datetime, job: Job, *args: Any) -> bool:
        """Run `job(*args)` once at `when` (at once if past), replacing any job with
        `job_id`: one pending run per reminder, deadline or retry. False after shutdown."""
        if not self.scheduler.running:
            return False
        self.scheduler.add_job(
            self._run, "date", run_date=when, args=[job, *args], id=job_id, replace_existing=True
        )
        return True

    def every(self, job_id: str, seconds: float, job: Job, *args: Any) -> None:
        """Run `job(*args)` every `seconds`."""
        self.scheduler.add_job(
            self._run,
            "interval",
            seconds=seconds,
            args=[job, *args],
            id=job_id,
            replace_existing=True,
        )

    def cancel(self, job_id: str) -> None:
        """Drop a pending job, if there is one."""
        with contextlib.suppress(JobLookupError):
            self.scheduler.remove_job(job_id)

    async def _run(self, job: Job, *args: Any) -> None:
        request_id_var.set(f"job-{uuid.uuid4().hex[:8]}")
        await asyncio.shield(self._background.spawn(job(*args)))

    def shutdown(self) -> None:
        """Stop starting jobs (running ones finish: Background.drain waits for them)."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
