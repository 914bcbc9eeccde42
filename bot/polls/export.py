"""Poll results for write-ups: CSV (votes and summary), JSON with a published schema, PNG.

Anonymous polls never carry a Slack user ID: each voter becomes `voter-1`, `voter-2`, ...
in the order they first voted. CSV cells that a spreadsheet would run as a formula are
neutralised.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from pydantic import BaseModel, Field

from bot.polls.results import PollSnapshot

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class VoteRecord(BaseModel):
    """One stored vote."""

    poll_id: str
    poll_title: str
    question: str = Field(description="The question, or the aspect for an assessment")
    level: int = Field(ge=1, le=4, description="Level number of the chosen button")
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

    question: str
    choices: list[ChoiceSummary]
    total: int
    median_level: float | None


class PollExport(BaseModel):
    """Everything an organiser needs from one poll, in one document."""

    poll_id: str
    title: str
    kind: str = Field(description="single (one question) or aspects (five-aspect assessment)")
    channel_id: str
    anonymous: bool
    status: str
    created_at: datetime
    closed_at: datetime | None
    voters: int
    summary: list[QuestionSummary]
    votes: list[VoteRecord]


def build_export(poll: PollSnapshot, votes: list[tuple[int, int, str, datetime]]) -> PollExport:
    """Assemble the export from a snapshot and (question_id, choice_id, voter, voted_at) rows."""
    questions = {q.question_id: q for q in poll.questions}
    choices = {c.choice_id: c for q in poll.questions for c in q.choices}
    pseudonyms: dict[str, str] = {}
    records = []
    for question_id, choice_id, voter, voted_at in votes:
        if poll.anonymous:
            voter = pseudonyms.setdefault(voter, f"voter-{len(pseudonyms) + 1}")
        choice = choices[choice_id]
        records.append(
            VoteRecord(
                poll_id=poll.poll_id,
                poll_title=poll.title,
                question=questions[question_id].title,
                level=choice.level,
                choice=choice.label,
                voter=voter,
                voted_at=voted_at,
            )
        )
    summary = [
        QuestionSummary(
            question=q.title,
            choices=[
                ChoiceSummary(level=c.level, choice=c.label, count=c.count) for c in q.choices
            ],
            total=q.total,
            median_level=q.median_level,
        )
        for q in poll.questions
    ]
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
        votes=records,
    )


def safe_cell(value: object) -> str:
    """Text a spreadsheet shows as text: a leading =, +, -, @ gets a quote in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def votes_csv(export: PollExport) -> bytes:
    """One row per vote, with a header (RFC 4180, UTF-8)."""
    header = ["poll_id", "poll_title", "question", "level", "choice", "voter", "voted_at"]
    rows = [
        [
            v.poll_id,
            v.poll_title,
            v.question,
            v.level,
            v.choice,
            v.voter,
            v.voted_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        ]
        for v in export.votes
    ]
    return _csv([header, *rows])


def summary_csv(export: PollExport) -> bytes:
    """One row per (question, choice) with the question's total and median level."""
    header = ["poll_id", "question", "level", "choice", "count", "question_total", "median_level"]
    rows = [
        [
            export.poll_id,
            q.question,
            c.level,
            c.choice,
            c.count,
            q.total,
            "" if q.median_level is None else f"{q.median_level:g}",
        ]
        for q in export.summary
        for c in q.choices
    ]
    return _csv([header, *rows])


def export_json(export: PollExport) -> bytes:
    """The export as one JSON document (schema: `PollExport.model_json_schema()`)."""
    return export.model_dump_json(indent=2).encode("utf-8")
