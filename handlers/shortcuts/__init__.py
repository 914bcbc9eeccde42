"""Global shortcuts (the lightning-bolt menu)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.services import Services
from handlers.shortcuts import start_poll

MODULES = (start_poll,)


def register(app: AsyncApp, services: Services) -> None:
    """Register every shortcut listener."""
    for module in MODULES:
        module.register(app, services)
