"""Recording vote clicks: one at a time or several in one transaction (a group commit)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from bot.polls.results import VoteResult
from bot.polls.structures import PollStructures, Structure
from bot.polls.voter_keys import voter_key
from storage import claims_repo, votes_repo
from storage.database import Database


@dataclass(frozen=True)
class Click:
    """One press of a vote button, as Slack delivered it."""

    poll_id: str
    question_id: int
    choice_id: int
    user_id: str
    request_key: str  # the same for Slack's retries of this click
    now: datetime


class VoteRecorder:
    """Applies clicks to the database; repeats of a click (same request key) change
    nothing, and the key is claimed in the vote's own transaction."""

    def __init__(self, db: Database, structures: PollStructures, *, voter_secret: bytes) -> None:
        self._db, self._structures, self._secret = db, structures, voter_secret

    def record(self, clicks: Sequence[Click], *, wait: bool = True) -> list[VoteResult]:
        """Apply clicks in order in one transaction: all or none are stored. Clicks on
        unknown polls or choices never reach the database. With `wait=False`, a database
        another writer holds raises storage.engine.WriteLockBusy at once."""
        structures = [self._structures.get(click.poll_id) for click in clicks]
        results: list[VoteResult | None] = [
            None if _offers(structure, click) else VoteResult("unknown", click.poll_id)
            for click, structure in zip(clicks, structures, strict=True)
        ]
        if any(result is None for result in results):
            # Each poll is read (and on PostgreSQL share-locked) once per transaction.
            polls: dict[str, votes_repo.PollForVote | None] = {}
            with (self._db.engine if wait else self._db.no_wait).begin() as connection:
                for i, click in enumerate(clicks):
                    if results[i] is None:
                        if click.poll_id not in polls:
                            polls[click.poll_id] = votes_repo.poll_for_vote(
                                connection=connection, poll_id=click.poll_id
                            )
                        poll = polls[click.poll_id]
                        results[i] = self._apply(connection, click, structures[i], poll)
        return results  # type: ignore[return-value]

    def _apply(
        self,
        connection: Connection,
        click: Click,
        structure: Structure,
        poll: votes_repo.PollForVote | None,
    ) -> VoteResult:
        if poll is None:
            return VoteResult("unknown", click.poll_id)
        if poll.status != "open":
            return VoteResult("closed", click.poll_id)
        voter = voter_key(
            user_id=click.user_id, anonymous=poll.anonymous, salt=poll.salt, secret=self._secret
        )
        if not claims_repo.claim_request(connection=connection, key=click.request_key,
                                         now=click.now):  # fmt: skip
            outcome = "duplicate"
        else:
            outcome = votes_repo.toggle_vote(
                connection=connection,
                poll_id=click.poll_id,
                question_id=click.question_id,
                choice_id=click.choice_id,
                voter=voter,
                now=click.now,
            )
        held = votes_repo.votes_of(connection=connection, poll_id=click.poll_id, voter=voter)
        return VoteResult(outcome, click.poll_id, _holding(structure, held))


def _offers(structure: Structure, click: Click) -> bool:
    return any(
        question.id == click.question_id and any(c.id == click.choice_id for c in choices)
        for question, choices in structure
    )


def _holding(structure: Structure, held: dict[int, int]) -> tuple[tuple[str, str], ...]:
    result = []
    for question, choices in structure:
        chosen = next((c.label for c in choices if c.id == held.get(question.id)), None)
        if chosen:
            result.append((question.title, chosen))
    return tuple(result)
