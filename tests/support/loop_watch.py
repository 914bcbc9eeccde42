"""The check that fails a test whose app loop was held by one callback for 250 ms or more,
charged only for what the callback itself did.

A callback's wall time is its own CPU time plus time off the CPU. Off the CPU it either
waits on something it called (a sleep, a lock, a socket: the bug this check is for) or
waits to be run at all: in the kernel's run queue when the machine's cores are busy (read
from `/proc/thread-self/schedstat`), or for the GIL while another thread holds it in C code
(seen by a heartbeat thread that wakes every 10 ms and notes how late it woke), or while the
garbage collector stops every thread (`gc.callbacks`). Only the first is charged: on a busy
shared machine, wall time alone failed tests whose loop did nothing wrong (uvicorn's 100 ms
tick was once charged 303 ms).

Known gap: a callback that waits on the loop for another thread's C code to finish while
that code holds the GIL (`.result()` of a `sum(range(10**7))`) looks like a GIL stall and is
excused. A wait on Python code, a sleep, a lock or a socket is charged.

Only loops in debug mode are watched (the app's, with `loop_debug=True`), and not after
`stop_bot` raises their `slow_callback_duration` to a second.
"""

from __future__ import annotations

import asyncio
import gc
import os
import threading
import time
from collections import deque
from dataclasses import dataclass

SLOW = 0.25
_TICK = 0.01
# What a heartbeat may be late by with nothing wrong: busy Python threads hand the GIL on
# every switch interval (1 ms in tests, 5 ms by default). Only lateness past this counts.
_LATE = 0.005
_SHORT = 0.001  # collections shorter than this are not worth a span
_STOPPED = 1.0  # stop_bot's slow_callback_duration: the loop is no longer serving


class Spans:
    """(start, end, thread) spans on the perf_counter clock, since the test began (cleared
    by the fixture: holds are charged at the test's end, so every span must still be here)."""

    def __init__(self) -> None:
        self.spans: deque[tuple[float, float, int]] = deque(maxlen=200_000)

    def add(self, start: float, end: float, thread: int = 0) -> None:
        self.spans.append((start, end, thread))

    def within(self, start: float, end: float, thread: int | None = None) -> float:
        """Seconds of these spans between `start` and `end` (only `thread`'s, if given)."""
        return sum(
            max(0.0, min(end, b) - max(start, a))
            for a, b, who in list(self.spans)
            if thread is None or who == thread
        )


GC_PAUSES = Spans()
STALLS = Spans()


@dataclass(frozen=True)
class Hold:
    """One callback that held a loop for at least SLOW seconds of wall time."""

    what: str
    start: float
    wall: float
    cpu: float  # the loop thread's own CPU time during the callback
    queued: float  # time the loop thread waited in the kernel's run queue
    thread: int = 0  # the loop thread's ident

    def charged(self) -> float:
        """Seconds the callback itself held the loop: its own CPU time (less a collection
        it ran itself) plus off-CPU time no run-queue wait, stall or other thread's
        collection explains."""
        end = self.start + self.wall
        own_collecting = GC_PAUSES.within(self.start, end, self.thread)
        stalled = max(STALLS.within(self.start, end), GC_PAUSES.within(self.start, end))
        off_cpu = max(0.0, self.wall - self.cpu)
        # The waits may overlap (a starved machine delays the heartbeat too): the larger
        # one is excused, never their sum.
        waiting = max(0.0, off_cpu - max(self.queued, stalled))
        return max(0.0, self.cpu - own_collecting) + waiting

    def report(self) -> str:
        return (
            f"Executing {self.what} took {self.wall:.3f} seconds "
            f"(CPU {self.cpu:.3f} s, run queue {self.queued:.3f} s, charged {self.charged():.3f} s)"
        )


class LoopWatch:
    """Collects the holds of every watched loop while a test runs."""

    def __init__(self) -> None:
        self.holds: list[Hold] = []
        self.active = False

    def begin(self) -> None:
        """A test starts: nothing held, no spans from earlier tests."""
        self.holds.clear()
        GC_PAUSES.spans.clear()
        STALLS.spans.clear()
        self.active = True

    def reports(self) -> list[str]:
        """The holds charged SLOW or more, as lines for the failure message."""
        return [hold.report() for hold in self.holds if hold.charged() >= SLOW]


WATCH = LoopWatch()


class _SchedFile:
    """One thread's `/proc/thread-self/schedstat`, open while the thread lives."""

    def __init__(self) -> None:
        try:
            self.fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        except OSError:
            self.fd = -1  # not Linux, or no schedstat: no run-queue time is excused

    def queued(self) -> float:
        if self.fd < 0:
            return 0.0
        return int(os.pread(self.fd, 64, 0).split()[1]) / 1e9

    def __del__(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)


class _SchedStat(threading.local):
    """Each thread's own _SchedFile: a thread's attributes here go when it ends, and with
    them its file (every test starts app loops on new threads)."""

    file: _SchedFile | None = None

    def queued(self) -> float:
        """Seconds this thread has waited in the kernel's run queue."""
        if self.file is None:
            self.file = _SchedFile()
        return self.file.queued()


_SCHED = _SchedStat()
_original_run = asyncio.events.Handle._run


def _timed_run(self: asyncio.Handle) -> None:
    loop = self._loop
    if not (WATCH.active and loop.get_debug() and loop.slow_callback_duration < _STOPPED):
        return _original_run(self)
    start, cpu, queued = time.perf_counter(), time.thread_time(), _SCHED.queued()
    try:
        return _original_run(self)
    finally:
        wall = time.perf_counter() - start
        if wall >= SLOW:
            cpu, queued = time.thread_time() - cpu, _SCHED.queued() - queued
            thread = threading.get_ident()
            WATCH.holds.append(Hold(_describe(self), start, wall, cpu, queued, thread))


def _describe(handle: asyncio.Handle) -> str:
    owner = getattr(handle._callback, "__self__", None)
    return repr(owner) if isinstance(owner, asyncio.Task) else repr(handle)


class _Collections:
    """A `gc.callbacks` entry noting each collection's span in GC_PAUSES."""

    started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        # A collection runs on the thread that triggered it, start to stop.
        if phase == "start":
            self.started = time.perf_counter()
        elif time.perf_counter() - self.started >= _SHORT:
            GC_PAUSES.add(self.started, time.perf_counter(), threading.get_ident())


def _heartbeat() -> None:
    while True:
        due = time.perf_counter() + _TICK
        time.sleep(_TICK)
        woke = time.perf_counter()
        if woke - due > _LATE:
            STALLS.add(due + _LATE, woke)


def install() -> None:
    """Time every callback of the watched loops; start the heartbeat and the collector
    watch. Idempotent."""
    if asyncio.events.Handle._run is _timed_run:
        return
    asyncio.events.Handle._run = _timed_run
    gc.callbacks.append(_Collections())
    threading.Thread(target=_heartbeat, name="loop-watch-heartbeat", daemon=True).start()
