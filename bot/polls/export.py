"""Poll results for write-ups: the export document, JSON with a published schema (the CSV
files are bot/polls/export_csv.py).

Anonymous polls never carry a Slack user ID: each voter becomes `voter-1`, `voter-2`, ...
in the order they first voted. CSV cells that a spreadsheet would run as a formula are
neutralised.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from pydantic import BaseModel, Field

from bot.assessment.kinds import is_assessment
from bot.assessment.scoring import team_picture
from bot.polls.results import PollSnapshot


class VoteRecord(BaseModel):
    """One stored vote."""

    poll_id: str
    poll_title: str
    question_id: str = Field(
        description="Stable key of the question: `level`, an aspect key, `choice`/`choiceN` "
        "for own choices, or the self-assessment's question id (e.g. `adoption-2`)"
    )
    question: str = Field(description="The question, or the aspect for an aspects poll")
    aspect: str | None = Field(
        default=None, description="For a self-assessment: the aspect the question is about"
    )
    level: int = Field(
        ge=0,
        le=10,
        description="Level 1-4 of the chosen button; 0 for a self-assessment's 'not sure'; "
        "for own choices, the choice's position (1-10)",
    )
    choice: str = Field(description="The button's label (level or cell name)")
    voter: str = Field(description="Slack user ID (public polls) or voter-N (anonymous polls)")
    voted_at: datetime = Field(description="When the vote was last set, UTC")


class ChoiceSummary(BaseModel):
    """Votes for one choice."""

    level: int
    choice: str
    count: int


class QuestionSummary(BaseModel):
    """The tally of one question."""

    question_id: str
    question: str
    choices: list[ChoiceSummary]
    total: int
    median_level: float | None


class AspectSummary(BaseModel):
    """A self-assessment's team picture on one aspect (scores by the official rule)."""

    aspect: str
    people: int = Field(description="People with an answer other than 'not sure'")
    mean: float | None = Field(description="Mean of the people's aspect scores, 2 decimals")
    median: float | None
    lowest: int | None = Field(description="The lowest single answer")
    highest: int | None
    counts: list[int] = Field(description="Answers at levels 1, 2, 3, 4")
    not_sure: int


class PollExport(BaseModel):
    """Everything an organiser needs from one poll, in one document."""

    poll_id: str
    title: str
    kind: str = Field(
        description="single (the levels), aspects (a row per aspect), choices / multi (own "
        "choices, one or several answers), assessment / assessment-short (self-assessment)"
    )
    channel_id: str
    anonymous: bool
    status: str
    created_at: datetime
    closed_at: datetime | None
    voters: int
    summary: list[QuestionSummary]
    aspects: list[AspectSummary] | None = Field(
        default=None, description="For a self-assessment: the team's picture per aspect"
    )
    votes: list[VoteRecord]


def build_export(poll: PollSnapshot, votes: list[tuple[int, int, str, datetime]]) -> PollExport:
    """Assemble the export from a snapshot and (question_id, choice_id, voter, voted_at) rows."""
    questions = {q.question_id: q for q in poll.questions}
    assessment = is_assessment(poll.kind)
    levelled = assessment or poll.kind in ("single", "aspects")
    choices = {c.choice_id: c for q in poll.questions for c in q.choices}
    pseudonyms: dict[str, str] = {}
    records = []
    for question_id, choice_id, voter, voted_at in votes:
        if poll.anonymous:
            voter = pseudonyms.setdefault(voter, f"voter-{len(pseudonyms) + 1}")
        choice, question = choices[choice_id], questions[question_id]
        records.append(
            VoteRecord(
                poll_id=poll.poll_id,
                poll_title=poll.title,
                question_id=question.key,
                question=question.title,
                aspect=question.key.partition("-")[0] if assessment else None,
                level=choice.level,
                choice=choice.label,
                voter=voter,
                voted_at=voted_at,
            )
        )
    summary = [
        QuestionSummary(
            question_id=q.key,
            question=q.title,
            choices=[
                ChoiceSummary(level=c.level, choice=c.label, count=c.count) for c in q.choices
            ],
            total=q.total,
            median_level=q.median_level if levelled else None,
        )
        for q in poll.questions
    ]
    # In the questions' order, so an assessment nobody answered still lists every aspect.
    order = list(dict.fromkeys(q.key.partition("-")[0] for q in poll.questions))
    aspects = _aspects(records, order) if assessment else None
    return PollExport(
        poll_id=poll.poll_id,
        title=poll.title,
        kind=poll.kind,
        channel_id=poll.channel_id,
        anonymous=poll.anonymous,
        status=poll.status,
        created_at=poll.created_at,
        closed_at=poll.closed_at,
        voters=poll.voters,
        summary=summary,
        aspects=aspects,
        votes=records,
    )


def _aspects(records: list[VoteRecord], order: list[str]) -> list[AspectSummary]:
    """The team's picture per aspect, recomputed from the exported answers."""
    by_voter: dict[str, dict[str, int]] = {}
    for record in records:
        by_voter.setdefault(record.voter, {})[record.question_id] = record.level
    aspect_of = {r.question_id: r.aspect or "" for r in records}
    return [AspectSummary(**asdict(p)) for p in team_picture(by_voter, aspect_of, order)]


def export_json(export: PollExport) -> bytes:
    """The export as one JSON document (schema: `PollExport.model_json_schema()`)."""
    return export.model_dump_json(indent=2).encode("utf-8")
