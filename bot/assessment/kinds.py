"""Which poll kinds are self-assessments, and which questionnaire form each asks."""

from __future__ import annotations

FORMS = {"assessment": "full", "assessment-short": "short"}


def is_assessment(kind: str) -> bool:
    """True for the poll kinds that are self-assessments."""
    return kind in FORMS
