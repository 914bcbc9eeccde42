"""At start: channel names in the settings and the config file become channel IDs, looked up
in the workspace's channel list (once, and only when a name is configured)."""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.channel_refs import UnknownChannel, names_in, resolve
from bot.settings import SettingsError
from handlers.services import Services

log = logging.getLogger(__name__)
WELCOME_ENTRY = "The config file's [welcome] channels"


def _meeting_entry(services: Services, index: int, series_id: str) -> str:
    """How the settings message names where a series' channel came from."""
    if index == 0 and services.settings.reminder_channel:
        return "PMM_REMINDER_CHANNEL"
    if len(services.meetings.seeds) == 1:
        return "The config file's [meeting] channel"
    return f"The config file's [[meeting]] {series_id} channel"


async def resolve_channels(services: Services, client: AsyncWebClient) -> None:
    """Put IDs in place of names; SettingsError naming the entry for an unknown name."""
    catalog, welcomes = services.meetings, services.welcomes
    entries = [_meeting_entry(services, i, m.id) for i, m in enumerate(catalog.seeds)]
    refs = {
        entry: (seed.channel,) if seed.channel else ()
        for entry, seed in zip(entries, catalog.seeds, strict=True)
    }
    refs[WELCOME_ENTRY] = welcomes.config.channels
    names = names_in(refs)
    if not names:
        return
    directory = await channel_directory(client)
    try:
        resolved = resolve(refs, directory)
    except UnknownChannel as error:
        raise SettingsError(f"pmm-bot can't start: {error}") from None
    catalog.seeds = tuple(
        seed.model_copy(update={"channel": resolved[entry][0]}) if seed.channel else seed
        for entry, seed in zip(entries, catalog.seeds, strict=True)
    )
    welcomes.config = welcomes.config.model_copy(update={"channels": resolved[WELCOME_ENTRY]})
    log.info("channel names resolved: %s", ", ".join(f"#{n}" for n in sorted(names)))


async def channel_directory(client: AsyncWebClient) -> dict[str, str]:
    """Every unarchived channel the bot can see, name -> ID (all pages)."""
    directory: dict[str, str] = {}
    pages = await client.conversations_list(
        types="public_channel,private_channel", exclude_archived=True, limit=1000
    )
    async for page in pages:
        for channel in page.get("channels") or []:
            directory[channel["name"]] = channel["id"]
    return directory
