"""The conftest's loop check must catch a callback that blocks, and only that: a collection
by the garbage collector (which stops every thread) is not charged to the callback."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from tests import conftest


def _run_blocking(seconds: float) -> list[str]:
    handler = conftest._SlowCallbacks()
    logger = logging.getLogger("asyncio")
    logger.addHandler(handler)
    try:

        async def block() -> None:
            time.sleep(seconds)  # the bug the check is there for

        asyncio.run(block(), debug=True)
    finally:
        logger.removeHandler(handler)
    return handler.reports


@pytest.mark.blocks_loop
def test_a_callback_that_sleeps_on_the_loop_is_reported() -> None:
    assert any("took" in report for report in _run_blocking(0.3))


def test_a_quick_callback_is_not_reported() -> None:
    assert _run_blocking(0.0) == []
    assert _run_blocking(0.12) == []  # logged by asyncio, but under the check's threshold


def test_time_spent_collecting_garbage_is_not_charged_to_the_callback() -> None:
    handler = conftest._SlowCallbacks()
    now = time.time()
    conftest._GC_PAUSES.spans.append((now - 0.4, now - 0.05))
    record = logging.LogRecord(
        "asyncio", logging.WARNING, __file__, 1, "Executing <Task> took 0.400 seconds", (), None
    )
    record.created = now
    handler.emit(record)
    assert handler.reports == []

    record.msg = "Executing <Task> took 0.700 seconds"
    handler.emit(record)
    assert len(handler.reports) == 1
