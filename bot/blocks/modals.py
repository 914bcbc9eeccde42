"""Modals opened where there is no message to answer in (App Home): a level with Share, and
the confirmation before an organiser closes a poll."""

from __future__ import annotations

import json
from typing import Any

from bot.blocks.counts import voted_line
from bot.blocks.kit import MAX_VIEW_BLOCKS, context, plain, section
from bot.blocks.model_blocks import render_level
from bot.maturity.model import Level, MaturityModel
from bot.polls.results import PollSnapshot
from bot.text import quote_title, truncate

LEVEL_VIEW = "pmm_level_view"
SHARE_BLOCK = "share_channel"
SHARE_SELECT = "pmm_share_channel"
CLOSE_POLL_VIEW = "pmm_close_poll_view"
MAX_TITLE = 24  # a modal's title
MAX_METADATA = 3000  # private_metadata


def modal(
    callback_id: str,
    title: str,
    blocks: list[dict[str, Any]],
    *,
    submit: str | None = None,
    close: str = "Close",
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A modal view within Slack's limits (title 24 characters, 100 blocks)."""
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(truncate(title, MAX_TITLE)),
        "close": plain(truncate(close, MAX_TITLE)),
        "blocks": blocks[:MAX_VIEW_BLOCKS],
    }
    if submit:
        view["submit"] = plain(truncate(submit, MAX_TITLE))
    if metadata is not None:
        encoded = json.dumps(metadata, separators=(",", ":"))
        if len(encoded) > MAX_METADATA:
            raise ValueError("a modal's private metadata is over 3,000 characters")
        view["private_metadata"] = encoded
    return view


def metadata_of(view: dict[str, Any]) -> dict[str, Any]:
    """The private metadata a modal was opened with ({} when absent or not ours)."""
    try:
        value = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def level_view(model: MaturityModel, level: Level) -> dict[str, Any]:
    """One level across the five aspects, and a channel picker to share it in."""
    blocks = render_level(model, level, shareable=False).blocks
    picker = {
        "type": "input",
        "block_id": SHARE_BLOCK,
        "optional": True,
        "label": plain("Share it in a channel"),
        "hint": plain("Leave empty to just read. I post it there, saying you shared it."),
        "element": {
            "type": "conversations_select",
            "action_id": SHARE_SELECT,
            "placeholder": plain("Pick a channel"),
            "filter": {"include": ["public", "private"], "exclude_bot_users": True},
        },
    }
    return modal(
        LEVEL_VIEW,
        f"Level {level.number} · {level.name}",
        [*blocks, picker],
        submit="Share",
        metadata={"level": level.number},
    )


def close_poll_view(poll: PollSnapshot) -> dict[str, Any]:
    """Are you sure? before an organiser closes a poll from App Home."""
    voted = voted_line(poll.voters)
    blocks = [
        section(f"Close *{quote_title(poll.title, 150)}* in <#{poll.channel_id}> now?"),
        context(
            f"{voted[0].upper()}{voted[1:]}. Nobody can vote after this; the final results "
            "and a chart are posted in the poll's thread."
        ),
    ]
    return modal(
        CLOSE_POLL_VIEW,
        "Close poll",
        blocks,
        submit="Close poll",
        close="Keep it open",
        metadata={"poll": poll.poll_id},
    )
