"""The packaged self-assessment questionnaire: it loads, has the official 5 x 4 shape (plus a
5-question short form) within Slack's limits, and malformed copies fail naming the entry."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from bot.assessment.questionnaire import (
    ASPECTS,
    Question,
    QuestionnaireError,
    default_questionnaire,
    load_questionnaire,
)
from bot.maturity.model import default_model

FULL_IDS = [f"{aspect}-{n}" for aspect in ASPECTS for n in (1, 2, 3, 4)]


def packaged_text() -> str:
    return (files("bot.assessment") / "questionnaire.toml").read_text(encoding="utf-8")


def every_question() -> list[Question]:
    questionnaire = default_questionnaire()
    return [*questionnaire.form("full"), *questionnaire.form("short")]


def block(text: str, id: str) -> tuple[int, int]:
    """Start and end (exclusive) of the `[[question]]` or `[[short]]` table with this id."""
    start = text.rindex("\n[[", 0, text.index(f'id = "{id}"')) + 1
    end = text.find("\n[[", start + 3)
    return start, len(text) if end < 0 else end + 1


def load_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "questionnaire.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    return message


def test_the_packaged_file_loads_and_is_cached() -> None:
    assert load_questionnaire() == default_questionnaire()
    assert default_questionnaire() is default_questionnaire()


def test_aspects_are_the_models_aspect_keys() -> None:
    keys = [aspect.key for aspect in default_model().aspects]
    assert list(ASPECTS) == keys
    full = default_questionnaire().form("full")
    assert list(dict.fromkeys(q.aspect for q in full)) == keys


def test_five_aspects_times_four_questions_times_four_choices() -> None:
    questionnaire = default_questionnaire()
    for aspect in ASPECTS:
        questions = questionnaire.for_aspect(aspect)
        assert [q.aspect for q in questions] == [aspect] * 4
        assert all(len(q.choices) == 4 for q in questions)
    assert len(questionnaire.form("full")) == 20


def test_ids_are_stable_and_unique() -> None:
    questionnaire = default_questionnaire()
    assert [q.id for q in questionnaire.form("full")] == [
        "investment-1", "investment-2", "investment-3", "investment-4",
        "adoption-1", "adoption-2", "adoption-3", "adoption-4",
        "interfaces-1", "interfaces-2", "interfaces-3", "interfaces-4",
        "operations-1", "operations-2", "operations-3", "operations-4",
        "measurement-1", "measurement-2", "measurement-3", "measurement-4",
    ]  # fmt: skip
    assert [q.id for q in questionnaire.form("full")] == FULL_IDS
    assert [q.id for q in questionnaire.form("short")] == [f"{a}-s" for a in ASPECTS]
    ids = [q.id for q in every_question()]
    assert len(ids) == len(set(ids)) == 25
    assert all(questionnaire.question(id).id == id for id in ids)


def test_short_form_has_one_question_per_aspect() -> None:
    assert [q.aspect for q in default_questionnaire().form("short")] == list(ASPECTS)


def test_texts_fit_slack() -> None:
    for question in every_question():
        assert len(question.text) <= 150, question.id
        assert question.text.endswith(("?", ":")), question.id
        for choice in question.choices:
            assert 0 < len(choice) <= 75, (question.id, choice)
    assert len(default_questionnaire().guidance) <= 600


def test_the_source_is_credited() -> None:
    source = default_questionnaire().source
    assert source.url == "https://github.com/Cloud-Native-Platform-Engineering/pemm-assessment"
    assert source.licence == "Apache-2.0"
    assert source.licence_url == "https://www.apache.org/licenses/LICENSE-2.0"
    assert "own words" in source.note
    assert source.title


def test_guidance_covers_how_to_answer() -> None:
    guidance = default_questionnaire().guidance.casefold()
    for words in ("platform you work on", "today", "lower", "not sure", "level 4"):
        assert words in guidance, words


def test_lookups_reject_unknown_names() -> None:
    questionnaire = default_questionnaire()
    with pytest.raises(KeyError):
        questionnaire.question("investment-9")
    with pytest.raises(KeyError):
        questionnaire.for_aspect("culture")
    with pytest.raises(ValueError, match="unknown form"):
        questionnaire.form("medium")


def test_a_missing_question_is_named(tmp_path: Path) -> None:
    text = packaged_text()
    start, end = block(text, "interfaces-3")
    message = load_error(tmp_path, text[:start] + text[end:])
    assert "question interfaces-3: missing" in message


def test_a_fifth_choice_is_named(tmp_path: Path) -> None:
    text = packaged_text()
    start, end = block(text, "operations-2")
    entry = text[start:end].replace("choices = [\n", 'choices = [\n  "One more answer",\n')
    message = load_error(tmp_path, text[:start] + entry + text[end:])
    assert "question operations-2: 5 choices, exactly 4 needed" in message


def test_a_too_long_choice_is_named(tmp_path: Path) -> None:
    text = packaged_text()
    start, end = block(text, "interfaces-3")
    entry = text[start:end]
    second = tomllib.loads(entry)["question"][0]["choices"][1]
    assert entry.count(second) == 1
    entry = entry.replace(second, "x" * 92)
    message = load_error(tmp_path, text[:start] + entry + text[end:])
    assert "question interfaces-3: choice 2 is 92 characters, at most 75" in message


def test_a_short_form_entry_is_named(tmp_path: Path) -> None:
    text = packaged_text()
    start, end = block(text, "adoption-s")
    entry = text[start:end].replace('aspect = "adoption"', 'aspect = "culture"')
    message = load_error(tmp_path, text[:start] + entry + text[end:])
    assert 'short adoption-s: unknown aspect "culture"' in message


def test_an_unknown_key_and_a_duplicate_id_are_named(tmp_path: Path) -> None:
    text = packaged_text()
    start, end = block(text, "measurement-4")
    entry = text[start:end].replace(
        'aspect = "measurement"\n', 'aspect = "measurement"\nhint = 1\n'
    )
    message = load_error(tmp_path, text[:start] + entry + text[end:])
    assert "question measurement-4: hint: Extra inputs are not permitted" in message
    start, end = block(text, "measurement-4")
    duplicate = text[start:end].replace('"measurement-4"', '"measurement-3"')
    message = load_error(tmp_path, text[:start] + duplicate + text[end:])
    assert "question measurement-3: id used more than once" in message
    assert "question measurement-4: missing" in message
