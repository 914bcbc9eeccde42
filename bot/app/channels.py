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


async def resolve_channels(services: Services, client: AsyncWebClient) -> None:
    """Put IDs in place of names; SettingsError naming the entry for an unknown name."""
    meetings, welcomes = services.meetings, services.welcomes
    reminder_entry = (
        "PMM_REMINDER_CHANNEL"
        if services.settings.reminder_channel
        else "The config file's [meeting] channel"
    )
    refs = {
        reminder_entry: (meetings.channel,) if meetings.channel else (),
        WELCOME_ENTRY: welcomes.config.channels,
    }
    names = names_in(refs)
    if not names:
        return
    directory = await channel_directory(client)
    try:
        resolved = resolve(refs, directory)
    except UnknownChannel as error:
        raise SettingsError(f"pmm-bot can't start: {error}") from None
    if meetings.channel:
        (meetings.channel,) = resolved[reminder_entry]
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
