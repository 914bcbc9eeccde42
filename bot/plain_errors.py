"""One translation from validation errors (pydantic's) to plain sentences with the valid
forms: what people read never shows a regex, a type name or a Python format string."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel

# pydantic error type -> what to say after the name of the entry
_SENTENCES = {
    "missing": "is missing",
    "extra_forbidden": "is not something pmm-bot knows (check the spelling)",
    "bool_parsing": "should be true or false",
    "bool_type": "should be true or false",
    "int_parsing": "should be a whole number",
    "int_type": "should be a whole number",
    "float_parsing": "should be a number",
    "float_type": "should be a number",
    "string_type": "should be text",
    "tuple_type": 'should be a list, like ["a", "b"]',
    "list_type": 'should be a list, like ["a", "b"]',
    "datetime_parsing": "should be a date and time, like 2026-01-13T17:00",
    "datetime_from_date_parsing": "should be a date and time, like 2026-01-13T17:00",
    "datetime_type": "should be a date and time, like 2026-01-13T17:00",
    "time_delta_parsing": "should be a length of time, like 15m, 24h or 1d",
    "url_parsing": "should be a web address starting with https://",
    "json_invalid": "is not readable",
}


def explain(item: dict[str, Any], model: type[BaseModel] | None = None) -> str:
    """What is wrong with one entry, in words (its valid form when the model says it)."""
    kind, ctx = item.get("type", ""), item.get("ctx") or {}
    hint = description_of(model, tuple(item.get("loc") or ())) if model else None
    if kind == "string_pattern_mismatch":
        return f"should be {hint}" if hint else "is not in a form pmm-bot understands"
    if kind in ("string_too_long", "too_long"):
        return f"is too long (at most {ctx.get('max_length', '?')} characters)"
    if kind in ("string_too_short", "too_short"):
        return "is empty" if ctx.get("min_length") == 1 else "is too short"
    if kind in ("greater_than_equal", "greater_than"):
        return f"should be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"should be at most {ctx.get('le', ctx.get('lt'))}"
    if kind == "literal_error":
        return f"should be one of {ctx.get('expected', 'the listed values')}"
    if kind == "value_error":  # our own validators already speak plainly
        return str(item.get("msg", "")).removeprefix("Value error, ")
    sentence = _SENTENCES.get(kind)
    if sentence:
        return f"{sentence}; it should be {hint}" if hint and kind.endswith("_type") else sentence
    return f"should be {hint}" if hint else "is not valid"


def description_of(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The `description` of the field at `loc` (the nearest one along the path)."""
    found, current = None, model
    for part in loc:
        if not isinstance(part, str) or current is None:
            continue  # a list index: the item shares its list's description
        field = current.model_fields.get(part)
        if field is None:
            break
        found = field.description or found
        current = _model_in(field.annotation)
    return found


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if (inner := _model_in(arg)) is not None:
            return inner
    return None
