"""The maturity model as validated data, loaded from the packaged `model.toml`."""

from __future__ import annotations

import functools
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

LEVEL_NUMBERS = (1, 2, 3, 4)


class ModelDataError(ValueError):
    """The model data file is malformed; the message names the file and the entry."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where the model comes from and how to credit it."""

    title: str
    version: str
    url: str = Field(pattern=r"^https://")
    licence: str
    licence_url: str = Field(pattern=r"^https://")
    credit: str


class Level(_Strict):
    """One of the four levels."""

    number: int = Field(ge=1, le=4)
    name: str = Field(min_length=1, max_length=40)
    aliases: tuple[str, ...] = ()
    summary: str = Field(min_length=1, max_length=300)


class Aspect(_Strict):
    """One of the five aspects, with its guiding question."""

    key: str = Field(pattern=r"^[a-z]+$")
    name: str = Field(min_length=1, max_length=40)
    question: str = Field(min_length=1, max_length=150)


class Cell(_Strict):
    """What one aspect looks like at one level. The name is also a button label."""

    aspect: str
    level: int = Field(ge=1, le=4)
    name: str = Field(min_length=1, max_length=40)
    description: str = Field(min_length=1, max_length=280)


class MaturityModel(_Strict):
    """4 levels x 5 aspects = 20 cells, with lookups by number and key."""

    source: Source
    framing_points: tuple[str, ...] = ()
    levels: tuple[Level, ...]
    aspects: tuple[Aspect, ...]
    cells: tuple[Cell, ...]

    @model_validator(mode="after")
    def _complete_grid(self) -> MaturityModel:
        numbers = [level.number for level in self.levels]
        if sorted(numbers) != list(LEVEL_NUMBERS):
            raise ValueError(f"levels must be numbered 1 to 4 once each, got {numbers}")
        keys = [aspect.key for aspect in self.aspects]
        if len(set(keys)) != len(keys):
            raise ValueError(f"aspect keys must be unique, got {keys}")
        seen: set[tuple[str, int]] = set()
        for index, cell in enumerate(self.cells):
            where = f'cells[{index}] (aspect "{cell.aspect}", level {cell.level})'
            if cell.aspect not in keys:
                raise ValueError(f"{where}: unknown aspect; known: {', '.join(keys)}")
            if (cell.aspect, cell.level) in seen:
                raise ValueError(f"{where}: a second cell for the same aspect and level")
            seen.add((cell.aspect, cell.level))
        for key in keys:
            for number in LEVEL_NUMBERS:
                if (key, number) not in seen:
                    raise ValueError(f'missing cell for aspect "{key}" at level {number}')
        return self

    @functools.cached_property
    def _cell_index(self) -> dict[tuple[str, int], Cell]:
        return {(cell.aspect, cell.level): cell for cell in self.cells}

    def level(self, number: int) -> Level:
        """The level with this number (KeyError if none)."""
        for level in self.levels:
            if level.number == number:
                return level
        raise KeyError(number)

    def aspect(self, key: str) -> Aspect:
        """The aspect with this key (KeyError if none)."""
        for aspect in self.aspects:
            if aspect.key == key:
                return aspect
        raise KeyError(key)

    def cell(self, aspect_key: str, level_number: int) -> Cell:
        """The cell at one aspect and level."""
        return self._cell_index[(aspect_key, level_number)]

    def cells_for_level(self, number: int) -> list[Cell]:
        """The five cells of a level, in aspect order."""
        return [self.cell(aspect.key, number) for aspect in self.aspects]

    def cells_for_aspect(self, key: str) -> list[Cell]:
        """The four cells of an aspect, in level order."""
        return [self.cell(key, number) for number in LEVEL_NUMBERS]


def _describe(error: ValidationError, raw: dict[str, Any]) -> str:
    problems = []
    for item in error.errors():
        loc = item["loc"]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        if len(loc) >= 2 and loc[0] == "cells" and isinstance(loc[1], int):
            try:
                cell = raw["cells"][loc[1]]
                where = (
                    f'cells[{loc[1]}] (aspect "{cell.get("aspect")}", level '
                    f"{cell.get('level')}): {'.'.join(map(str, loc[2:]))}"
                )
            except (IndexError, KeyError, TypeError, AttributeError):
                pass
        message = item["msg"].removeprefix("Value error, ")
        problems.append(f"{where}: {message}" if where else message)
    return "; ".join(problems)


def load_model(path: Path | None = None) -> MaturityModel:
    """Read and validate the model data (the packaged file when `path` is None)."""
    source = path or files("bot.maturity") / "model.toml"
    name = getattr(source, "name", "model.toml")
    try:
        raw = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ModelDataError(f"{name}: {error}") from None
    data = {**raw, "framing_points": raw.get("framing", {}).get("points", [])}
    data.pop("framing", None)
    try:
        return MaturityModel.model_validate(data)
    except ValidationError as error:
        raise ModelDataError(f"{name}: {_describe(error, raw)}") from None


@functools.cache
def default_model() -> MaturityModel:
    """The packaged model, loaded once per process."""
    return load_model()
