"""Scores of the self-assessment: a person's per aspect by the official rule (the mean of
the aspect's answered questions, to 2 decimals; "not sure" left out), and the team's picture
per aspect (mean, median, the range of answers, the aspect x level heatmap). Never one level
for the whole organisation: each aspect stands on its own."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

LEVELS = (1, 2, 3, 4)
NOT_SURE = 0  # the stored level of a "not sure" answer


def two_decimals(value: float) -> float:
    """Rounded half up to 2 decimals, as the official page shows scores (2.335 -> 2.34)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def aspect_score(levels: Iterable[int]) -> float | None:
    """The mean of the answered levels to 2 decimals; None when nothing was answered."""
    answered = [level for level in levels if level in LEVELS]
    return two_decimals(statistics.fmean(answered)) if answered else None


def person_scores(
    answers: Mapping[str, int], aspect_of: Mapping[str, str], aspects: Sequence[str]
) -> dict[str, float | None]:
    """One person's score per aspect; `answers` maps question id -> level (0: not sure),
    `aspect_of` question id -> aspect."""
    by_aspect: dict[str, list[int]] = {aspect: [] for aspect in aspects}
    for question, level in answers.items():
        if (aspect := aspect_of.get(question)) in by_aspect:
            by_aspect[aspect].append(level)
    return {aspect: aspect_score(levels) for aspect, levels in by_aspect.items()}


@dataclass(frozen=True)
class AspectPicture:
    """The team on one aspect."""

    aspect: str
    people: int  # who gave this aspect at least one answer other than "not sure"
    mean: float | None  # of the people's aspect scores, to 2 decimals
    median: float | None  # of the people's aspect scores
    lowest: int | None  # the lowest single answer
    highest: int | None  # the highest single answer
    counts: tuple[int, int, int, int]  # answers at levels 1..4 (the heatmap's row)
    not_sure: int  # "not sure" answers

    @property
    def spread(self) -> int:
        """How far apart the answers are (0 when all agree)."""
        return 0 if self.lowest is None or self.highest is None else self.highest - self.lowest


def team_picture(
    answers_by_person: Mapping[str, Mapping[str, int]],
    aspect_of: Mapping[str, str],
    aspects: Sequence[str],
) -> list[AspectPicture]:
    """Per aspect, in the model's order: what the team answered."""
    pictures = []
    for aspect in aspects:
        scores, levels, not_sure = [], [], 0
        for answers in answers_by_person.values():
            mine = [lv for q, lv in answers.items() if aspect_of.get(q) == aspect]
            not_sure += sum(1 for lv in mine if lv == NOT_SURE)
            levels += [lv for lv in mine if lv in LEVELS]
            if (score := aspect_score(mine)) is not None:
                scores.append(score)
        pictures.append(
            AspectPicture(
                aspect=aspect,
                people=len(scores),
                mean=two_decimals(statistics.fmean(scores)) if scores else None,
                median=two_decimals(statistics.median(scores)) if scores else None,
                lowest=min(levels) if levels else None,
                highest=max(levels) if levels else None,
                counts=tuple(levels.count(level) for level in LEVELS),  # type: ignore[arg-type]
                not_sure=not_sure,
            )
        )
    return pictures


def most_disagreed(pictures: Sequence[AspectPicture]) -> AspectPicture | None:
    """The aspect whose answers lie furthest apart (the discussion starter), or None when
    the team agrees everywhere."""
    spread = [p for p in pictures if p.spread > 0]
    return max(spread, key=lambda p: (p.spread, -pictures.index(p))) if spread else None


def changes(
    now: Sequence[AspectPicture], before: Sequence[AspectPicture]
) -> dict[str, float | None]:
    """Per aspect, the team mean's change since the previous assessment (None when either
    has no answers for it)."""
    earlier = {p.aspect: p.mean for p in before}
    return {
        p.aspect: None
        if p.mean is None or earlier.get(p.aspect) is None
        else two_decimals(p.mean - earlier[p.aspect])  # type: ignore[operator]
        for p in now
    }
