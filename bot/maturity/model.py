"""The maturity model as validated data, loaded from the packaged `model.toml`.

Nothing is read at import time: call `load_model()` (uncached) or `default_model()` (cached).
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from bot.toml_data import load_toml_data

LEVEL_NUMBERS = (1, 2, 3, 4)
PACKAGED_FILE = "model.toml"

_Text = Annotated[str, Field(min_length=1)]


class ModelDataError(ValueError):
    """The model data file is unreadable or malformed; the message names the file and entry."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Frozen):
    """Where the model comes from and how to credit it."""

    title: _Text
    version: _Text
    url: str = Field(pattern=r"^https://\S+$")
    licence: _Text
    licence_url: str = Field(pattern=r"^https://\S+$")
    credit: _Text


class Level(_Frozen):
    """One of the four levels, with other names people use for it."""

    number: int = Field(strict=True, ge=1, le=4)
    name: str = Field(min_length=1, max_length=40)
    aliases: list[_Text] = Field(default_factory=list)
    summary: str = Field(min_length=1, max_length=300)


class Aspect(_Frozen):
    """One of the five aspects, with its guiding question."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    name: str = Field(min_length=1, max_length=40)
    question: str = Field(min_length=1, max_length=150)


class Cell(_Frozen):
    """What one aspect looks like at one level. The name doubles as a Slack button label."""

    aspect: _Text
    level: int = Field(strict=True, ge=1, le=4)
    name: str = Field(min_length=1, max_length=40)
    description: str = Field(min_length=1, max_length=280)


class MaturityModel(_Frozen):
    """4 levels x 5 aspects = 20 cells, with O(1) lookups by level number and aspect key."""

    source: Source
    framing_points: list[Annotated[str, Field(min_length=1, max_length=300)]]
    levels: list[Level]
    aspects: list[Aspect]
    cells: list[Cell]

    _levels: dict[int, Level] = PrivateAttr(default_factory=dict)
    _aspects: dict[str, Aspect] = PrivateAttr(default_factory=dict)
    _cells: dict[tuple[str, int], Cell] = PrivateAttr(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _unpack_framing(cls, data: Any) -> Any:
        """Accept the file's `[framing] points = [...]` table as `framing_points`."""
        if isinstance(data, dict) and "framing" in data:
            data = dict(data)
            framing = data.pop("framing")
            if not isinstance(framing, dict) or set(framing) != {"points"}:
                raise ValueError("[framing] should be a table holding only a `points` list")
            data.setdefault("framing_points", framing["points"])
        return data

    @model_validator(mode="after")
    def _complete_grid(self) -> MaturityModel:
        """Check levels 1-4 once each, unique aspects, and one cell per (aspect, level)."""
        problems = _level_problems(self.levels) + _aspect_problems(self.aspects)
        keys = {aspect.key for aspect in self.aspects}
        cells: dict[tuple[str, int], int] = {}
        for index, cell in enumerate(self.cells):
            where = f'cells[{index}] (aspect "{cell.aspect}", level {cell.level})'
            pair = (cell.aspect, cell.level)
            if cell.aspect not in keys:
                known = ", ".join(aspect.key for aspect in self.aspects)
                problems.append(f'{where}: unknown aspect "{cell.aspect}"; known: {known}')
            elif pair in cells:
                problems.append(f"{where}: this aspect and level already has cells[{cells[pair]}]")
            else:
                cells[pair] = index
        for aspect in self.aspects:
            for number in LEVEL_NUMBERS:
                if (aspect.key, number) not in cells:
                    problems.append(f'missing cell for aspect "{aspect.key}" at level {number}')
        if problems:
            raise ValueError("\n".join(problems))
        self._levels = {level.number: level for level in self.levels}
        self._aspects = {aspect.key: aspect for aspect in self.aspects}
        self._cells = {pair: self.cells[index] for pair, index in cells.items()}
        return self

    def level(self, number: int) -> Level:
        """The level with this number; KeyError if there is none."""
        return self._levels[number]

    def aspect(self, key: str) -> Aspect:
        """The aspect with this key; KeyError if there is none."""
        return self._aspects[key]

    def cell(self, aspect_key: str, level_number: int) -> Cell:
        """The cell for one aspect at one level; KeyError if there is none."""
        return self._cells[(aspect_key, level_number)]

    def cells_for_level(self, number: int) -> list[Cell]:
        """The five cells of a level, in aspect order; KeyError for an unknown level."""
        self.level(number)
        return [self._cells[(aspect.key, number)] for aspect in self.aspects]

    def cells_for_aspect(self, key: str) -> list[Cell]:
        """The four cells of an aspect, in level order; KeyError for an unknown aspect."""
        self.aspect(key)
        return [self._cells[(key, number)] for number in LEVEL_NUMBERS]


