"""The one middleware chain every request goes through, after Bolt's signature check: one
log line, then the redelivery claim. (The request id and the payload shape guard come first,
at the transport door, bot/app/door.py: Bolt reads the payload before any middleware runs.)
The one error handler sits here too."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.middleware import errors, redelivery, request_log
from handlers.services import Services


def register(app: AsyncApp, services: Services) -> None:
    """Install the chain in order, and the error handler."""
    request_log.register(app, services)
    redelivery.register(app, services)
    errors.register(app, services)
