"""The app factory: settings and dependencies in, a ready Bolt app and WSGI callable out.

Nothing here runs at import time; `create_bot` is called by the CLI and by tests.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from slack_bolt import App
from slack_bolt.async_app import AsyncApp
from slack_sdk import WebClient
from sqlalchemy import Engine, text

from bot.asgi import SlackAsgi
from bot.click_app import build_click_app
from bot.clock import Clock, SystemClock
from bot.deps import Deps
from bot.maturity.model import MaturityModel, default_model
from bot.meetings.config import load_file_config
from bot.meetings.service import MeetingService
from bot.organizers import OrganizerDirectory
from bot.polls.service import build_polls
from bot.polls.store import PollStore
from bot.redelivery import RequestClaims
from bot.scheduler import create_scheduler
from bot.settings import Settings
from bot.slack_client import build_web_client
from bot.web import create_wsgi_app
from handlers.vote_clicks import is_vote_click
from storage.engine import create_db_engine, reader
from storage.migrate import upgrade

log = logging.getLogger(__name__)


@dataclass
class Bot:
    """A built bot: the Bolt apps, their dependencies and the web apps serving them."""

    app: App
    deps: Deps
    click_app: AsyncApp

    @property
    def wsgi(self):
        """The WSGI app: Slack's requests at /slack/events, plus /healthz."""
        return create_wsgi_app(self.app, self.deps)

    def asgi(self) -> SlackAsgi:
        """The ASGI app `serve` runs: vote clicks on the event loop, the rest via `wsgi`."""
        responses = self.deps.response_urls

        async def startup() -> None:
            responses.attach(asyncio.get_running_loop())

        return SlackAsgi(
            wsgi=self.wsgi,
            clicks=self.click_app,
            is_click=is_vote_click,
            signing_secret=self.deps.settings.slack_signing_secret.get_secret_value(),
            threads=self.deps.settings.web_threads,
            on_startup=startup,
            on_shutdown=responses.detach,
        )

    def start(self) -> None:
        """Migrate the database, start the scheduler and restore jobs from the database."""
        upgrade(self.deps.engine)
        self.deps.scheduler.start()
        restored = self.deps.polls.closer.restore()
        self.deps.meetings.start()
        store, clock = self.deps.polls.store, self.deps.clock
        self.deps.scheduler.add_job(
            lambda: store.purge_request_keys(now=clock.now()),
            "interval",
            hours=1,
            id="purge-request-keys",
            replace_existing=True,
        )
        log.info("started; %d poll deadline(s) scheduled", restored)

    def close(self) -> None:
        """Stop background work; called on shutdown."""
        self.deps.close()


def create_bot(
    settings: Settings,
    *,
    client: WebClient | None = None,
    engine: Engine | None = None,
    clock: Clock | None = None,
    model: MaturityModel | None = None,
    verify_token: bool = True,
) -> Bot:
    """Build the Bolt app with every handler module registered against explicit deps."""
    from handlers import register_all  # the factory sits above handlers/ in the import order

    client = client or build_web_client(settings)
    clock = clock or SystemClock()
    engine = engine or create_db_engine(settings.database_url)
    scheduler = create_scheduler()
    file_config = load_file_config(settings.pmm_config)
    meeting = file_config.meeting
    meetings = MeetingService(
        config=meeting,
        channel=settings.reminder_channel or meeting.channel,
        engine=engine,
        clock=clock,
        client=client,
        scheduler=scheduler,
        public_host=settings.public_host,
    )
    store = PollStore(
        engine, voter_secret=settings.slack_signing_secret.get_secret_value().encode()
    )
    deps = Deps(
        settings=settings,
        client=client,
        clock=clock,
        model=model or default_model(),
        engine=engine,
        scheduler=scheduler,
        meetings=meetings,
        organizers=OrganizerDirectory(settings, client),
        welcome=file_config.welcome,
        request_claims=RequestClaims(engine),
        polls=build_polls(
            store=store,
            client=client,
            clock=clock,
            scheduler=scheduler,
            update_interval=settings.poll_update_seconds,
        ),
    )
    deps.health_checks["database"] = lambda: _database_health(engine)
    deps.health_checks["scheduler"] = lambda: "ok" if scheduler.running else "not running"
    app = App(
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        client=client,
        logger=logging.getLogger("pmm_bot.bolt"),
        # Listeners ack from the request thread; slow work goes to deps.later or lazy
        # listeners. This avoids Bolt's 10 ms ack polling on every request.
        process_before_response=True,
        token_verification_enabled=verify_token,
        listener_executor=deps.lazy_executor,
    )
    register_all(app, deps)
    return Bot(app=app, deps=deps, click_app=build_click_app(deps))


def _database_health(engine: Engine) -> str:
    try:
        with reader(engine).connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # report the kind of failure, never the URL or credentials
        return f"unreachable ({type(error).__name__})"
    return "ok"
