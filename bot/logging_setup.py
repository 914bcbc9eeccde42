"""Logging configuration: plain or JSON lines, with Slack secrets scrubbed from every record."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable

# Slack tokens have recognisable prefixes; anything shaped like one is masked wherever it appears.
_TOKEN_PATTERN = re.compile(r"xox[abeoprs]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")
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
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
