"""Readable plain-text answers for the terminal (`pmm-bot level scalable`)."""

from __future__ import annotations

import textwrap

from bot.maturity.model import MaturityModel
from bot.maturity.names import NotALevel, resolve_aspect, resolve_level

WIDTH = 88


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _credit(model: MaturityModel) -> str:
    return f"\nSource: {model.source.url}\n{model.source.credit}"


def _not_found(kind: str, text: str, suggestions: list[str], valid: list[str]) -> str:
    lines = [f"Unknown {kind}: {text!r}."]
    if suggestions:
        lines.append("Did you mean: " + ", ".join(suggestions) + "?")
    lines.append(f"Valid {kind}s: " + ", ".join(valid) + ".")
    return "\n".join(lines)


def level_text(model: MaturityModel, name: str) -> tuple[str, bool]:
    """A level across the five aspects, or suggestions; the flag says whether it was found."""
    result = resolve_level(model, name)
    if isinstance(result, NotALevel):
        cells = "; ".join(f"{c} ({a}, level {n})" for a, n, c in result.cells)
        return f"{result.word!r} is not a level. It appears in the cells: {cells}.", False
    if result.found is None:
        return _not_found("level", name, result.suggestions, result.valid), False
    level = result.found
    lines = [f"Level {level.number} · {level.name}", _wrap(level.summary, "")]
    if result.note:
        lines.append(f"({result.note})")
    for cell in model.cells_for_level(level.number):
        lines += ["", f"{model.aspect(cell.aspect).name}: {cell.name}", _wrap(cell.description)]
    return "\n".join(lines) + "\n" + _credit(model), True


def aspect_text(model: MaturityModel, name: str) -> tuple[str, bool]:
    """An aspect through the four levels, or suggestions."""
    result = resolve_aspect(model, name)
    if result.found is None:
        return _not_found("aspect", name, result.suggestions, result.valid), False
    aspect = result.found
    lines = [f"Aspect · {aspect.name}", aspect.question]
    if result.note:
        lines.append(f"({result.note})")
    for cell in model.cells_for_aspect(aspect.key):
        level = model.level(cell.level)
        lines += ["", f"{level.number} · {level.name}: {cell.name}", _wrap(cell.description)]
    return "\n".join(lines) + "\n" + _credit(model), True


def levels_text(model: MaturityModel) -> str:
    """The four levels, each with its summary and its five cell names."""
    parts = []
    for level in model.levels:
        cells = ", ".join(c.name for c in model.cells_for_level(level.number))
        parts.append(f"{level.number} · {level.name}\n{_wrap(level.summary)}\n  Cells: {cells}")
    return "\n\n".join(parts) + "\n" + _credit(model)
