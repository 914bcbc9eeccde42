"""Button clicks and menu choices (block_actions)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.actions import (
    agenda,
    assessment,
    home_menu,
    links,
    meeting_admin,
    model_buttons,
    pages,
    poll_close,
    stale,
    votes,
)
from handlers.services import Services

# stale last: it matches any action_id
MODULES = (
    votes,
    poll_close,
    assessment,
    agenda,
    meeting_admin,
    model_buttons,
    home_menu,
    links,
    pages,
    stale,
)


def register(app: AsyncApp, services: Services) -> None:
    """Register every action listener."""
    for module in MODULES:
        module.register(app, services)
