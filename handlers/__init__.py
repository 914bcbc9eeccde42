"""Thin Slack adapters. Each module has `register(app, deps)` and a `NEEDS` declaration;
`register_all` wires them and `slack_needs` tells what the manifest must declare."""

from __future__ import annotations

from functools import reduce

from slack_bolt import App
from slack_bolt.async_app import AsyncApp

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
    vote_clicks,
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
    vote_clicks,
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


# Vote clicks over HTTP: the async app on the server's event loop (bot/asgi.py).
ASYNC_MODULES = (request_log, errors, vote_clicks)


def register_all_async(app: AsyncApp, deps: Deps) -> None:
    """Register the async app's listeners."""
    for module in ASYNC_MODULES:
        module.register_async(app, deps)


def slack_needs() -> SlackNeeds:
    """The union of what every handler module needs from the Slack app."""
    return reduce(lambda a, b: a | b, (m.NEEDS for m in MODULES), SlackNeeds())
