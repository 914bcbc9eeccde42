"""How many people took part, in words that agree with the number."""

from __future__ import annotations

from bot.text import plural


def voted_line(voters: int) -> str:
    """`1 person has voted`, `14 people have voted`, `nobody has voted yet`."""
    return _line(voters, "voted")


def answered_line(people: int) -> str:
    """`nobody has answered yet`, `1 person has answered`, `14 people have answered`."""
    return _line(people, "answered")


def _line(count: int, verb: str) -> str:
    if count == 0:
        return f"nobody has {verb} yet"
    return f"{plural(count, 'person', 'people')} {'has' if count == 1 else 'have'} {verb}"
