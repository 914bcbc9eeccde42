"""The app factory: settings in, one Bolt AsyncApp with every service wired, out.

The only place services are constructed. Both transports serve the app it returns: HTTP
through `PmmApp.asgi()` (uvicorn), Socket Mode through the connections its start-up opens.
Nothing here runs at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app.http import Router, SlackEvents
from bot.app.identity import BotIdentity
from bot.app.lifecycle import Lifecycle
from bot.app.slack_client import build_bounded_client, build_web_client
from bot.app.socket_mode import SocketMode
from bot.assessment.questionnaire import default_questionnaire
from bot.assessment.schedules import AssessmentSchedules
from bot.assessment.service import AssessmentService
from bot.clock import Clock, SystemClock
from bot.maturity.model import MaturityModel, default_model
from bot.meetings.catalog import MeetingCatalog, meeting_seeds
from bot.meetings.config import load_file_config
from bot.polls.listings import PollListings
from bot.polls.service import PollService
from bot.polls.structures import PollStructures
from bot.polls.tally_slots import TallySlots
from bot.polls.vote_batches import LoopVoteBatcher
from bot.polls.voting import VoteRecorder
from bot.redelivery import RequestClaims
from bot.settings import Settings
from bot.welcomes import Welcomes
from handlers import register_all
from handlers.jobs.assessment_results import AssessmentResults
from handlers.jobs.assessment_rounds import RoundJobs
from handlers.jobs.poll_results import PollResults
from handlers.jobs.reminders import ReminderJobs
from handlers.jobs.runner import JobRunner, create_scheduler
from handlers.jobs.tallies import TallyPublisher
from handlers.services import Services, VotePath
from handlers.support.background import Background
from handlers.support.confirmations import ResponsePoster
from handlers.support.nudges import send_nudge, tell_not_posted
from handlers.support.organizers import OrganizerCheck
from handlers.support.poll_posting import post_new_poll
from storage.database import Database

# Bolt reads these from the environment when it is not given them; the factory gives it
# everything, and Bolt must not second-guess it (a SLACK_BOT_TOKEN in the environment next
# to our client made it warn "token will be unused" at every start; SLACK_CLIENT_ID and
# SLACK_CLIENT_SECRET would switch it to OAuth).
_BOLT_ENVIRONMENT = ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")


@dataclass
class PmmApp:
    """A built app: Bolt, the services its listeners use, and its start and stop."""

    bolt: AsyncApp
    services: Services
    lifecycle: Lifecycle

    def asgi(self) -> Router:
        """The ASGI app uvicorn serves (Slack's requests, /healthz, /calendar.ics)."""
        secret = self.services.settings.slack_signing_secret.get_secret_value()
        meetings = self.services.meetings

        async def feed(key: str | None) -> tuple[bytes, datetime] | None:
            return await asyncio.to_thread(meetings.feed, key)

        return Router(
            slack=SlackEvents(self.bolt, secret),
            health=self.lifecycle.health,
            feed=feed,
            on_startup=self.lifecycle.start,
            on_shutdown=self.lifecycle.stop,
        )


def create_app(
    settings: Settings,
    *,
    client: AsyncWebClient | None = None,
    db: Database | None = None,
    clock: Clock | None = None,
    model: MaturityModel | None = None,
    loop_debug: bool = False,
) -> PmmApp:
    """Build the app: every service once, every listener registered against them."""
    client = client or build_web_client(settings)
    clock = clock or SystemClock()
    db = db or Database.from_url(settings.database_url, manual_checkpoints=True)
    file_config = load_file_config(settings.pmm_config)
    secret = settings.slack_signing_secret.get_secret_value().encode()

    structures = PollStructures(db)
    polls = PollService(db, structures)
    listings = PollListings(db, polls, voter_secret=secret)
    recorder = VoteRecorder(db, structures, voter_secret=secret)
    # Group commit: the clicks that arrive together are written in one transaction; on
    # SQLite on the loop (batches that must wait go to this one thread), on PostgreSQL on
    # this thread always, the next batch gathering while one is in flight.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pmm-vote-writer")
    votes: VotePath = LoopVoteBatcher(recorder, writer=writer, on_loop=not db.is_postgres)
    slots = TallySlots(db)
    meetings = MeetingCatalog(
        db,
        clock,
        seeds=meeting_seeds(file_config, settings.reminder_channel),
        public_host=settings.public_host,
    )
    background = Background()
    jobs = JobRunner(create_scheduler(), background)
    tallies = TallyPublisher(
        polls=polls,
        slots=slots,
        client=build_bounded_client(client),
        clock=clock,
        interval=settings.poll_update_seconds,
    )
    model = model or default_model()
    assessments = AssessmentService(
        db,
        polls,
        structures,
        model=model,
        questionnaire=default_questionnaire(),
        voter_secret=secret,
    )
    services = Services(
        settings=settings,
        clock=clock,
        model=model,
        db=db,
        client=client,
        scheduler=jobs.scheduler,
        polls=polls,
        listings=listings,
        votes=votes,
        meetings=meetings,
        welcomes=Welcomes(db, file_config.welcome),
        claims=RequestClaims(db),
        organizers=OrganizerCheck(
            client, organizers=frozenset(settings.organizers), group=settings.organizer_group
        ),
        background=background,
        confirmations=ResponsePoster(background),
        tallies=tallies,
        results=PollResults(
            polls=polls,
            listings=listings,
            slots=slots,
            tallies=tallies,
            client=client,
            clock=clock,
            jobs=jobs,
            assessments=AssessmentResults(assessments, client),
        ),
        reminders=ReminderJobs(meetings=meetings, client=client, clock=clock, jobs=jobs),
        assessments=assessments,
    )
    services.rounds = RoundJobs(
        AssessmentSchedules(db, assessments),
        jobs,
        clock=clock,
        post=lambda poll: post_new_poll(services, client, poll),
        nudge=lambda poll, user: send_nudge(client, poll, user),
        tell=lambda user, channel, why: tell_not_posted(client, user, channel, why),
    )
    identity = BotIdentity(client)
    bolt = _bolt_app(settings, client, identity)
    register_all(bolt, services)
    socket_mode = None
    if settings.slack_app_token is not None:
        socket_mode = SocketMode(bolt, settings.slack_app_token.get_secret_value(), client)
    lifecycle = Lifecycle(
        services, jobs, identity, socket_mode=socket_mode, vote_writer=writer, loop_debug=loop_debug
    )
    return PmmApp(bolt=bolt, services=services, lifecycle=lifecycle)


def _bolt_app(settings: Settings, client: AsyncWebClient, identity: BotIdentity) -> AsyncApp:
    # Bolt gets the client without its token, and the token through `authorize`: with a
    # token it would run its own auth.test on the first request (see bot/app/identity.py).
    # Each request's client is a copy of this one (base URL, retries) with the token set.
    tokenless = build_bounded_client(client, timeout=10, retries=2)
    tokenless.token = None
    with _hidden_from_bolt(_BOLT_ENVIRONMENT):
        return AsyncApp(
            signing_secret=settings.slack_signing_secret.get_secret_value(),
            client=tokenless,
            authorize=identity.authorize_function(),
            logger=logging.getLogger("pmm_bot.bolt"),
            # A listener's whole ack function runs before the answer: the vote is durable
            # when Slack hears "ok". Slow work goes to Background after the ack.
            process_before_response=True,
        )


@contextlib.contextmanager
def _hidden_from_bolt(names: tuple[str, ...]) -> Iterator[None]:
    saved = {name: os.environ.pop(name) for name in names if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)
