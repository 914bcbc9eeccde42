"""The dependencies every handler and job receives, built once per process by the app factory."""

from __future__ import annotations

import contextvars
import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from apscheduler.schedulers.base import BaseScheduler
from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.clock import Clock
from bot.commands import CommandRouter
from bot.maturity.model import MaturityModel
from bot.meetings.config import WelcomeConfig
from bot.meetings.service import MeetingService
from bot.organizers import OrganizerDirectory
from bot.polls.service import Polls
from bot.redelivery import RequestClaims
from bot.response_url import ResponseUrlClient
from bot.settings import Settings

log = logging.getLogger(__name__)


class ContextThreadPoolExecutor(ThreadPoolExecutor):
    """A thread pool that runs each task in a copy of the submitter's context, so that log
    lines of work done after the ack keep the request's id."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        """Schedule `fn(*args, **kwargs)` in the caller's context."""
        return super().submit(contextvars.copy_context().run, fn, *args, **kwargs)


@dataclass
class Deps:
    """Settings, clients and shared state passed explicitly to handlers and jobs."""

    settings: Settings
    client: WebClient
    clock: Clock
    model: MaturityModel
    engine: Engine
    scheduler: BaseScheduler
    polls: Polls
    meetings: MeetingService
    organizers: OrganizerDirectory
    welcome: WelcomeConfig
    request_claims: RequestClaims
    commands: CommandRouter = field(default_factory=CommandRouter)
    response_urls: ResponseUrlClient = field(default_factory=ResponseUrlClient)
    # Follow-up work after acks; shutdown finishes what is queued.
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ContextThreadPoolExecutor(
            max_workers=8, thread_name_prefix="pmm-work"
        )
    )
    # Bolt's lazy listeners (App Home, welcome) get their own pool, so that they never wait
    # behind exports or a close waiting for its tally slot.
    lazy_executor: ThreadPoolExecutor = field(
        default_factory=lambda: ContextThreadPoolExecutor(
            max_workers=4, thread_name_prefix="pmm-lazy"
        )
    )
    # Extra GET routes such as /calendar.ics, keyed by (method, path), and health checks that
    # return "ok" or a short reason; feature modules add to them when they are registered.
    http_routes: dict[tuple[str, str], Any] = field(default_factory=dict)
    health_checks: dict[str, Any] = field(default_factory=dict)

    def later(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        """Run slow follow-up work (Web API calls) after the HTTP ack, logging any failure."""
        future = self.executor.submit(fn, *args, **kwargs)
        future.add_done_callback(_log_failure)
        return future

    def close(self) -> None:
        """Finish queued follow-up work and confirmations, push unsent tallies, stop the
        scheduler."""
        steps = [
            lambda: self.lazy_executor.shutdown(wait=True),
            lambda: self.executor.shutdown(wait=True),
            self.polls.close,
            self.response_urls.close,
            self.polls.live.flush,
            lambda: self.scheduler.shutdown(wait=True) if self.scheduler.running else None,
            self.engine.dispose,
        ]
        for step in steps:  # one failing step must not skip the others
            try:
                step()
            except Exception:
                log.exception("shutdown step failed")


def _log_failure(future: Future) -> None:
    error = future.exception()
    if error is not None:
        log.error("background task failed", exc_info=error)
