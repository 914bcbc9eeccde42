"""Poll results as CSV (RFC 4180, UTF-8): one row per vote, one per (question, choice), and
for a self-assessment one per aspect. Cells a spreadsheet would run as a formula are
neutralised."""

from __future__ import annotations

import csv
import io

from bot.polls.export import PollExport

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    """One row per vote, with a header."""
    header = ["poll_id", "poll_title", "question_id", "question", "aspect", "level", "choice",
              "voter", "voted_at"]  # fmt: skip
    rows = [
        [
            v.poll_id,
            v.poll_title,
            v.question_id,
            v.question,
            v.aspect or "",
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
    header = ["poll_id", "question_id", "question", "level", "choice", "count", "question_total",
              "median_level"]  # fmt: skip
    rows = [
        [
            export.poll_id,
            q.question_id,
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


def aspects_csv(export: PollExport) -> bytes:
    """A self-assessment's team picture, one row per aspect."""
    header = ["poll_id", "aspect", "people", "mean", "median", "lowest", "highest",
              "level_1", "level_2", "level_3", "level_4", "not_sure"]  # fmt: skip
    rows = [
        [export.poll_id, a.aspect, a.people, _num(a.mean), _num(a.median), _num(a.lowest),
         _num(a.highest), *a.counts, a.not_sure]
        for a in export.aspects or []
    ]  # fmt: skip
    return _csv([header, *rows])


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
