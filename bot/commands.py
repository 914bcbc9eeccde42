"""The `/pmm` subcommand table: parse the text Slack sends and find the subcommand for it.

The router knows nothing about Slack; handler modules add their subcommands to it when they
are registered, and the help text is built from what was added.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[..., Any]


@dataclass(frozen=True)
class Subcommand:
    """One `/pmm <name>` entry with its help line."""

    name: str
    usage: str
    summary: str
    handler: Handler
    aliases: tuple[str, ...] = ()
    # For organiser-only subcommands, what the refusal says others cannot do
    # ("export poll results"); None for everyone's.
    organizers_only: str | None = None
    # Further (usage, summary) help lines of the same subcommand, e.g. `poll aspects`.
    variants: tuple[tuple[str, str], ...] = ()

    def help_lines(self) -> list[str]:
        """`/pmm usage` — summary, for the entry and each variant."""
        entries = [(self.usage, self.summary), *self.variants]
        return [f"`/pmm {usage}` — {summary}" for usage, summary in entries]


@dataclass(frozen=True)
class Route:
    """Where a command text leads: a subcommand and its arguments, or nothing plus a guess."""

    subcommand: Subcommand | None
    word: str
    args: str
    suggestion: str | None = None


@dataclass
class CommandRouter:
    """Maps the first word of the command text to a registered subcommand."""

    _by_name: dict[str, Subcommand] = field(default_factory=dict)
    _ordered: list[Subcommand] = field(default_factory=list)
    # Called with (ctx, word, args) when no subcommand matches; returns True if it answered.
    fallback: Handler | None = None

    def add(
        self,
        name: str,
        handler: Handler,
        *,
        usage: str,
        summary: str,
        aliases: tuple[str, ...] = (),
        organizers_only: str | None = None,
        variants: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """Register `handler` for `/pmm name` (and its aliases)."""
        entry = Subcommand(name, usage, summary, handler, aliases, organizers_only, variants)
        for key in (name, *aliases):
            if key in self._by_name:
                raise ValueError(f"subcommand {key!r} is registered twice")
            self._by_name[key] = entry
        self._ordered.append(entry)

    @property
    def subcommands(self) -> list[Subcommand]:
        """Registered subcommands in registration order."""
        return list(self._ordered)

    def route(self, text: str) -> Route:
        """Split `text` into subcommand and arguments; empty text means help."""
        word, _, args = " ".join(text.split()).partition(" ")
        word = word.lower()
        if not word:
            return Route(self._by_name.get("help"), "help", "")
        found = self._by_name.get(word)
        if found is not None:
            return Route(found, word, args)
        close = difflib.get_close_matches(word, list(self._by_name), n=1, cutoff=0.6)
        return Route(None, word, args, close[0] if close else None)
