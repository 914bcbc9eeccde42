"""Thin Slack adapters. Each module has `register(app, deps)` and a `NEEDS` declaration;
`register_all` wires them and `slack_needs` tells what the manifest must declare."""

from __future__ import annotations

from functools import reduce

from slack_bolt import App

from bot.deps import Deps
from handlers import (
    app_home,
    errors,
    exports,
    meetings,
    model_lookup,
    pmm_command,
    polls,
    redelivery,
    request_log,
    welcome,
)
from handlers.needs import SlackNeeds

# `/pmm` itself comes last so that it sees every subcommand the others added.
MODULES = (
    request_log,
    redelivery,
    errors,
    model_lookup,
    polls,
    exports,
    meetings,
    welcome,
    app_home,
    pmm_command,
)


def register_all(app: App, deps: Deps) -> None:
    """Register every handler module."""
    for module in MODULES:
        module.register(app, deps)


def slack_needs() -> SlackNeeds:
    """The union of what every handler module needs from the Slack app."""
    return reduce(lambda a, b: a | b, (m.NEEDS for m in MODULES), SlackNeeds())
