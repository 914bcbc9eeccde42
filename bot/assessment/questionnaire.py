"""The team self-assessment questionnaire as validated data, loaded from `questionnaire.toml`.

Nothing is read at import time: call `load_questionnaire()` or `default_questionnaire()`."""

from __future__ import annotations

import functools
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.toml_data import load_toml_data

ASPECTS = ("investment", "adoption", "interfaces", "operations", "measurement")
FORMS = ("full", "short")
PACKAGED_FILE = "questionnaire.toml"
TEXT_MAX, CHOICE_MAX, GUIDANCE_MAX = 150, 75, 600
_ID = re.compile(r"^[a-z]+-(\d|s)$")


class QuestionnaireError(ValueError):
    """The questionnaire file is unreadable or malformed; the message names the file and entry."""


def _sized(value: Any, what: str, limit: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValueError(f"{what} should be a non-empty string")
    if len(text) > limit:
        raise ValueError(f"{what} is {len(text)} characters, at most {limit}")
    return text


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Frozen):
    """Where the questions come from and how to credit them."""

    title: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://\S+$")
    licence: str = Field(min_length=1)
    licence_url: str = Field(pattern=r"^https://\S+$")
    note: str = Field(min_length=1)


class Question(_Frozen):
    """One question; `choices[n - 1]` is the answer at level n (1 Provisional .. 4 Optimizing)."""

    id: str
    aspect: str
    text: str
    choices: tuple[str, str, str, str]

    @field_validator("text", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        text = _sized(value, "text", TEXT_MAX)
        if not text.endswith(("?", ":")):
            raise ValueError('text should end with "?" or ":"')
        return text

    @field_validator("choices", mode="before")
    @classmethod
    def _choices(cls, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list | tuple):
            raise ValueError("choices should be a list of 4 strings (levels 1-4)")
        if len(value) != 4:
            raise ValueError(f"{len(value)} choices, exactly 4 needed (levels 1-4)")
        return tuple(_sized(c, f"choice {n}", CHOICE_MAX) for n, c in enumerate(value, 1))

    @model_validator(mode="after")
    def _named(self) -> Question:
        if self.aspect not in ASPECTS:
            raise ValueError(f'unknown aspect "{self.aspect}"; known: {", ".join(ASPECTS)}')
        if not _ID.match(self.id) or not self.id.startswith(self.aspect + "-"):
            raise ValueError(f'id "{self.id}" should be "{self.aspect}-" then a digit or "s"')
        return self


class Questionnaire(_Frozen):
    """The full form (4 questions per aspect) and the short form (1 per aspect), with lookups."""

    source: Source
    guidance: str
    questions: tuple[Question, ...] = Field(alias="question")
    short: tuple[Question, ...]

    _by_id: dict[str, Question] = PrivateAttr(default_factory=dict)
    _forms: dict[str, tuple[Question, ...]] = PrivateAttr(default_factory=dict)

    @field_validator("guidance", mode="before")
    @classmethod
    def _guidance(cls, value: Any) -> str:
        return _sized(value, "guidance", GUIDANCE_MAX)

    @model_validator(mode="after")
    def _complete(self) -> Questionnaire:
        """Ids unique; the full form holds aspect-1..aspect-4 and the short form aspect-s."""
        problems: list[str] = []
        seen: dict[str, Question] = {}
        for q in (*self.questions, *self.short):
            problems += [f"question {q.id}: id used more than once"] if q.id in seen else []
            seen[q.id] = q
        for kind, section, ends in (("full", "question", "1234"), ("short", "short", "s")):
            entries = self.questions if kind == "full" else self.short
            wanted, have = [f"{a}-{e}" for a in ASPECTS for e in ends], {q.id for q in entries}
            problems += [
                f"{section} {q.id}: no such id in this form" for q in entries if q.id not in wanted
            ]
            problems += [
                f"{section} {i}: missing; each aspect needs {len(ends)} here"
                for i in wanted
                if i not in have
            ]
            self._forms[kind] = tuple(seen[i] for i in wanted if i in seen)
        if problems:
            raise ValueError("\n".join(problems))
        self._by_id = seen
        return self

    def for_aspect(self, aspect: str) -> tuple[Question, ...]:
        """The full form's four questions for one aspect; KeyError for an unknown aspect."""
        if aspect not in ASPECTS:
            raise KeyError(aspect)
        return tuple(q for q in self._forms["full"] if q.aspect == aspect)

    def question(self, id: str) -> Question:
        """The question (full or short form) with this id; KeyError if there is none."""
        return self._by_id[id]

    def form(self, kind: str) -> tuple[Question, ...]:
        """The questions of a form, "full" (20) or "short" (5), in aspect order; else ValueError."""
        if kind not in self._forms:
            raise ValueError(f'unknown form "{kind}"; known: {", ".join(FORMS)}')
        return self._forms[kind]


def _where(raw: dict[str, Any], loc: list[Any]) -> str:
    """`question interfaces-3`: an entry of the file as a person finds it there."""
    if len(loc) >= 2 and loc[0] in ("question", "short") and isinstance(loc[1], int):
        entries = raw.get(loc[0])
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
        name = entry.get("id") if isinstance(entry, dict) else None
        label = f"{loc[0]} {name}" if isinstance(name, str) else f"{loc[0]}[{loc[1]}]"
        return label + "".join(f": {part}" for part in loc[2:3])
    return ": ".join(map(str, loc))


def _describe(error: ValidationError, raw: dict[str, Any]) -> list[str]:
    """Turn pydantic's errors into lines that point at entries of the TOML file."""
    problems = []
    for item in error.errors():
        loc, message = list(item["loc"]), item["msg"].removeprefix("Value error, ")
        if item["type"] == "value_error":  # our own messages name the field themselves
            loc = loc[:2] if loc[:1] in (["question"], ["short"]) else []
        where = _where(raw, loc)
        problems += [f"{where}: {line}" if where else line for line in message.splitlines()]
    return problems


def load_questionnaire(path: Path | None = None) -> Questionnaire:
    """Read and validate a questionnaire, the packaged one when `path` is None (not cached).
    Raises QuestionnaireError naming the file and the offending entry."""
    source = path if path is not None else files("bot.assessment") / PACKAGED_FILE
    label = PACKAGED_FILE if path is None else str(path)
    return load_toml_data(source, label, Questionnaire, QuestionnaireError, _describe)


@functools.cache
def default_questionnaire() -> Questionnaire:
    """The packaged questionnaire, loaded once per process."""
    return load_questionnaire()
