"""Scheduled jobs: each run under its own job id, shielded from the scheduler's shutdown so
that shutdown can wait for it, and nothing added once the scheduler has stopped."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.logging_setup import request_id_var
from handlers.jobs.runner import JobRunner, create_scheduler
from handlers.support.background import Background


def test_a_job_runs_under_its_own_id_and_finishes_after_shutdown_began() -> None:
    seen: list[str] = []

    async def scenario() -> bool:
        background = Background()
        jobs = JobRunner(create_scheduler(), background)
        jobs.scheduler.start()
        started, release = asyncio.Event(), asyncio.Event()

        async def job() -> None:
            seen.append(request_id_var.get())
            started.set()
            await release.wait()  # still running when shutdown begins
            seen.append("finished")

        jobs.once("j", datetime.now(UTC), job)
        await started.wait()
        jobs.shutdown()
        await asyncio.sleep(0)  # the scheduler's shutdown runs (it cancels its job tasks)
        release.set()
        await background.drain()
        return jobs.once("late", datetime.now(UTC) + timedelta(minutes=1), job)

    assert asyncio.run(scenario()) is False  # nothing scheduled after shutdown
    assert seen[0].startswith("job-")
    assert seen[1] == "finished"
