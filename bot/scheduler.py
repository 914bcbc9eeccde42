"""The APScheduler instance: in-memory jobs rebuilt from the database at start, in UTC."""

from __future__ import annotations

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler


def create_scheduler(*, workers: int = 4) -> BackgroundScheduler:
    """A background scheduler whose jobs run late rather than never (no misfire limit).

    Jobs live in memory only: the database is the source of truth and every job is
    recreated from it at start, so nothing is shared between replicas' schedulers.
    """
    return BackgroundScheduler(
        timezone="UTC",
        executors={"default": ThreadPoolExecutor(workers)},
        job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )
