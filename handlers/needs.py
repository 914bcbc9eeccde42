"""What each handler module needs from the Slack app configuration.

`manifest.yml` must declare exactly the union of these; a unit test holds the two together.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SlackNeeds:
    """Slash commands, bot events, bot scopes and features a handler module relies on."""

    commands: frozenset[str] = field(default_factory=frozenset)
    bot_events: frozenset[str] = field(default_factory=frozenset)
    bot_scopes: frozenset[str] = field(default_factory=frozenset)
    interactivity: bool = False
    home_tab: bool = False

    def __or__(self, other: SlackNeeds) -> SlackNeeds:
        return SlackNeeds(
            self.commands | other.commands,
            self.bot_events | other.bot_events,
            self.bot_scopes | other.bot_scopes,
            self.interactivity or other.interactivity,
            self.home_tab or other.home_tab,
        )
