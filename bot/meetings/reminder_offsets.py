"""Reminder offsets as organisers type them in the meeting form (`24h, 15m`), and back."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.durations import parse_duration

MAX_REMINDERS, LONGEST_REMINDER = 5, timedelta(days=7)


def spoken_offset(offset: timedelta) -> str:
    """`1d`, `24h`-style: 86400 s -> `24h` (as people write reminders), 900 s -> `15m`."""
    seconds = int(offset.total_seconds())
    if seconds % 3600 == 0 and seconds <= 72 * 3600:
        return f"{seconds // 3600}h"
    if seconds % 86400 == 0:
        return f"{seconds // 86400}d"
    return f"{seconds // 60}m" if seconds % 60 == 0 else f"{seconds}s"


def parse_reminders(text: str) -> tuple[timedelta, ...]:
    """`24h, 15m` -> the offsets, longest first; ValueError with a plain sentence."""
    offsets = set()
    for part in (p.strip() for p in re.split(r"[,;\n]+", text)):
        if not part:
            continue
        try:
            offset = parse_duration(part)
        except ValueError:
            raise ValueError(
                f"“{part[:40]}” is not a length of time. Write them like 24h, 15m "
                "(d for days, h for hours, m for minutes)."
            ) from None
        if offset > LONGEST_REMINDER:
            raise ValueError("A reminder can be at most 7 days before the meeting.")
        offsets.add(offset)
    if len(offsets) > MAX_REMINDERS:
        raise ValueError(f"At most {MAX_REMINDERS} reminders, please.")
    return tuple(sorted(offsets, reverse=True))
