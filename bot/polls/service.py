"""Polls in the database: create, read a snapshot with its tally, close exactly once."""

from __future__ import annotations

import secrets
from datetime import datetime

from bot.maturity.model import MaturityModel
from bot.polls.options import MAX_CHOICE, PollRequest
from bot.polls.results import ChoiceResult, PollSnapshot, QuestionResult
from bot.polls.structures import PollStructures, Structure
from bot.polls.voter_keys import new_salt
from storage import polls_repo as q
from storage.database import Database
from storage.tables import Choice, Poll, Question


def poll_layout(model: MaturityModel, request: PollRequest) -> Structure:
    """Questions and choices for a request: one row of levels, one row per aspect, or the
    poll's own choices. Where people may pick several ("multi"), each choice is a question of
    its own with one choice, so that a click toggles it and the one-vote-per-question rule
    of the votes table holds."""
    if request.kind == "choices":
        choices = [Choice(position=i, level=i + 1, label=label[:MAX_CHOICE])
                   for i, label in enumerate(request.choices)]  # fmt: skip
        return [(Question(position=0, key="choice", title=request.title), choices)]
    if request.kind == "multi":
        return [
            (Question(position=i, key=f"choice{i}", title=label[:MAX_CHOICE]),
             [Choice(position=0, level=i + 1, label=label[:MAX_CHOICE])])
            for i, label in enumerate(request.choices)
        ]  # fmt: skip
    if request.kind == "single":
        choices = [
            Choice(position=i, level=lv.number, label=f"{lv.number} · {lv.name}")
            for i, lv in enumerate(model.levels)
        ]
        return [(Question(position=0, key="level", title=request.title), choices)]
    layout = []
    for position, aspect in enumerate(model.aspects):
        cells = model.cells_for_aspect(aspect.key)
        choices = [Choice(position=i, level=c.level, label=f"{c.level} · {c.name}")
               for i, c in enumerate(cells)]  # fmt: skip
        layout.append((Question(position=position, key=aspect.key, title=aspect.name), choices))
    return layout


class PollService:
    """One poll at a time: its life from creation to close."""

    def __init__(self, db: Database, structures: PollStructures) -> None:
        self._db, self._structures = db, structures

    def create(
        self,
        *,
        model: MaturityModel,
        request: PollRequest,
        channel_id: str,
        creator_id: str,
        now: datetime,
        layout: Structure | None = None,
    ) -> PollSnapshot:
        """Store a new open poll and return its (empty) snapshot; `layout` gives its
        questions and choices when they are not the request's usual ones (an assessment)."""
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
        with self._db.write() as session:
            questions = layout if layout is not None else poll_layout(model, request)
            q.insert_poll(session=session, poll=poll, questions=questions)
        return self.snapshot(poll_id)  # type: ignore[return-value]

    def snapshot(self, poll_id: str) -> PollSnapshot | None:
        """The poll and its current tally, or None for an unknown id."""
        with self._db.read() as session:
            poll = q.get_poll(session=session, poll_id=poll_id)
            if poll is None:
                return None
            structure = self._structures.get(poll_id, session)
            counts = q.count_votes(session=session, poll_id=poll_id)
            names = {} if poll.anonymous else q.voters_by_choice(session=session, poll_id=poll_id)
            voters = q.count_voters(session=session, poll_id=poll_id)
            return _snapshot(poll, structure, counts, names, voters)

    def close(self, poll_id: str, *, now: datetime) -> PollSnapshot | None:
        """Close the poll; the snapshot only for the one caller (on any replica) that closed
        it, None for everyone else."""
        with self._db.write() as session:
            closed = q.claim_close(session=session, poll_id=poll_id, now=now)
        return self.snapshot(poll_id) if closed else None

    def attach_message(self, poll_id: str, message_ts: str) -> None:
        """Record the ts of the posted poll message."""
        with self._db.write() as session:
            q.set_message_ts(session=session, poll_id=poll_id, message_ts=message_ts)

    def discard(self, poll_id: str) -> None:
        """Drop a poll that never made it into the channel."""
        with self._db.write() as session:
            q.delete_poll(session=session, poll_id=poll_id)
        self._structures.forget(poll_id)


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
                    question.id or 0,
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
