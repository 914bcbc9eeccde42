"""Thin Slack adapters, grouped by what Slack sends: each package has `register(app,
services)`; `register_all` wires them, `slack_needs` tells what the manifest must declare."""

from __future__ import annotations

from functools import reduce
from types import ModuleType

from slack_bolt.async_app import AsyncApp

from handlers import actions, commands, events, middleware, views
from handlers.needs import SlackNeeds
from handlers.services import Services

# The middleware first: it wraps every listener.
PACKAGES = (middleware, commands, actions, views, events)


def register_all(app: AsyncApp, services: Services) -> None:
    """Register the middleware chain and every listener."""
    for package in PACKAGES:
        package.register(app, services)


def _listener_modules() -> list[ModuleType]:
    return [*commands.MODULES, *actions.MODULES, *views.MODULES, *events.MODULES]


def slack_needs() -> SlackNeeds:
    """The union of what every listener module needs from the Slack app."""
    return reduce(lambda a, b: a | b, (m.NEEDS for m in _listener_modules()), SlackNeeds())
