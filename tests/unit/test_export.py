"""CSV safety and pseudonyms, without Slack."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from bot.polls.export import build_export
from bot.polls.export_csv import safe_cell, votes_csv
from bot.polls.results import ChoiceResult, PollSnapshot, QuestionResult

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def snapshot(title: str, anonymous: bool = True) -> PollSnapshot:
    choices = tuple(ChoiceResult(i, i, f"{i} · L{i}", 1 if i == 1 else 0) for i in range(1, 5))
    question = QuestionResult(7, "level", title, choices)
    return PollSnapshot("abcd1234", "C1", "1.2", "U1", "single", title, anonymous, False,
                        "closed", NOW, None, NOW, 2, (question,))  # fmt: skip


def test_formula_cells_are_neutralised() -> None:
    for dangerous in ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)"]:
        assert safe_cell(dangerous).startswith("'")
    assert safe_cell("Where are we?") == "Where are we?"


def test_csv_round_trips_with_quotes_commas_and_unicode() -> None:
    title = '=cmd|"/C calc"!A0, «platform» 🚀'
    export = build_export(snapshot(title), [(7, 1, "hash-a", NOW), (7, 1, "hash-b", NOW)])
    rows = list(csv.reader(io.StringIO(votes_csv(export).decode("utf-8"))))
    assert rows[0][0] == "poll_id"
    assert rows[1][1] == "'" + title
    voter = rows[0].index("voter")
    assert [r[voter] for r in rows[1:]] == ["voter-1", "voter-2"]


def test_published_json_schema_is_up_to_date() -> None:
    import json
    from pathlib import Path

    from bot.polls.export import PollExport

    published = Path(__file__).resolve().parents[2] / "docs" / "export-schema.json"
    assert json.loads(published.read_text()) == PollExport.model_json_schema(), (
        "regenerate docs/export-schema.json from PollExport.model_json_schema()"
    )


def test_an_own_choice_poll_with_ten_choices_exports() -> None:
    # The level field once allowed 1-4 only: a 6th own choice broke every export of it.
    choices = tuple(ChoiceResult(i, i, f"Topic {i}", 1 if i == 10 else 0) for i in range(1, 11))
    question = QuestionResult(7, "choice", "Which topic?", choices)
    poll = PollSnapshot("abcd1234", "C1", "1.2", "U1", "choices", "Which topic?", False, False,
                        "closed", NOW, None, NOW, 1, (question,))  # fmt: skip
    export = build_export(poll, [(7, 10, "U0PICKER1", NOW)])
    assert [(v.level, v.choice, v.question_id) for v in export.votes] == [
        (10, "Topic 10", "choice")
    ]
    assert export.summary[0].median_level is None  # positions are not levels
