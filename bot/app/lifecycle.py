"""Starting and stopping the app, on its event loop (uvicorn's lifespan events).

Start: a bounded thread pool for blocking work, migrations, the scheduler, jobs rebuilt from
the database, then Socket Mode. Stop, in the order that loses nothing: stop hearing Slack,
stop starting jobs, finish follow-up work, push the tallies still unsent, close.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

from bot.app.channels import resolve_channels
from bot.app.identity import BotIdentity
from bot.app.socket_mode import SocketMode
from handlers.jobs.runner import JobRunner
from handlers.services import Services
from storage.migrate import upgrade

log = logging.getLogger(__name__)
# Database calls, exports and charts run here (asyncio.to_thread uses the loop's default
# executor): enough for the PostgreSQL pool (10 + 10 overflow) without unbounded threads.
BLOCKING_THREADS = 16
PURGE_KEYS_EVERY = 3600.0
# SQLite's WAL is folded back into the database file here, on a thread, never inside a
# vote's commit on the loop (storage/engine.py); a no-op on PostgreSQL.
CHECKPOINT_EVERY = 1.0
# With loop_debug, a callback that holds the loop longer than this is logged (tests fail).
SLOW_CALLBACK = 0.1


class Lifecycle:
    """What happens at start and at stop."""

    def __init__(
        self,
        services: Services,
        jobs: JobRunner,
        identity: BotIdentity,
        *,
        socket_mode: SocketMode | None = None,
        vote_writer: Executor | None = None,
        loop_debug: bool = False,
    ) -> None:
        self._services, self._jobs, self.identity = services, jobs, identity
        self.socket_mode, self._vote_writer, self._loop_debug = socket_mode, vote_writer, loop_debug
        self.loop: asyncio.AbstractEventLoop | None = None  # the loop the app runs on
        self.channels_resolved = False

    async def start(self) -> None:
        """Everything before the first request."""
        loop = self.loop = asyncio.get_running_loop()
        if self._loop_debug:
            loop.set_debug(True)
            loop.slow_callback_duration = SLOW_CALLBACK
        loop.set_default_executor(
            ThreadPoolExecutor(max_workers=BLOCKING_THREADS, thread_name_prefix="pmm-blocking")
        )
        services = self._services
        if not self.identity.loaded:
            await self.identity.load()
        await self.resolve_channels()
        await asyncio.to_thread(upgrade, services.db.engine)
        await asyncio.to_thread(services.meetings.seed)
        self._jobs.scheduler.start()
        restored = await services.results.restore()
        await services.reminders.start()
        if services.rounds is not None:
            await services.rounds.start()
        self._jobs.every("purge-request-keys", PURGE_KEYS_EVERY, self._purge_keys)
        self._jobs.every("sqlite-checkpoint", CHECKPOINT_EVERY, self._checkpoint)
        if self.socket_mode is not None:
            await self.socket_mode.connect()
        log.info("started; %d poll deadline(s) scheduled", restored)

    async def resolve_channels(self) -> None:
        """Channel names in the settings and config file become IDs (once)."""
        if not self.channels_resolved:
            await resolve_channels(self._services, self._services.client)
            self.channels_resolved = True

    async def stop(self) -> None:
        """Everything after the last request; one failing step never skips the others."""
        services = self._services
        steps: list[Callable[[], Awaitable[Any]]] = []
        if self.socket_mode is not None:
            steps.append(self.socket_mode.close)
        steps += [
            _sync(self._jobs.shutdown),
            services.background.drain,
            services.tallies.flush,
            services.background.drain,
            services.confirmations.close,
        ]
        if self._vote_writer is not None:
            steps.append(lambda: asyncio.to_thread(self._vote_writer.shutdown, wait=True))  # type: ignore[union-attr]
        steps.append(lambda: asyncio.to_thread(services.db.dispose))
        for step in steps:
            try:
                await step()
            except Exception:
                log.exception("shutdown step failed")
        log.info("stopped")

    async def health(self) -> tuple[int, dict[str, Any]]:
        """Each check says ok or what is wrong; any failure makes the whole answer 503."""
        checks = {
            "database": await asyncio.to_thread(self._services.db.ping),
            "scheduler": "ok" if self._jobs.scheduler.running else "not running",
        }
        if self.socket_mode is not None:
            open_now = await self.socket_mode.connected()
            checks["socket_mode"] = "ok" if open_now else "not connected"
        ok = all(result == "ok" for result in checks.values())
        return (200 if ok else 503), {"status": "ok" if ok else "degraded", "checks": checks}

    async def _checkpoint(self) -> None:
        await asyncio.to_thread(self._services.db.checkpoint)

    async def _purge_keys(self) -> None:
        claims, now = self._services.claims, self._services.clock.now()
        await asyncio.to_thread(claims.purge, now=now)


def _sync(step: Callable[[], Any]) -> Callable[[], Awaitable[Any]]:
    async def run() -> Any:
        return step()

    return run
