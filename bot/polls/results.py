"""Plain values describing a poll and its tally, for rendering, charts and exports."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ChoiceResult:
    """One button and how many chose it (and who, for public polls)."""

    choice_id: int
    level: int
    label: str
    count: int
    voters: tuple[str, ...] = ()
    question_id: int = 0  # the question it answers


@dataclass(frozen=True)
class QuestionResult:
    """One question (or aspect) and its choices."""

    question_id: int
    key: str
    title: str
    choices: tuple[ChoiceResult, ...]

    @property
    def total(self) -> int:
        """Votes on this question."""
        return sum(c.count for c in self.choices)

    @property
    def median_level(self) -> float | None:
        """The median of the chosen levels (1-4; an assessment's "not sure", level 0, left
        out), or None without such votes."""
        levels = [c.level for c in self.choices if 1 <= c.level <= 4 for _ in range(c.count)]
        return statistics.median(levels) if levels else None


@dataclass(frozen=True)
class PollSnapshot:
    """A poll as stored right now, with its tally."""

    poll_id: str
    channel_id: str
    message_ts: str | None
    creator_id: str
    kind: str
    title: str
    anonymous: bool
    hidden: bool
    status: str
    created_at: datetime
    closes_at: datetime | None
    closed_at: datetime | None
    voters: int
    questions: tuple[QuestionResult, ...]

    @property
    def is_open(self) -> bool:
        """True until the poll is closed."""
        return self.status == "open"

    @property
    def total_votes(self) -> int:
        """Votes over all questions."""
        return sum(q.total for q in self.questions)

    @property
    def multiple(self) -> bool:
        """True when people may pick several of the poll's own choices."""
        return self.kind == "multi"

    @property
    def rows(self) -> tuple[QuestionResult, ...]:
        """What is shown as rows of buttons: the questions, except that a "multi" poll's
        one-choice questions are shown as one row of its choices."""
        if not self.multiple:
            return self.questions
        choices = tuple(c for q in self.questions for c in q.choices)
        return (QuestionResult(0, "choices", self.title, choices),)


@dataclass(frozen=True)
class VoteResult:
    """What a click did, and what the person holds now (question title -> choice label)."""

    outcome: str  # added | moved | retracted | duplicate | closed | unknown
    poll_id: str
    holding: tuple[tuple[str, str], ...] = ()

    @property
    def changed(self) -> bool:
        """True when the tally changed."""
        return self.outcome in ("added", "moved", "retracted")


@dataclass(frozen=True)
class PollSummary:
    """A poll in a listing: enough to show and act on it, without its tally."""

    poll_id: str
    channel_id: str
    title: str
    status: str
    votes: int  # answers stored: an assessment's one voter gives five
    voters: int  # people who voted
    created_at: datetime

    @property
    def is_open(self) -> bool:
        """True until the poll is closed."""
        return self.status == "open"
