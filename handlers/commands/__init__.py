"""Slash commands: `/pmm` and the subcommands each module adds to its router."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.commands import agenda, assess, exports, lookups, meetings, pmm, polls, welcome
from handlers.services import Services

# `/pmm` itself comes last so that its help sees every subcommand the others added.
MODULES = (lookups, polls, assess, exports, meetings, agenda, welcome, pmm)


def register(app: AsyncApp, services: Services) -> None:
    """Register every subcommand, then `/pmm`."""
    for module in MODULES:
        module.register(app, services)
