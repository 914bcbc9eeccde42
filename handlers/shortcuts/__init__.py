"""Global shortcuts (the lightning-bolt menu)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.services import Services
from handlers.shortcuts import stale, start_poll

MODULES = (start_poll, stale)  # stale last: it matches any callback_id


def register(app: AsyncApp, services: Services) -> None:
    """Register every shortcut listener."""
    for module in MODULES:
        module.register(app, services)
