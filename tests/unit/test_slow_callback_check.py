"""The loop check (tests/support/loop_watch.py) must catch a callback that holds the loop,
by waiting on the loop or by computing on it, and only that: time the callback spent waiting
to be run (the run queue, another thread's hold on the GIL, the garbage collector) is not
charged to it."""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time

import pytest

from tests.support import loop_watch
from tests.support.loop_watch import SLOW, Hold


def _holds_of(body) -> list[Hold]:
    """The holds the watch recorded while `body` ran as the only task of a debug loop."""
    loop_watch.install()
    watch = loop_watch.WATCH
    before = len(watch.holds)
    asyncio.run(body(), debug=True)
    return [hold for hold in watch.holds[before:] if hold.charged() >= SLOW]


@pytest.mark.blocks_loop
def test_a_callback_that_sleeps_on_the_loop_is_charged() -> None:
    async def sleeps() -> None:
        time.sleep(0.3)  # the bug the check is there for: off the CPU, waiting on a call

    holds = _holds_of(sleeps)
    assert holds
    assert holds[0].cpu < 0.1
    assert "took" in holds[0].report()


@pytest.mark.blocks_loop
def test_a_callback_that_computes_on_the_loop_is_charged() -> None:
    async def computes() -> None:
        deadline = time.thread_time() + 0.3
        while time.thread_time() < deadline:
            pass

    holds = _holds_of(computes)
    assert holds
    assert holds[0].cpu >= 0.25


def test_a_quick_callback_is_not_charged() -> None:
    async def quick() -> None:
        time.sleep(0.12)  # logged by asyncio's debug mode, but under the check's threshold

    assert _holds_of(quick) == []


LOOP_THREAD, OTHER_THREAD = 1, 2


def _past(seconds: float) -> float:
    """An instant `seconds` ago: spans made up here never reach a later real hold."""
    return time.perf_counter() - seconds


def test_waiting_to_be_run_is_not_charged_to_the_callback() -> None:
    queued = Hold("<Task queued>", _past(60), wall=0.4, cpu=0.01, queued=0.38)
    assert queued.charged() < SLOW
    stalled_at = _past(50)
    loop_watch.STALLS.add(stalled_at, stalled_at + 0.38)  # another thread held the GIL
    assert Hold("<Task stalled>", stalled_at, wall=0.4, cpu=0.01, queued=0.0).charged() < SLOW
    collected_at = _past(40)  # the loop thread's own collection, inside its callback
    loop_watch.GC_PAUSES.add(collected_at, collected_at + 0.38, LOOP_THREAD)
    collected = Hold("<Task collected>", collected_at, 0.4, cpu=0.38, queued=0.0,
                     thread=LOOP_THREAD)  # fmt: skip
    assert collected.charged() < SLOW


def test_another_threads_collection_excuses_waiting_not_computing() -> None:
    # 0.3 s of the loop's own computing, and 0.3 s stopped by a collection elsewhere.
    at = _past(30)
    loop_watch.GC_PAUSES.add(at + 0.3, at + 0.6, OTHER_THREAD)
    hold = Hold("<Task>", at, wall=0.6, cpu=0.3, queued=0.0, thread=LOOP_THREAD)
    assert hold.charged() == pytest.approx(0.3)


def test_a_wait_is_excused_once_even_when_two_explanations_overlap() -> None:
    at = _past(20)
    loop_watch.STALLS.add(at, at + 0.3)
    # 0.3 s of stall and 0.3 s in the run queue are the same 0.3 s: 0.4 s is left.
    hold = Hold("<Task>", at, wall=0.7, cpu=0.0, queued=0.3)
    assert hold.charged() == pytest.approx(0.4)


def test_what_excuses_a_hold_is_kept_until_the_test_ends() -> None:
    # Holds are charged at the test's end: many collections after a hold must not push
    # out the one that excused it.
    at = _past(10)
    loop_watch.GC_PAUSES.add(at, at + 0.3, OTHER_THREAD)
    hold = Hold("<Task>", at, wall=0.3, cpu=0.0, queued=0.0, thread=LOOP_THREAD)
    for n in range(5000):
        loop_watch.GC_PAUSES.add(at + 1 + n * 1e-4, at + 1 + n * 1e-4 + 1e-5, OTHER_THREAD)
    assert hold.charged() < SLOW


def test_the_watch_keeps_no_file_open_for_a_thread_that_ended() -> None:
    # Every test starts its app loops on new threads: a file left open per thread would
    # run a long session out of descriptors.
    def read() -> None:
        loop_watch._SCHED.queued()

    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    gc.collect()
    assert len(os.listdir("/proc/self/fd")) <= before
