"""What the listeners and jobs are handed: the domain services and the Slack-side helpers,
built once by the app factory (bot/app/factory.py). Handlers import nothing above them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from bot.commands import CommandRouter

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.assessment.service import AssessmentService
    from bot.clock import Clock
    from bot.maturity.model import MaturityModel
    from bot.meetings.catalog import MeetingCatalog
    from bot.polls.listings import PollListings
    from bot.polls.results import VoteResult
    from bot.polls.service import PollService
    from bot.polls.voting import Click
    from bot.redelivery import RequestClaims
    from bot.settings import Settings
    from bot.welcomes import Welcomes
    from handlers.jobs.assessment_rounds import RoundJobs
    from handlers.jobs.poll_results import PollResults
    from handlers.jobs.reminders import ReminderJobs
    from handlers.jobs.tallies import TallyPublisher
    from handlers.support.background import Background
    from handlers.support.confirmations import ResponsePoster
    from handlers.support.organizers import OrganizerCheck
    from storage.database import Database


class VotePath(Protocol):
    """Stores one click and says what it did (SQLite: group commit on the loop; PostgreSQL:
    a thread per click)."""

    async def vote(self, click: Click) -> VoteResult: ...


@dataclass
class Services:
    """Everything a listener or a job may use, passed in explicitly."""

    settings: Settings
    clock: Clock
    model: MaturityModel
    db: Database
    client: AsyncWebClient
    scheduler: AsyncIOScheduler
    polls: PollService
    listings: PollListings
    votes: VotePath
    meetings: MeetingCatalog
    welcomes: Welcomes
    claims: RequestClaims
    organizers: OrganizerCheck
    background: Background
    confirmations: ResponsePoster
    tallies: TallyPublisher
    results: PollResults
    reminders: ReminderJobs
    assessments: AssessmentService
    commands: CommandRouter = field(default_factory=CommandRouter)
    rounds: RoundJobs | None = None  # scheduled assessments (built on these services)

    @property
    def feed_url(self) -> str | None:
        """The public calendar feed, when PMM_PUBLIC_URL is set."""
        url = self.settings.public_url
        return f"{url}/calendar.ics" if url else None

    def series_feed_url(self, key: str) -> str | None:
        """One series' feed (`/calendar/<id>.ics`), when PMM_PUBLIC_URL is set."""
        url = self.settings.public_url
        return f"{url}/calendar/{key}.ics" if url else None
