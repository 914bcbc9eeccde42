"""Poll operations on the database: create, vote, snapshot, close. No Slack here."""

from __future__ import annotations

import secrets
import threading
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from bot.maturity.model import MaturityModel
from bot.polls.listings import PollListings
from bot.polls.options import PollRequest
from bot.polls.results import ChoiceResult, PollSnapshot, QuestionResult
from bot.polls.voter_keys import new_salt
from bot.polls.voting import PollVoting
from storage import poll_queries as q
from storage.engine import no_wait, reader
from storage.tables import Choice, Poll, Question

Structure = list[tuple[Question, list[Choice]]]
# Longest a replica may hold a poll's tally slot; a crashed holder delays updates this long.
TALLY_LEASE = timedelta(seconds=30)


def poll_layout(model: MaturityModel, request: PollRequest) -> list[tuple[Question, list[Choice]]]:
    """Questions and choices for a request: one row of levels, or one row per aspect."""
    if request.kind == "single":
        choices = [
            Choice(position=i, level=lv.number, label=f"{lv.number} · {lv.name}")
            for i, lv in enumerate(model.levels)
        ]
        return [(Question(position=0, key="level", title=request.title), choices)]
    layout = []
    for position, aspect in enumerate(model.aspects):
        cells = model.cells_for_aspect(aspect.key)
        choices = [Choice(position=i, level=c.level, label=c.name) for i, c in enumerate(cells)]
        layout.append((Question(position=position, key=aspect.key, title=aspect.name), choices))
    return layout


class PollStore(PollListings, PollVoting):
    """Poll persistence with a cache of each poll's (immutable) questions and choices."""

    def __init__(self, engine: Engine, *, voter_secret: bytes) -> None:
        self.engine = engine
        self.reader = reader(engine)
        self.no_wait = no_wait(engine)
        self._secret = voter_secret
        self._structures: dict[str, Structure] = {}
        self._lock = threading.Lock()

    def create(
        self,
        *,
        model: MaturityModel,
        request: PollRequest,
        channel_id: str,
        creator_id: str,
        now: datetime,
    ) -> PollSnapshot:
        """Store a new open poll and return its (empty) snapshot."""
        poll_id = secrets.token_hex(4)
        poll = Poll(
            id=poll_id,
            channel_id=channel_id,
            creator_id=creator_id,
            kind=request.kind,
            title=request.title,
            anonymous=not request.public,
            hidden=request.hidden,
            created_at=now,
            closes_at=now + request.duration if request.duration else None,
            salt=None if request.public else new_salt(),
        )
        with Session(self.engine) as session, session.begin():
            q.insert_poll(session=session, poll=poll, questions=poll_layout(model, request))
        return self.snapshot(poll_id)  # type: ignore[return-value]

    def structure(self, session: Session, poll_id: str) -> Structure:
        """Questions and choices of a poll, cached after the first read."""
        with self._lock:
            cached = self._structures.get(poll_id)
        if cached is None:
            cached = q.get_structure(session=session, poll_id=poll_id)
            session.expunge_all()
            if cached:  # never cache unknown ids: anyone can send those
                with self._lock:
                    self._structures[poll_id] = cached
        return cached

    def _known_structure(self, poll_id: str) -> Structure:
        with self._lock:
            cached = self._structures.get(poll_id)
        if cached is not None:
            return cached
        with Session(self.reader) as session:
            return self.structure(session, poll_id)

    def snapshot(self, poll_id: str) -> PollSnapshot | None:
        """The poll and its current tally, or None for an unknown id."""
        with Session(self.reader) as session:
            poll = q.get_poll(session=session, poll_id=poll_id)
            if poll is None:
                return None
            structure = self.structure(session, poll_id)
            counts = q.count_votes(session=session, poll_id=poll_id)
            names = {} if poll.anonymous else q.voters_by_choice(session=session, poll_id=poll_id)
            voters = q.count_voters(session=session, poll_id=poll_id)
            return _snapshot(poll, structure, counts, names, voters)

    def close(self, *, poll_id: str, now: datetime) -> PollSnapshot | None:
        """Close the poll; the snapshot only for the one caller that closed it."""
        with Session(self.engine) as session, session.begin():
            closed = q.claim_close(session=session, poll_id=poll_id, now=now)
        return self.snapshot(poll_id) if closed else None

    def claim_tally(self, poll_id: str, *, now: datetime, interval: timedelta) -> float | None:
        """Take the poll's tally slot (None), or say how many seconds to wait before asking
        again: until the slot frees up, but never longer than one interval."""
        with Session(self.engine) as session, session.begin():
            if q.claim_tally_slot(
                session=session, poll_id=poll_id, now=now, interval=interval, lease=TALLY_LEASE
            ):
                return None
            free_at = q.next_tally_slot(session=session, poll_id=poll_id, interval=interval)
        wait = (free_at - now).total_seconds() if free_at else 0.0
        # A held lease ends at most TALLY_LEASE away, but the holder normally gives the slot
        # back within milliseconds: waiting out the lease left the message stale for 30 s.
        return max(0.05, min(wait, interval.total_seconds()))

    def release_tally(self, poll_id: str, *, now: datetime) -> None:
        """Give the slot back after a push."""
        with Session(self.engine) as session, session.begin():
            q.release_tally_slot(session=session, poll_id=poll_id, now=now)

    def purge_request_keys(self, *, now: datetime) -> int:
        """Drop deduplication keys older than a day; run hourly by the scheduler."""
        with Session(self.engine) as session, session.begin():
            return q.purge_processed_requests(session=session, before=now - timedelta(days=1))

    def attach_message(self, *, poll_id: str, message_ts: str) -> None:
        """Record the ts of the posted poll message."""
        with Session(self.engine) as session, session.begin():
            q.set_message_ts(session=session, poll_id=poll_id, message_ts=message_ts)

    def discard(self, poll_id: str) -> None:
        """Drop a poll that never made it into the channel."""
        with Session(self.engine) as session, session.begin():
            q.delete_poll(session=session, poll_id=poll_id)
        with self._lock:
            self._structures.pop(poll_id, None)


def _snapshot(
    poll: Poll,
    structure: Structure,
    counts: dict[int, int],
    names: dict[int, list[str]],
    voters: int,
) -> PollSnapshot:
    questions = tuple(
        QuestionResult(
            question_id=question.id or 0,
            key=question.key,
            title=question.title,
            choices=tuple(
                ChoiceResult(
                    c.id or 0,
                    c.level,
                    c.label,
                    counts.get(c.id or 0, 0),
                    tuple(names.get(c.id or 0, ())),
                )
                for c in choices
            ),
        )
        for question, choices in structure
    )
    return PollSnapshot(
        poll.id,
        poll.channel_id,
        poll.message_ts,
        poll.creator_id,
        poll.kind,
        poll.title,
        poll.anonymous,
        poll.hidden,
        poll.status,
        poll.created_at,
        poll.closes_at,
        poll.closed_at,
        voters,
        questions,
    )
