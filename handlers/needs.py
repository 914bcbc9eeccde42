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
    # Global shortcuts: (callback_id, name, description)
    shortcuts: frozenset[tuple[str, str, str]] = field(default_factory=frozenset)

    def __or__(self, other: SlackNeeds) -> SlackNeeds:
        return SlackNeeds(
            self.commands | other.commands,
            self.bot_events | other.bot_events,
            self.bot_scopes | other.bot_scopes,
            self.interactivity or other.interactivity,
            self.home_tab or other.home_tab,
            self.shortcuts | other.shortcuts,
        )


# Optional features, each named by what turns it on (see `bot/app/manifest.py`):
# "welcome" ([welcome] enabled), "organizer_group" (PMM_ORGANIZER_GROUP), "channel_names" (a
# channel given by name in the settings or config file).
FEATURES = frozenset({"welcome", "organizer_group", "channel_names"})
# conversations.list at start, for channel names: public and private channels.
CHANNEL_LOOKUP = SlackNeeds(bot_scopes=frozenset({"channels:read", "groups:read"}))
