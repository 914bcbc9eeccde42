"""Modal submissions (view_submission)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.services import Services
from handlers.views import (
    agenda_form,
    assessment_form,
    close_poll,
    meeting_form,
    poll_form,
    share_level,
)

MODULES = (share_level, close_poll, poll_form, assessment_form, agenda_form, meeting_form)


def register(app: AsyncApp, services: Services) -> None:
    """Register every view listener."""
    for module in MODULES:
        module.register(app, services)
