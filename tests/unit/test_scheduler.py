"""A job that schedules another while the scheduler shuts down must not hang the process
(APScheduler's shutdown holds the job-store lock that add_job needs until jobs end)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from bot.scheduler import create_scheduler, run_once
from tests.support.waiting import wait_until


def test_scheduling_from_a_job_during_shutdown_is_skipped_not_hung() -> None:
    scheduler = create_scheduler()
    scheduler.start()
    running = threading.Event()
    added: list[bool] = []

    def job() -> None:
        running.set()
        wait_until(lambda: not scheduler.running, what="the shutdown to begin")
        later = datetime.now(UTC) + timedelta(minutes=1)
        added.append(run_once(scheduler, "retry", later, lambda: None))

    run_once(scheduler, "first", datetime.now(UTC), job)
    assert running.wait(timeout=5)
    stopper = threading.Thread(target=scheduler.shutdown, kwargs={"wait": True}, daemon=True)
    stopper.start()
    stopper.join(timeout=5)
    assert not stopper.is_alive()  # shutdown finished instead of waiting on add_job
    assert added == [False]
