"""Applying vote clicks to the database, one at a time or several in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.polls.results import VoteResult
from bot.polls.voter_keys import voter_key
from storage import vote_queries as v

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from bot.polls.store import Structure


@dataclass(frozen=True)
class Click:
    """One press of a vote button, as Slack delivered it."""

    poll_id: str
    question_id: int
    choice_id: int
    user_id: str
    request_key: str  # the same for Slack's retries of this click
    now: datetime


class PollVoting:
    """Mixed into PollStore: the per-click path."""

    engine: Engine
    no_wait: Engine  # the same database; its write transactions fail rather than wait
    _secret: bytes

    def _known_structure(self, poll_id: str) -> Structure:  # provided by PollStore
        raise NotImplementedError

    def vote(
        self,
        *,
        poll_id: str,
        question_id: int,
        choice_id: int,
        user_id: str,
        request_key: str,
        now: datetime,
    ) -> VoteResult:
        """Apply one click atomically; repeats of the same request change nothing."""
        click = Click(poll_id, question_id, choice_id, user_id, request_key, now)
        return self.vote_many([click])[0]

    def vote_many(self, clicks: Sequence[Click], *, wait: bool = True) -> list[VoteResult]:
        """Apply clicks in order in one transaction (a group commit): all or none are
        stored. Clicks on unknown polls or choices never reach the database. With
        `wait=False`, a database another writer holds raises storage.engine.WriteLockBusy
        at once instead of waiting for it."""
        structures = [self._known_structure(click.poll_id) for click in clicks]
        results = [
            None if _offers(structure, click) else VoteResult("unknown", click.poll_id)
            for click, structure in zip(clicks, structures, strict=True)
        ]
        if any(result is None for result in results):
            with (self.engine if wait else self.no_wait).begin() as connection:
                for i, click in enumerate(clicks):
                    if results[i] is None:
                        results[i] = self._apply(connection, click, structures[i])
        return results  # type: ignore[return-value]

    def _apply(self, connection: Connection, click: Click, structure: Structure) -> VoteResult:
        poll = v.poll_for_vote(connection=connection, poll_id=click.poll_id)
        if poll is None:
            return VoteResult("unknown", click.poll_id)
        if poll.status != "open":
            return VoteResult("closed", click.poll_id)
        voter = voter_key(
            user_id=click.user_id, anonymous=poll.anonymous, salt=poll.salt, secret=self._secret
        )
        if not v.claim_request(connection=connection, key=click.request_key, now=click.now):
            outcome = "duplicate"
        else:
            outcome = v.toggle_vote(
                connection=connection,
                poll_id=click.poll_id,
                question_id=click.question_id,
                choice_id=click.choice_id,
                voter=voter,
                now=click.now,
            )
        held = v.votes_of(connection=connection, poll_id=click.poll_id, voter=voter)
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
