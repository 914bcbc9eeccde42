"""Events API listeners."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.events import app_home, member_joined, unhandled
from handlers.services import Services

MODULES = (app_home, member_joined, unhandled)  # unhandled last: it matches any event


def register(app: AsyncApp, services: Services) -> None:
    """Register every event listener."""
    for module in MODULES:
        module.register(app, services)