def _level_problems(levels: list[Level]) -> list[str]:
    problems = []
    first: dict[int, int] = {}
    names: dict[str, int] = {}
    for index, level in enumerate(levels):
        where = f'levels[{index}] (level {level.number} "{level.name}")'
        if level.number in first:
            problems.append(
                f"{where}: level {level.number} is already levels[{first[level.number]}]"
            )
            continue
        first[level.number] = index
        for word in [level.name, *level.aliases]:
            owner = names.setdefault(word.casefold(), level.number)
            if owner != level.number:
                problems.append(f'{where}: name or alias "{word}" already names level {owner}')
    problems += [f"missing level {number}" for number in LEVEL_NUMBERS if number not in first]
    return problems


def _aspect_problems(aspects: list[Aspect]) -> list[str]:
    problems = []
    first: dict[str, int] = {}
    for index, aspect in enumerate(aspects):
        if aspect.key in first:
            problems.append(
                f'aspects[{index}] (aspect "{aspect.key}"): key already used by '
                f"aspects[{first[aspect.key]}]"
            )
        first.setdefault(aspect.key, index)
    if not aspects:
        problems.append("no aspects")
    return problems


def _quoted(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else "?" if value is None else str(value)


def _entry(raw: dict[str, Any], section: str, index: int) -> str:
    """`cells[7] (aspect "adoption", level 2)`: an array entry as a person finds it in the file."""
    where = f"{section}[{index}]"
    try:
        entry = raw[section][index]
    except (KeyError, IndexError, TypeError):
        return where
    if not isinstance(entry, dict):
        return where
    if section == "cells":
        return f"{where} (aspect {_quoted(entry.get('aspect'))}, level {entry.get('level', '?')})"
    if section == "levels":
        return f"{where} (level {entry.get('number', '?')} {_quoted(entry.get('name'))})"
    if section == "aspects":
        return f"{where} (aspect {_quoted(entry.get('key'))})"
    return where


def _describe(error: ValidationError, raw: dict[str, Any]) -> list[str]:
    """Turn pydantic's errors into lines that point at entries of the TOML file."""
    problems = []
    for item in error.errors():
        loc = list(item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if not loc:
            problems += message.splitlines()
            continue
        if loc[0] == "framing_points":
            where = "framing.points" + "".join(f"[{part}]" for part in loc[1:])
        elif len(loc) >= 2 and isinstance(loc[1], int):
            where = _entry(raw, str(loc[0]), loc[1])
            if loc[2:]:
                where += ": " + ".".join(map(str, loc[2:]))
        else:
            where = ": ".join(map(str, loc))
        problems.append(f"{where}: {message}")
    return problems


def load_model(path: Path | None = None) -> MaturityModel:
    """Read and validate the model data: the packaged `model.toml` when `path` is None.

    Not cached. Raises ModelDataError naming the file and the offending entry.
    """
    source = path if path is not None else files("bot.maturity") / PACKAGED_FILE
    label = PACKAGED_FILE if path is None else str(path)
    return load_toml_data(source, label, MaturityModel, ModelDataError, _describe)


@functools.cache
def default_model() -> MaturityModel:
    """The packaged model, loaded once per process."""
    return load_model()
