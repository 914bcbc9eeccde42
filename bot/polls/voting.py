"""Recording vote clicks: one at a time or several in one transaction (a group commit)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

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
        # PostgreSQL: each thread keeps its connection between batches (a checkout pings
        # the server first: one more round trip per batch); it is dropped on any error, and
        # the next batch checks a fresh one out.
        self._held = threading.local()

    def record(self, clicks: Sequence[Click], *, wait: bool = True) -> list[VoteResult]:
        """Apply clicks in order in one transaction: all or none are stored. Clicks on
        unknown polls or choices never reach the database. With `wait=False`, a database
        another writer holds raises storage.engine.WriteLockBusy at once."""
        structures = [self._structures.get(click.poll_id) for click in clicks]
        results: list[VoteResult | None] = [
            None if _offers(structure, click) else VoteResult("unknown", click.poll_id)
            for click, structure in zip(clicks, structures, strict=True)
        ]
        todo = [i for i, result in enumerate(results) if result is None]
        if todo and self._db.is_postgres:
            for attempt in (1, 2):
                connection = self._connection()
                try:
                    with connection.begin():
                        self._apply_all(connection, clicks, structures, results, todo)
                    break
                except DBAPIError as error:
                    self._drop(connection)
                    # The kept connection died (the server restarted while we were idle):
                    # once more on a fresh one. Safe: a batch that did commit before the
                    # connection went finds its request keys claimed and changes nothing.
                    if attempt == 2 or not error.connection_invalidated:
                        raise
                except BaseException:
                    self._drop(connection)
                    raise
        elif todo:
            with (self._db.engine if wait else self._db.no_wait).begin() as connection:
                self._apply_all(connection, clicks, structures, results, todo)
        return results  # type: ignore[return-value]

    def _drop(self, connection: Connection) -> None:
        self._held.connection = None
        if not connection.invalidated:
            connection.invalidate()

    def _connection(self) -> Connection:
        connection = getattr(self._held, "connection", None)
        if connection is None or connection.closed or connection.invalidated:
            connection = self._held.connection = self._db.engine.connect()
        return connection

    def _apply_all(
        self,
        connection: Connection,
        clicks: Sequence[Click],
        structures: list[Structure],
        results: list[VoteResult | None],
        todo: list[int],
    ) -> None:
        # Each poll is read (on PostgreSQL share-locked) once per transaction.
        polls = {
            poll_id: votes_repo.poll_for_vote(connection=connection, poll_id=poll_id)
            for poll_id in dict.fromkeys(clicks[i].poll_id for i in todo)
        }
        voting: list[tuple[int, str]] = []  # (click index, voter key)
        for i in todo:
            poll = polls[clicks[i].poll_id]
            if poll is None or poll.status != "open":
                results[i] = VoteResult("unknown" if poll is None else "closed", clicks[i].poll_id)
                continue
            voter = voter_key(
                user_id=clicks[i].user_id,
                anonymous=poll.anonymous,
                salt=poll.salt,
                secret=self._secret,
            )
            voting.append((i, voter))
        if not voting:
            return
        # On PostgreSQL every statement is a network round trip: the batch's voter locks,
        # request keys and held votes go in one each, instead of one per click.
        batched = connection.dialect.name == "postgresql"
        claimed: set[str] = set()
        if batched:
            votes_repo.lock_voters(
                connection=connection,
                keys=[votes_repo.voter_lock_key(clicks[i].question_id, v) for i, v in voting],
            )
            claimed = claims_repo.claim_requests(
                connection=connection,
                keys=[clicks[i].request_key for i, _ in voting],
                now=clicks[voting[0][0]].now,
            )
        seen: set[str] = set()
        outcomes: dict[int, str] = {}
        for i, voter in voting:
            click = clicks[i]
            if batched:
                first = click.request_key[:200] in claimed and click.request_key not in seen
                seen.add(click.request_key)
            else:
                first = claims_repo.claim_request(
                    connection=connection, key=click.request_key, now=click.now
                )
            outcomes[i] = (
                "duplicate"
                if not first
                else votes_repo.toggle_vote(
                    connection=connection,
                    poll_id=click.poll_id,
                    question_id=click.question_id,
                    choice_id=click.choice_id,
                    voter=voter,
                    now=click.now,
                    locked=batched,
                )
            )
            if not batched:
                held = votes_repo.votes_of(
                    connection=connection, poll_id=click.poll_id, voter=voter
                )
                results[i] = VoteResult(outcomes[i], click.poll_id, _holding(structures[i], held))
        if batched:
            self._held_after_batch(connection, clicks, structures, results, voting, outcomes)

    def _held_after_batch(
        self,
        connection: Connection,
        clicks: Sequence[Click],
        structures: list[Structure],
        results: list[VoteResult | None],
        voting: list[tuple[int, str]],
        outcomes: dict[int, str],
    ) -> None:
        """What each voter holds once the batch is applied, one query per poll. (A voter
        who clicked twice in one batch is told, for both clicks, what they hold after the
        second: the first's answer would be stale a moment later anyway.)"""
        by_poll: dict[str, list[str]] = {}
        for i, voter in voting:
            by_poll.setdefault(clicks[i].poll_id, []).append(voter)
        held = {
            poll_id: votes_repo.votes_of_many(
                connection=connection, poll_id=poll_id, voters=list(dict.fromkeys(voters))
            )
            for poll_id, voters in by_poll.items()
        }
        for i, voter in voting:
            mine = held[clicks[i].poll_id][voter]
            results[i] = VoteResult(outcomes[i], clicks[i].poll_id, _holding(structures[i], mine))


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
