"""The poll form's answers checked and turned into a PollRequest, or into a plain sentence
per field that is wrong (Slack shows each under its field)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.polls.options import (
    DEFAULT_ASSESSMENT_TITLE,
    DEFAULT_QUESTION,
    MAX_CHOICE,
    MAX_CHOICES,
    MAX_DURATION,
    MAX_TITLE,
    MIN_CHOICES,
    MIN_DURATION,
    PollRequest,
)

# Quick deadlines offered in the form, (value, label, length); "none": open until closed.
QUICK_DEADLINES = (
    ("none", "No deadline: open until closed", None),
    ("30m", "In 30 minutes", timedelta(minutes=30)),
    ("1h", "In 1 hour", timedelta(hours=1)),
    ("1d", "In 1 day", timedelta(days=1)),
    ("3d", "In 3 days", timedelta(days=3)),
    ("1w", "In 1 week", timedelta(weeks=1)),
)
KINDS = (
    ("levels", "The four maturity levels"),
    ("aspects", "The five aspects, one row of buttons each"),
    ("assessment", "The team self-assessment: 20 questions, answered privately"),
    ("own", "Your own choices"),
)


@dataclass(frozen=True)
class PollForm:
    """What someone entered, as plain values (the handler reads them out of Slack's state)."""

    question: str = ""
    kind: str = "levels"
    choices_text: str = ""
    multiple: bool = False
    deadline: str = "none"
    closes_at: datetime | None = None  # the date-time picker, UTC
    public: bool = False
    hidden: bool = False


def read_form(form: PollForm, *, now: datetime) -> tuple[PollRequest | None, dict[str, str]]:
    """(the request, {}) or (None, {field: what is wrong}); field names are the form's."""
    errors: dict[str, str] = {}
    choices = tuple(dict.fromkeys(line.strip() for line in form.choices_text.splitlines()))
    choices = tuple(c for c in choices if c)
    own = form.kind == "own"
    if own and not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        errors["choices"] = (
            f"Write {MIN_CHOICES} to {MAX_CHOICES} different choices, one per line "
            f"(you have {len(choices)})."
        )
    elif own and (long := next((c for c in choices if len(c) > MAX_CHOICE), None)):
        errors["choices"] = f"Keep each choice under {MAX_CHOICE} characters: “{long[:30]}…”."
    elif not own and choices:
        errors["kind"] = "You wrote choices: pick “Your own choices”, or clear them."
    if form.multiple and not own:
        errors["multiple"] = "Several answers are for your own choices only."
    if len(form.question) > MAX_TITLE:
        errors["question"] = f"Keep the question under {MAX_TITLE} characters."
    duration = _duration(form, now, errors)
    if errors:
        return None, errors
    kind = {"levels": "single", "aspects": "aspects", "assessment": "assessment"}.get(
        form.kind
    ) or ("multi" if form.multiple else "choices")
    default = DEFAULT_ASSESSMENT_TITLE if kind in ("aspects", "assessment") else DEFAULT_QUESTION
    title = " ".join(form.question.split()) or default
    return PollRequest(kind, title, duration, form.public, form.hidden, choices if own else ()), {}


def _duration(form: PollForm, now: datetime, errors: dict[str, str]) -> timedelta | None:
    quick = dict((value, length) for value, _, length in QUICK_DEADLINES)
    if form.closes_at is not None and form.deadline not in ("none", ""):
        errors["deadline"] = "Pick a quick deadline or a date and time, not both."
        return None
    if form.closes_at is None:
        return quick.get(form.deadline)
    length = form.closes_at - now
    if length < MIN_DURATION:
        errors["closes_at"] = "That time has passed: pick one in the future."
    elif length > MAX_DURATION:
        errors["closes_at"] = "A poll can run for up to 30 days: pick an earlier time."
    return length
