"""Coalescing on the loop, on virtual time: pushes are spaced one interval apart, the last
change is always pushed, failures are retried a few times, and a flush sends the rest."""

from __future__ import annotations

import asyncio

from bot.polls.live_tally import MAX_FAILED_PUSHES, LiveTally
from tests.support.virtual_time import run_virtual


async def settle(seconds: float = 60.0) -> None:
    """Let virtual time pass (every timer within it runs)."""
    await asyncio.sleep(seconds)


def test_many_changes_become_one_push_per_interval_and_the_last_one_is_pushed() -> None:
    pushes: list[float] = []

    async def push(poll_id: str, final: bool) -> None:
        pushes.append(asyncio.get_running_loop().time())

    async def scenario() -> None:
        live = LiveTally(push=push, interval=2.0)
        for _ in range(100):
            live.poll_changed("p1")
        await asyncio.sleep(0.5)
        live.poll_changed("p1")  # inside the interval: pushed when it ends, not now
        await settle()

    run_virtual(scenario())
    assert pushes == [1000.0, 1002.0]  # nothing changed after that: no more pushes


def test_a_change_during_a_push_triggers_one_more_push() -> None:
    calls: list[float] = []

    async def scenario() -> None:
        async def push(poll_id: str, final: bool) -> None:
            calls.append(asyncio.get_running_loop().time())
            if len(calls) == 1:
                live.poll_changed(poll_id)  # a vote lands while the first edit is in flight
            await asyncio.sleep(0.1)

        live = LiveTally(push=push, interval=2.0)
        live.poll_changed("p1")
        await settle()

    run_virtual(scenario())
    assert calls == [1000.0, 1002.1]  # one interval after the first edit ended


def test_a_declined_push_waits_as_told_and_keeps_the_change() -> None:
    calls: list[float] = []

    async def push(poll_id: str, final: bool) -> float | None:
        calls.append(asyncio.get_running_loop().time())
        return 0.7 if len(calls) == 1 else None  # another replica holds the slot

    async def scenario() -> None:
        LiveTally(push=push, interval=2.0).poll_changed("p1")
        await settle()

    run_virtual(scenario())
    assert calls == [1000.0, 1000.7]


def test_flush_pushes_unsent_changes_at_once() -> None:
    pushed: list[tuple[str, bool, float]] = []

    async def push(poll_id: str, final: bool) -> None:
        pushed.append((poll_id, final, asyncio.get_running_loop().time()))

    async def scenario() -> None:
        live = LiveTally(push=push, interval=2.0)
        live.poll_changed("p1")
        await asyncio.sleep(0.1)  # p1 pushed at 1000; a change now waits for 1002
        live.poll_changed("p1")
        live.poll_changed("p2")
        await live.flush()

    run_virtual(scenario())
    assert pushed[0] == ("p1", False, 1000.0)
    assert sorted(pushed[1:]) == [("p1", True, 1000.1), ("p2", True, 1000.1)]


def test_a_failed_push_is_tried_again_a_few_times_then_left_for_the_next_vote() -> None:
    attempts: list[float] = []

    async def push(poll_id: str, final: bool) -> None:
        attempts.append(asyncio.get_running_loop().time())
        raise OSError("the database is restarting")

    async def scenario() -> None:
        live = LiveTally(push=push, interval=2.0)
        live.poll_changed("p1")
        await settle()
        assert len(attempts) == MAX_FAILED_PUSHES
        live.poll_changed("p1")  # a new vote starts over
        await settle()

    run_virtual(scenario())
    assert len(attempts) == MAX_FAILED_PUSHES * 2


def test_a_change_while_stopping_is_sent_by_the_flush() -> None:
    finals: list[bool] = []

    async def scenario() -> None:
        async def push(poll_id: str, final: bool) -> None:
            finals.append(final)
            if len(finals) == 1:
                live.poll_changed(poll_id)  # a vote lands while this push runs...
                flushing.append(asyncio.ensure_future(live.flush()))  # ...and shutdown starts

        flushing: list[asyncio.Future] = []
        live = LiveTally(push=push, interval=2.0)
        live.poll_changed("p1")
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        await asyncio.gather(*flushing)
        await settle()

    run_virtual(scenario())
    assert finals == [False, True]
