"""An event loop whose clock jumps instead of waiting: `asyncio.sleep(30)` and timers come
due at once, in order, with `loop.time()` showing the time they were due. For testing code
that spaces things out in time, without a test that waits for real."""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Coroutine
from typing import Any


class _JumpingSelector:
    """Polls the real selector without blocking; a wait it would have done moves the clock."""

    def __init__(self, real: selectors.BaseSelector, loop: VirtualTimeLoop) -> None:
        self._real, self._loop = real, loop

    def select(self, timeout: float | None = None) -> list:
        ready = self._real.select(0)
        if not ready and timeout:
            self._loop.now += timeout
        return ready

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """A selector loop on virtual time, starting at 1000.0."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 1000.0
        self._selector = _JumpingSelector(self._selector, self)  # type: ignore[assignment]

    def time(self) -> float:
        return self.now


def run_virtual(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run `coro` to completion on a fresh virtual-time loop."""
    loop = VirtualTimeLoop()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()
