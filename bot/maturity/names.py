"""Understanding the names people type for levels and aspects.

Case, spaces, dashes and dots don't matter; numbers (`3`, `L3`, `level 3`), the names people
really use (`ad-hoc`, `optimized`) and small typos resolve. Everything else gets suggestions.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from bot.maturity.model import Aspect, Level, MaturityModel

_LEVEL_NUMBER = re.compile(r"^(?:l|lvl|level)?([1-9][0-9]*)$")
# Words people use for an aspect that are not its name.
_ASPECT_ALIASES = {
    "funding": "investment",
    "budget": "investment",
    "people": "investment",
    "usage": "adoption",
    "users": "adoption",
    "interface": "interfaces",
    "ux": "interfaces",
    "selfservice": "interfaces",
    "ops": "operations",
    "operation": "operations",
    "lifecycle": "operations",
    "measurements": "measurement",
    "metrics": "measurement",
    "feedback": "measurement",
}
T = TypeVar("T")
_TYPO_CUTOFF = 0.75  # close enough to answer directly (and say how we read it)
_SUGGEST_CUTOFF = 0.5  # close enough to suggest


def normalise(text: str) -> str:
    """Lowercase and drop spaces, dashes, underscores and dots: `Ad-Hoc` -> `adhoc`."""
    return re.sub(r"[\s\-_.·]+", "", text.casefold())


@dataclass(frozen=True)
class Resolution(Generic[T]):
    """The outcome of reading a name: the thing found, or why not and what to try."""

    found: T | None
    note: str | None = None
    suggestions: list[str] = field(default_factory=list)
    valid: list[str] = field(default_factory=list)
    exact: bool = True  # False when a typo or prefix was read as the closest name


@dataclass(frozen=True)
class NotALevel:
    """A word people think is a level but that names cells instead (e.g. `enabled`)."""

    word: str
    cells: list[tuple[str, int, str]]  # (aspect name, level number, cell name)


def _level_names(model: MaturityModel) -> dict[str, Level]:
    names: dict[str, Level] = {}
    for level in model.levels:
        names[normalise(level.name)] = level
        for alias in level.aliases:
            names[normalise(alias)] = level
    return names


def _cells_named_like(model: MaturityModel, word: str) -> list[tuple[str, int, str]]:
    """Cells whose name contains `word` as a whole word (for `enabled` and friends)."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    return [
        (model.aspect(cell.aspect).name, cell.level, cell.name)
        for cell in model.cells
        if pattern.search(cell.name)
    ]


def resolve_level(model: MaturityModel, text: str) -> Resolution[Level] | NotALevel:
    """Find the level `text` names, or return suggestions (or a NotALevel explanation)."""
    key = normalise(text)
    valid = [f"{level.number} {level.name}" for level in model.levels]
    if not key:
        return Resolution(None, valid=valid)
    number = _LEVEL_NUMBER.match(key)
    if number:
        wanted = int(number.group(1))
        for level in model.levels:
            if level.number == wanted:
                return Resolution(level, valid=valid)
        return Resolution(None, note=f"The model has levels 1 to {len(model.levels)}.", valid=valid)
    names = _level_names(model)
    if key in names:
        level = names[key]
        note = None
        if key != normalise(level.name):
            note = f"“{text.strip()}” is a common name for Level {level.number} {level.name}."
        return Resolution(level, note=note, valid=valid)
    if not any(key in n for n in names) and len(cells := _cells_named_like(model, key)) > 0:
        return NotALevel(text.strip(), cells)
    return _fuzzy(key, text, names, valid, lambda lv: f"{lv.number} {lv.name}")


def resolve_aspect(model: MaturityModel, text: str) -> Resolution[Aspect]:
    """Find the aspect `text` names, or return suggestions."""
    key = normalise(text)
    valid = [aspect.name for aspect in model.aspects]
    names = {normalise(aspect.name): aspect for aspect in model.aspects}
    names.update({alias: model.aspect(target) for alias, target in _ASPECT_ALIASES.items()})
    if not key:
        return Resolution(None, valid=valid)
    if key in names:
        return Resolution(names[key], valid=valid)
    return _fuzzy(key, text, names, valid, lambda a: a.name)


def _fuzzy(
    key: str, text: str, names: dict[str, T], valid: list[str], label: Callable[[T], str]
) -> Resolution[T]:
    """Accept a clear typo or prefix; otherwise list the closest names."""
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=_SUGGEST_CUTOFF)
    # Prefix typing (`scal`, `meas`) is as clear as a typo when only one name fits.
    prefixed = {label(v) for k, v in names.items() if len(key) >= 3 and k.startswith(key)}
    candidates = list(dict.fromkeys([label(names[c]) for c in close]))
    if len(prefixed) == 1 and not close:
        candidates = list(prefixed)
    best = close[0] if close else None
    if best and difflib.SequenceMatcher(None, key, best).ratio() >= _TYPO_CUTOFF:
        thing = names[best]
        others = {label(names[c]) for c in close[1:]} - {label(thing)}
        if not others:
            return Resolution(
                thing, note=f"I read “{text.strip()}” as {label(thing)}.", exact=False
            )
    if len(prefixed) == 1 and len(candidates) == 1:
        thing = next(v for k, v in names.items() if k.startswith(key))
        return Resolution(thing, note=f"I read “{text.strip()}” as {label(thing)}.", exact=False)
    return Resolution(None, suggestions=candidates, valid=valid)


def resolve_among(
    text: str, names: dict[str, T], valid: list[str], label: Callable[[T], str]
) -> Resolution[T]:
    """Find what `text` names among `names` (normalised name -> thing): exactly, or a clear
    typo or prefix; otherwise suggestions. What levels and aspects use, for other lists
    (meeting series)."""
    key = normalise(text)
    if not key:
        return Resolution(None, valid=valid)
    if key in names:
        return Resolution(names[key], valid=valid)
    return _fuzzy(key, text, names, valid, label)
