"""Channels named in the settings and the config file: an ID (`C0123ABCD`) or a name
(`#welcome`, `welcome`). Names are turned into IDs once, at start, from the workspace's
channel list; a name that matches no channel stops the start, naming the entry."""

from __future__ import annotations

import re
from collections.abc import Mapping

# Slack channel IDs: C (public), G (older private), D (DMs, never configured here).
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,}$")
# Slack channel names: lowercase letters, digits, hyphens, underscores, periods; at most 80.
CHANNEL_NAME = re.compile(r"^#?[a-z0-9][a-z0-9._-]{0,79}$")
CHANNEL_REF = r"^(#?[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{2,})$"
CHANNEL_HINT = "a channel ID like C0123ABCD, or a channel name like #community"


class UnknownChannel(ValueError):
    """A configured channel name that no channel the bot can see has."""

    def __init__(self, entry: str, name: str) -> None:
        self.entry, self.name = entry, name
        super().__init__(
            f"{entry} names #{name}, but the bot sees no channel of that name. Check the "
            "spelling (a renamed channel keeps its ID, not its name), invite the bot if the "
            "channel is private, or use the channel's ID: in Slack, open the channel's "
            "details; the ID (C…) is at the bottom."
        )


def is_channel_id(ref: str) -> bool:
    """True for `C0123ABCD`-style IDs (used as they are)."""
    return bool(CHANNEL_ID.match(ref))


def names_in(refs: Mapping[str, tuple[str, ...]]) -> set[str]:
    """The channel names (without `#`) among the configured references."""
    refs_flat = (ref for values in refs.values() for ref in values)
    return {ref.removeprefix("#") for ref in refs_flat if not is_channel_id(ref)}


def resolve(
    refs: Mapping[str, tuple[str, ...]], directory: Mapping[str, str]
) -> dict[str, tuple[str, ...]]:
    """Each entry's references as channel IDs, looked up by name in `directory` (name ->
    ID); raises UnknownChannel for the first name it does not hold."""
    resolved = {}
    for entry, values in refs.items():
        ids = []
        for ref in values:
            if is_channel_id(ref):
                ids.append(ref)
            elif (name := ref.removeprefix("#")) in directory:
                ids.append(directory[name])
            else:
                raise UnknownChannel(entry, name)
        resolved[entry] = tuple(ids)
    return resolved
