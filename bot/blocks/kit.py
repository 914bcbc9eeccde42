"""Small Block Kit builders that enforce Slack's limits, so no caller can exceed them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.text import truncate

Block = dict[str, Any]

# Limits from Slack's Block Kit reference.
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_FIELDS = 10
MAX_HEADER = 150
MAX_BUTTON_LABEL = 75
MAX_BUTTON_VALUE = 2000
MAX_ACTIONS_ELEMENTS = 25
MAX_CONTEXT_ELEMENTS = 10
MAX_FALLBACK_TEXT = 3000


@dataclass(frozen=True)
class Message:
    """A Slack message: notification/fallback text plus blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def as_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for chat.postMessage, respond() or ack()."""
        if len(self.blocks) > MAX_MESSAGE_BLOCKS:
            raise ValueError(f"{len(self.blocks)} blocks exceed Slack's {MAX_MESSAGE_BLOCKS}")
        return {"text": truncate(self.text, MAX_FALLBACK_TEXT), "blocks": self.blocks}


def text_message(text: str) -> Message:
    """A message of one mrkdwn section, for short notes and refusals."""
    return Message(text, [section(text)])


def header(text: str) -> Block:
    """A header block (plain text, at most 150 characters)."""
    return {"type": "header", "text": plain(truncate(text, MAX_HEADER))}


def plain(text: str) -> dict[str, Any]:
    """A plain_text object."""
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object; callers escape user text before it gets here."""
    return {"type": "mrkdwn", "text": text}


def section(text: str, *, fields: list[str] | None = None, accessory: Block | None = None) -> Block:
    """A section with mrkdwn text and optional fields (two columns) and accessory."""
    block: Block = {"type": "section", "text": mrkdwn(truncate(text, MAX_SECTION_TEXT))}
    if fields:
        block["fields"] = [mrkdwn(truncate(f, MAX_FIELD_TEXT)) for f in fields[:MAX_FIELDS]]
    if accessory:
        block["accessory"] = accessory
    return block


def fields_section(fields: list[str]) -> Block:
    """A section made only of fields (at most 10, shown in two columns)."""
    return {
        "type": "section",
        "fields": [mrkdwn(truncate(f, MAX_FIELD_TEXT)) for f in fields[:MAX_FIELDS]],
    }


def context(*texts: str) -> Block:
    """A context block of small mrkdwn texts."""
    elements = [mrkdwn(truncate(t, MAX_SECTION_TEXT)) for t in texts[:MAX_CONTEXT_ELEMENTS]]
    return {"type": "context", "elements": elements}


def divider() -> Block:
    """A horizontal rule."""
    return {"type": "divider"}


def button(
    label: str,
    action_id: str,
    value: str = "",
    *,
    style: str | None = None,
    url: str | None = None,
    confirm: dict[str, Any] | None = None,
) -> Block:
    """A button element; the label and value are trimmed to Slack's limits."""
    element: Block = {
        "type": "button",
        "text": plain(truncate(label, MAX_BUTTON_LABEL)),
        "action_id": action_id,
    }
    if value:
        element["value"] = value[:MAX_BUTTON_VALUE]
    if style:
        element["style"] = style
    if url:
        element["url"] = url
    if confirm:
        element["confirm"] = confirm
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    """An actions block (at most 25 elements)."""
    block: Block = {"type": "actions", "elements": list(elements[:MAX_ACTIONS_ELEMENTS])}
    if block_id:
        block["block_id"] = block_id[:255]
    return block


def confirm_dialog(title: str, text: str, confirm: str, deny: str) -> dict[str, Any]:
    """The "are you sure?" a button asks before a destructive click."""
    return {
        "title": plain(title),
        "text": mrkdwn(text),
        "confirm": plain(confirm),
        "deny": plain(deny),
    }
