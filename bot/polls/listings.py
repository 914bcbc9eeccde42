"""Read-only views over the stored polls: listings, exports, deadlines, a user's polls."""

from __future__ import annotations

from datetime import datetime

from bot.polls.export import PollExport, build_export
from bot.polls.results import PollSnapshot, PollSummary
from bot.polls.service import PollService
from bot.polls.voter_keys import voter_key
from storage import polls_repo as q
from storage.database import Database


class PollListings:
    """Queries that read many polls, or a whole poll's votes, at once."""

    def __init__(self, db: Database, polls: PollService, *, voter_secret: bytes) -> None:
        self._db, self._polls, self._secret = db, polls, voter_secret

    def snapshot(self, poll_id: str) -> PollSnapshot | None:
        """The poll and its tally (as PollService.snapshot)."""
        return self._polls.snapshot(poll_id)

    def open_in_channel(self, channel_id: str) -> list[PollSnapshot]:
        """The channel's open polls, newest first."""
        with self._db.read() as session:
            ids = [p.id for p in q.open_polls(session=session, channel_id=channel_id)]
        return [s for s in map(self.snapshot, ids) if s is not None]

    def export(self, poll_id: str) -> PollExport | None:
        """Votes and summary of a poll, ready for CSV/JSON (anonymous voters pseudonymised)."""
        poll = self.snapshot(poll_id)
        if poll is None:
            return None
        with self._db.read() as session:
            votes = [(v.question_id, v.choice_id, v.voter, v.voted_at)
                     for v in q.list_votes(session=session, poll_id=poll_id)]  # fmt: skip
        return build_export(poll, votes)

    def latest_id(self, channel_id: str | None = None) -> str | None:
        """The newest poll of a channel (or anywhere)."""
        with self._db.read() as session:
            return q.latest_poll_id(session=session, channel_id=channel_id)

    def overview(self, limit: int = 1000) -> list[PollSummary]:
        """Polls newest first with their vote counts (for listings)."""
        with self._db.read() as session:
            rows = q.polls_with_vote_counts(session=session, limit=limit)
            return [
                PollSummary(p.id, p.channel_id, p.title, p.status, n, people, p.created_at)
                for p, n, people in rows
            ]

    def home_polls(
        self, user_id: str, limit: int = 50
    ) -> tuple[list[PollSnapshot], list[PollSnapshot]]:
        """(open polls the user started, open polls the user voted in), newest first."""
        own, voted = [], []
        with self._db.read() as session:
            polls = list(q.open_polls(session=session))[:limit]
            for poll in polls:
                key = (
                    voter_key(
                        user_id=user_id,
                        anonymous=poll.anonymous,
                        salt=poll.salt,
                        secret=self._secret,
                    )
                    if poll.salt or not poll.anonymous
                    else None
                )
                if poll.creator_id == user_id:
                    own.append(poll.id)
                elif key and q.has_voted(session=session, poll_id=poll.id, voter=key):
                    voted.append(poll.id)
        snap = [self.snapshot(i) for i in own], [self.snapshot(i) for i in voted]
        return [p for p in snap[0] if p], [p for p in snap[1] if p]

    def with_deadline(self) -> list[tuple[str, datetime]]:
        """(poll id, closes_at) of open polls that have a deadline."""
        with self._db.read() as session:
            return [(p.id, p.closes_at) for p in q.polls_with_deadline(session=session)]  # type: ignore[misc]
