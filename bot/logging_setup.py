"""Logging configuration: plain or JSON lines, with Slack secrets scrubbed from every record."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from contextvars import ContextVar

# Set for the duration of one Slack request, so every line it logs can be tied together.
request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

# Slack tokens have recognisable prefixes; anything shaped like one is masked wherever it
# appears. So are response_urls and webhooks: whoever holds one can post as the bot for a while
# (slack_sdk logs them at DEBUG).
_TOKEN_PATTERN = re.compile(
    r"xox[abeoprs]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|https://hooks\.slack\.com/[^\s'\"]+"
)
_MASK = "[redacted]"


class RedactingFilter(logging.Filter):
    """Replaces tokens and the given secret strings in the final log message."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s and len(s) >= 8]

    def redact(self, text: str) -> str:
        """Return `text` with every token and known secret masked."""
        text = _TOKEN_PATTERN.sub(_MASK, text)
        for secret in self._secrets:
            text = text.replace(secret, _MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (the current Slack request's, or '-') to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with any `extra=` fields the caller attached."""

    _STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in self._STANDARD})
        if record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, default=str)


def setup_logging(level: str = "INFO", fmt: str = "text", secrets: Iterable[str] = ()) -> None:
    """Configure the root logger once for the process (called by the CLI, never on import)."""
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter(secrets))
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
