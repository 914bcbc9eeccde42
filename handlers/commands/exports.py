"""`/pmm export [poll-id|latest] [csv|json]`: results into the organiser's DM, never the channel."""

from __future__ import annotations

import asyncio
import logging
import re

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.kit import text_message
from bot.polls.export_files import export_files
from bot.text import plural, quote_title, quote_user_text
from handlers.needs import SlackNeeds
from handlers.services import Services
from handlers.support.context import CommandContext

log = logging.getLogger(__name__)

# users:read serves the organiser check (workspace admins); im:write the DM.
NEEDS = SlackNeeds(bot_scopes=frozenset({"files:write", "im:write", "users:read"}))
_POLL_ID = re.compile(r"^[0-9a-f]{8}$")


def parse_export_args(args: str) -> tuple[str, str]:
    """(poll id or 'latest', 'csv' or 'json'); raises ValueError with advice."""
    target, fmt = "latest", "csv"
    for word in args.lower().split():
        if word in ("csv", "json"):
            fmt = word
        elif word == "latest" or _POLL_ID.match(word):
            target = word
        else:
            raise ValueError(
                f"I don't know `{quote_user_text(word, 30)}`. Use "
                "`/pmm export [poll-id|latest] [csv|json]`."
            )
    return target, fmt


async def handle_export(ctx: CommandContext) -> None:
    """Find the poll, then build and upload the files after the ack."""
    try:
        target, fmt = parse_export_args(ctx.args)
    except ValueError as error:
        await ctx.reply(text_message(str(error)))
        return
    listings = ctx.services.listings
    poll_id = (
        await asyncio.to_thread(listings.latest_id, ctx.channel_id)
        if target == "latest"
        else target
    )
    if poll_id is None or await asyncio.to_thread(listings.snapshot, poll_id) is None:
        what = (
            "There are no polls in this channel yet."
            if target == "latest"
            else f"There is no poll `{target}`. `/pmm polls` lists this channel's open polls."
        )
        await ctx.reply(text_message(what))
        return
    await ctx.reply(
        text_message(
            f"Preparing the {fmt.upper()} export of poll `{poll_id}`; it "
            "will arrive in a direct message from me."
        )
    )
    ctx.services.background.spawn(send_export(ctx.services, ctx.client, ctx.user_id, poll_id, fmt))


async def send_export(
    services: Services, client: AsyncWebClient, user_id: str, poll_id: str, fmt: str
) -> None:
    """Upload the export files (built on a thread: CSV and the chart) into a DM."""
    listings = services.listings
    poll = await asyncio.to_thread(listings.snapshot, poll_id)
    export = await asyncio.to_thread(listings.export, poll_id)
    dm = (await client.conversations_open(users=user_id))["channel"]["id"]
    if poll is None or export is None:
        await client.chat_postMessage(channel=dm, text="That poll no longer exists.")
        return
    files = await asyncio.to_thread(export_files, poll, export, fmt)
    await client.files_upload_v2(
        channel=dm,
        file_uploads=[
            {"content": f.content, "filename": f.filename, "title": f.title} for f in files
        ],
        initial_comment=(
            f"Results of *{quote_title(export.title)}* (poll `{poll_id}`): "
            f"{plural(export.voters, 'person', 'people')}, {plural(len(export.votes), 'vote')}."
        ),
    )
    log.info("exported poll %s as %s for an organiser", poll_id, fmt)


def register(_app: AsyncApp, services: Services) -> None:
    """Add `/pmm export`."""
    services.commands.add(
        "export",
        handle_export,
        usage="export [poll-id|latest] [csv|json]",
        summary="poll results as files in your DM",
        organizers_only="export poll results",
    )
