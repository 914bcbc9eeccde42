"""Thin Slack adapters, grouped by what Slack sends: each package has `register(app,
services)`; `register_all` wires them, `slack_needs` tells what the manifest must declare."""

from __future__ import annotations

from functools import reduce
from types import ModuleType

from slack_bolt.async_app import AsyncApp

from handlers import actions, commands, events, middleware, shortcuts, views
from handlers.needs import CHANNEL_LOOKUP, FEATURES, SlackNeeds
from handlers.services import Services

# The middleware first: it wraps every listener.
PACKAGES = (middleware, commands, actions, shortcuts, views, events)


def register_all(app: AsyncApp, services: Services) -> None:
    """Register the middleware chain and every listener."""
    for package in PACKAGES:
        package.register(app, services)


def _listener_modules() -> list[ModuleType]:
    return [
        *commands.MODULES,
        *actions.MODULES,
        *shortcuts.MODULES,
        *views.MODULES,
        *events.MODULES,
    ]


def slack_needs(features: frozenset[str] = FEATURES) -> SlackNeeds:
    """What the listener modules need from the Slack app with `features` on (all of them
    unless told: the shipped manifest.yml)."""
    unknown = features - FEATURES
    if unknown:
        raise ValueError(f"unknown features: {sorted(unknown)}")
    parts = [m.NEEDS for m in _listener_modules()]
    for module in _listener_modules():
        conditional = getattr(module, "NEEDS_IF", {})
        parts += [needs for feature, needs in conditional.items() if feature in features]
    if "channel_names" in features:
        parts.append(CHANNEL_LOOKUP)
    return reduce(lambda a, b: a | b, parts, SlackNeeds())
