"""The APScheduler instance: in-memory jobs rebuilt from the database at start, in UTC."""

from __future__ import annotations

import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any

from apscheduler.executors.pool import BasePoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from bot.logging_setup import request_id_var


class _JobIdPool(ThreadPoolExecutor):
    """Runs each scheduled job with its own id in the logs ("job-" + random), as a Slack
    request has, so that a reminder's or a deadline's lines can be followed together."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        """Schedule one job run under a fresh id."""
        return super().submit(_with_job_id, fn, *args, **kwargs)


class _JobIdExecutor(BasePoolExecutor):
    """APScheduler's thread pool executor, on the pool above."""

    def __init__(self, workers: int) -> None:
        super().__init__(_JobIdPool(workers))


def _with_job_id(fn: Any, *args: Any, **kwargs: Any) -> Any:
    token = request_id_var.set(f"job-{uuid.uuid4().hex[:8]}")
    try:
        return fn(*args, **kwargs)
    finally:
        request_id_var.reset(token)


def create_scheduler(*, workers: int = 4) -> BackgroundScheduler:
    """A background scheduler whose jobs run late rather than never (no misfire limit).

    Jobs live in memory only: the database is the source of truth and every job is
    recreated from it at start, so nothing is shared between replicas' schedulers.
    """
    return BackgroundScheduler(
        timezone="UTC",
        executors={"default": _JobIdExecutor(workers)},
        job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )


def run_once(scheduler: BaseScheduler, job_id: str, when: datetime, fn: Any, *args: Any) -> bool:
    """Run `fn(*args)` once at `when` (at once if past), replacing any job with `job_id`:
    one pending run per reminder, deadline or tally push.

    Nothing is added to a scheduler that is not running: while it shuts down it holds the
    job-store lock that add_job needs until its running jobs end, so a job scheduling
    another would hang the process. The next start rebuilds every job from the database.
    """
    if not scheduler.running:
        return False
    scheduler.add_job(fn, "date", run_date=when, args=list(args), id=job_id, replace_existing=True)
    return True
