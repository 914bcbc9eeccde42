"""`/pmm export [poll-id|latest] [csv|json]`: results into the organiser's DM, never the channel."""

from __future__ import annotations

import logging
import re

from slack_bolt import App, Respond

from bot.blocks.kit import text_message
from bot.deps import Deps
from bot.organizers import organizer_refusal
from bot.polls.export_files import export_files
from bot.text import quote_user_text
from handlers.context import CommandContext
from handlers.needs import SlackNeeds

log = logging.getLogger(__name__)

# users:read and usergroups:read serve the organiser check (admins, PMM_ORGANIZER_GROUP).
NEEDS = SlackNeeds(
    bot_scopes=frozenset({"files:write", "im:write", "users:read", "usergroups:read"})
)
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


def handle_export(ctx: CommandContext) -> None:
    """Check the organiser, then build and upload the files after the ack."""
    deps = ctx.deps
    if not deps.organizers.is_organizer(ctx.user_id):
        ctx.reply(text_message(organizer_refusal("export poll results", deps.settings)))
        return
    try:
        target, fmt = parse_export_args(ctx.args)
    except ValueError as error:
        ctx.reply(text_message(str(error)))
        return
    poll_id = deps.polls.store.latest_id(ctx.channel_id) if target == "latest" else target
    if poll_id is None or deps.polls.store.snapshot(poll_id) is None:
        what = (
            "There are no polls in this channel yet."
            if target == "latest"
            else (f"There is no poll `{target}`. `/pmm polls` lists this channel's open polls.")
        )
        ctx.reply(text_message(what))
        return
    ctx.reply(
        text_message(
            f"Preparing the {fmt.upper()} export of poll `{poll_id}`; it will "
            "arrive in a direct message from me."
        )
    )
    deps.later(send_export, deps, ctx.user_id, poll_id, fmt, ctx.respond)


def send_export(deps: Deps, user_id: str, poll_id: str, fmt: str, respond: Respond) -> None:
    """Upload the export files into a DM with the organiser."""
    poll, export = deps.polls.store.snapshot(poll_id), deps.polls.store.export(poll_id)
    if poll is None or export is None:
        respond(
            response_type="ephemeral", **text_message("That poll no longer exists.").as_kwargs()
        )
        return
    files = export_files(poll, export, fmt)
    dm = deps.client.conversations_open(users=user_id)["channel"]["id"]
    deps.client.files_upload_v2(
        channel=dm,
        file_uploads=[
            {"content": f.content, "filename": f.filename, "title": f.title} for f in files
        ],
        initial_comment=f"Results of poll `{poll_id}` ({len(export.votes)} votes).",
    )
    log.info("exported poll %s as %s for an organiser", poll_id, fmt)


def register(_app: App, deps: Deps) -> None:
    """Register `/pmm export`."""
    deps.commands.add(
        "export",
        handle_export,
        usage="export [poll-id|latest] [csv|json]",
        summary="poll results as files in your DM",
        organizers_only=True,
    )
