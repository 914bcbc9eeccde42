"""Coalescing: with a controlled clock and scheduler, pushes are spaced and end fresh."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.polls.live_updates import MAX_FAILED_PUSHES, LiveTally


class ManualScheduler:
    """Collects scheduled jobs; the test runs them when it wants."""

    running = True

    def __init__(self) -> None:
        self.jobs: dict[str, tuple] = {}

    def add_job(self, func, trigger, *, run_date, args, id, replace_existing):
        self.jobs[id] = (func, args, run_date)

    def run_pending(self) -> int:
        jobs, self.jobs = self.jobs, {}
        for func, args, _ in jobs.values():
            func(*args)
        return len(jobs)


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_many_changes_become_one_push_per_interval_and_the_last_one_is_pushed() -> None:
    pushes: list[float] = []
    clock, scheduler = Clock(), ManualScheduler()
    live = LiveTally(
        scheduler=scheduler,
        push=lambda pid, final: pushes.append(clock.t),
        interval=2.0,
        monotonic=clock,
    )
    for _ in range(100):
        live.poll_changed("p1")
    assert len(scheduler.jobs) == 1
    scheduler.run_pending()
    assert pushes == [1000.0]
    clock.t += 0.5
    live.poll_changed("p1")  # arrives inside the interval: scheduled for later, not now
    (_, _, run_date) = next(iter(scheduler.jobs.values()))
    assert 1.2 < (run_date - datetime.now(UTC)).total_seconds() <= 1.5
    clock.t += 1.5
    scheduler.run_pending()
    assert pushes == [1000.0, 1002.0]
    assert scheduler.run_pending() == 0  # nothing changed since: no more pushes


def test_a_change_during_a_push_triggers_one_more_push() -> None:
    clock, scheduler = Clock(), ManualScheduler()
    calls: list[int] = []

    def push(pid: str, final: bool) -> None:
        calls.append(1)
        if len(calls) == 1:
            live.poll_changed(pid)  # a vote lands while the first update is in flight

    live = LiveTally(scheduler=scheduler, push=push, interval=2.0, monotonic=clock)
    live.poll_changed("p1")
    scheduler.run_pending()
    assert len(scheduler.jobs) == 1
    clock.t += 2
    scheduler.run_pending()
    assert len(calls) == 2


def test_flush_pushes_unsent_changes() -> None:
    scheduler, pushed = ManualScheduler(), []
    live = LiveTally(
        scheduler=scheduler,
        push=lambda pid, final: pushed.append(pid),
        interval=2.0,
        monotonic=Clock(),
    )
    live.poll_changed("p1")
    live.poll_changed("p2")
    live.flush()
    assert sorted(pushed) == ["p1", "p2"]


def test_a_failed_push_is_tried_again_a_few_times_then_left_for_the_next_vote() -> None:
    scheduler, attempts = ManualScheduler(), []

    def push(pid: str, final: bool) -> None:
        attempts.append(pid)
        raise OSError("the database is restarting")

    live = LiveTally(scheduler=scheduler, push=push, interval=2.0, monotonic=Clock())
    live.poll_changed("p1")
    while scheduler.run_pending():
        pass
    assert len(attempts) == MAX_FAILED_PUSHES
    live.poll_changed("p1")
    assert len(scheduler.jobs) == 1


def test_once_stopping_a_running_push_sends_its_last_change_itself() -> None:
    # APScheduler's shutdown holds its job-store lock while waiting for running jobs, so a
    # job that schedules another one then would hang the process forever.
    scheduler, finals = ManualScheduler(), []

    def push(pid: str, final: bool) -> None:
        finals.append(final)
        if len(finals) == 1:
            live.poll_changed(pid)  # a vote lands while this push is running...
            live.flush()  # ...and shutdown starts (the flush leaves running polls alone)

    live = LiveTally(scheduler=scheduler, push=push, interval=2.0, monotonic=Clock())
    live.poll_changed("p1")
    scheduler.run_pending()
    assert finals == [False, True]
    assert scheduler.jobs == {}
