"""Durations as people type them: `90s`, `30m`, `2h`, `1d`, `1h30m`."""

from __future__ import annotations

import re
from datetime import timedelta

_UNIT = r"(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)"
_PART = re.compile(rf"(\d+)\s*{_UNIT}(?![a-z])")
_WHOLE = re.compile(rf"^(?:\s*\d+\s*{_UNIT})+\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """Parse `30m`, `2h`, `1d`, `1h30m`, `2 hours` (s, m, h, d, w and their long names)."""
    cleaned = text.strip().lower()
    if not _WHOLE.match(cleaned):
        raise ValueError(f"not a duration: {text!r} (use e.g. 30m, 2h, 1d)")
    total = timedelta()
    for amount, unit in _PART.findall(cleaned):
        total += timedelta(**{_UNITS[unit[0]]: int(amount)})
    if total <= timedelta(0):
        raise ValueError(f"duration must be positive: {text!r}")
    return total


def format_duration(delta: timedelta) -> str:
    """The shortest exact spelling: 86400 s -> `1d`, 5400 s -> `1h30m`."""
    seconds = int(delta.total_seconds())
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts) or "0s"
