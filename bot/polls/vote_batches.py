"""Group commit on the event loop: the vote clicks that arrive in one turn of the loop are
written in one transaction, and each click waits only for that commit.

A SQLite transaction's BEGIN and COMMIT cost more than the vote inside it, and under a
burst many clicks are ready at once: writing them together cut the database work per click
by more than half (storage/votes_repo.py has the measurements). Under load, commits are also
kept at least `commit_gap` apart (PostgreSQL's commit_delay, in spirit): left to the loop's
turns alone, batches sometimes shrank to one or two clicks and stayed there, and throughput
swung by half from run to run (BENCHMARKS.md). The write runs on the loop
itself, which is cheaper than any thread hand-off, but only while nobody else is writing:
when another thread or process holds the database, the batch goes to a writer thread that may
wait for it, so the loop keeps serving every other request meanwhile.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import sqlite3
from collections.abc import Sequence
from concurrent.futures import Executor

from sqlalchemy.exc import OperationalError

from bot.polls.results import VoteResult
from bot.polls.voting import Click, VoteRecorder
from storage.engine import WriteLockBusy

log = logging.getLogger(__name__)
Outcome = VoteResult | BaseException
# A click waits at most this long for the previous commit's gap; only under load, when
# clicks arrive faster than this, does it add anything (closed loop: 2,900-3,500 clicks/s
# without confirmations with it, 1,400-2,800 without it).
COMMIT_GAP = 0.002
# The database is locked, unreachable or failing: every click would meet the same.
_DATABASE_DOWN = (OperationalError, sqlite3.OperationalError, TimeoutError)


class LoopVoteBatcher:
    """Collects clicks on one event loop and writes each turn's clicks together (SQLite)."""

    def __init__(
        self,
        recorder: VoteRecorder,
        *,
        writer: Executor,
        commit_gap: float = COMMIT_GAP,
        on_loop: bool = True,
    ) -> None:
        self.recorder = recorder
        # SQLite: write on the loop when nobody else is writing. PostgreSQL (on_loop=False):
        # every batch on the writer thread, since each statement waits on the network.
        self._on_loop = on_loop
        self._writer = writer  # one thread: the batches that must wait, in arrival order
        self._commit_gap = commit_gap
        self._pending: list[tuple[Click, asyncio.Future[VoteResult]]] = []
        self._at_writer = 0  # batches handed to the writer and not answered yet
        self._last_flush = float("-inf")

    async def vote(self, click: Click) -> VoteResult:
        """Store the click with the others of this turn; raises what storing it raised."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[VoteResult] = loop.create_future()
        self._pending.append((click, future))
        if len(self._pending) == 1:
            # After every request already ready in this turn, and no sooner than the gap
            # after the last commit; in a context of its own, so the batch's log lines do
            # not carry the first click's request id.
            due = self._last_flush + self._commit_gap
            if loop.time() < due:
                loop.call_at(due, self._flush, context=contextvars.Context())
            else:
                loop.call_soon(self._flush, context=contextvars.Context())
        return await future

    def _flush(self) -> None:
        if self._at_writer or not self._pending:
            # A batch is at the writer: the clicks wait for it and go as the next batch (it
            # would otherwise overtake the waiting one, and one person's clicks must be
            # applied in the order they came).
            return
        self._last_flush = asyncio.get_running_loop().time()
        batch, self._pending = self._pending, []
        clicks = [click for click, _ in batch]
        if self._on_loop:
            try:
                _settle(batch, write(self.recorder, clicks, wait=False))
                return
            except WriteLockBusy:
                pass
        self._at_writer += 1
        done = asyncio.get_running_loop().run_in_executor(
            self._writer, write, self.recorder, clicks, True
        )
        done.add_done_callback(lambda finished: self._answer_from_writer(batch, finished))

    def _answer_from_writer(
        self, batch: list[tuple[Click, asyncio.Future[VoteResult]]], finished: asyncio.Future
    ) -> None:
        self._at_writer -= 1
        error = None if finished.cancelled() else finished.exception()
        if finished.cancelled() or error is not None:  # the writer is gone (shutdown)
            failure = error or RuntimeError("the vote writer stopped")
            _settle(batch, [failure] * len(batch))
        else:
            _settle(batch, finished.result())
        if self._pending:  # what came while this batch was at the writer
            asyncio.get_running_loop().call_soon(self._flush, context=contextvars.Context())


def write(recorder: VoteRecorder, clicks: Sequence[Click], wait: bool) -> list[Outcome]:
    """Each click's result or error. One transaction for all; if it fails for a reason of
    the database, every click gets that error; for any other reason each click is written
    alone, so one bad click never costs the others theirs. Without `wait`, a database held
    by someone else raises WriteLockBusy before anything is written."""
    try:
        return list(recorder.record(clicks, wait=wait))
    except WriteLockBusy:
        raise
    except _DATABASE_DOWN as error:
        return [error] * len(clicks)
    except Exception as error:
        if len(clicks) == 1:
            return [error]
    log.warning("a batch of %d votes failed; writing them one by one", len(clicks))
    outcomes: list[Outcome] = []
    for click in clicks:
        try:
            outcomes.append(recorder.record([click], wait=wait)[0])
        except Exception as error:  # WriteLockBusy too: that click was not stored
            outcomes.append(error)
    return outcomes


def _settle(
    batch: list[tuple[Click, asyncio.Future[VoteResult]]], outcomes: Sequence[Outcome]
) -> None:
    for (_, future), outcome in zip(batch, outcomes, strict=True):
        if future.done():  # the request was cancelled meanwhile (client gone, shutdown)
            continue
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)
