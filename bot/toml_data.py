"""Data files the bot ships (the model, the questionnaire): TOML read and validated by a
pydantic model, every problem named by the file and the entry."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from importlib.abc import Traversable

M = TypeVar("M", bound=BaseModel)
Describe = Callable[[ValidationError, dict[str, Any]], list[str]]


def load_toml_data(
    source: Path | Traversable,
    label: str,
    model: type[M],
    error: type[Exception],
    describe: Describe,
) -> M:
    """`source` read as TOML and validated as `model`; `error` with one line per problem,
    each starting with `label` (`describe` says where in the file each problem is)."""
    try:
        raw = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"{label}: cannot read the file: {problem}") from None
    except tomllib.TOMLDecodeError as problem:
        raise error(f"{label}: not valid TOML: {problem}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as problem:
        raise error("\n".join(f"{label}: {line}" for line in describe(problem, raw))) from None
