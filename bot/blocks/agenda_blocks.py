"""Block Kit for a meeting occurrence's agenda: the list, the Add a topic button, the form."""

from __future__ import annotations

from typing import Any

from bot.blocks.kit import Message, actions, button, context, plain, section
from bot.blocks.modals import modal
from bot.meetings.agenda import MAX_TOPIC, Entry, safe_link
from bot.text import escape_mrkdwn, truncate

ADD_ACTION = "pmm_agenda_add"
FORM_VIEW = "pmm_agenda_form"
VALUE = "value"


def agenda_lines(entries: list[Entry], limit: int = 25) -> str:
    """`1. Topic — <@U…>`, with the link when there is one; user text escaped."""
    lines = []
    for entry in entries[:limit]:
        topic = escape_mrkdwn(truncate(entry.topic, 200))
        if safe_link(entry.link):  # checked again: what is stored may predate the check
            topic = f"<{entry.link}|{topic}>"
        lines.append(f"{entry.number}. {topic} — <@{entry.proposed_by}>")
    if len(entries) > limit:
        lines.append(f"…and {len(entries) - limit} more: `/pmm agenda`")
    return "\n".join(lines)


def add_button(occurrence_epoch: int) -> dict[str, Any]:
    """Opens the form to add a topic to that occurrence."""
    return button("Add a topic", ADD_ACTION, str(occurrence_epoch))


def render_agenda(
    title: str, when: str, entries: list[Entry], occurrence_epoch: int | None
) -> Message:
    """`/pmm agenda`: the items of one occurrence (and the button while it is to come)."""
    head = f"*Agenda: {escape_mrkdwn(title)}*, {when}"
    body = agenda_lines(entries) if entries else "Nothing yet."
    blocks = [section(f"{head}\n{body}")]
    if occurrence_epoch is not None:
        blocks.append(actions(add_button(occurrence_epoch), block_id="agenda_actions"))
        blocks.append(context("Anyone can add a topic: `/pmm agenda add <topic>` works too."))
    return Message(f"Agenda: {title}", blocks)


def agenda_form_view(occurrence_epoch: int, when: str) -> dict[str, Any]:
    """Topic and an optional link, for the occurrence at `occurrence_epoch`."""
    blocks = [
        section(f"A topic for the sync on {when}."),
        {"type": "input", "block_id": "topic", "label": plain("Topic"),
         "element": {"type": "plain_text_input", "action_id": VALUE, "max_length": MAX_TOPIC}},
        {"type": "input", "block_id": "link", "label": plain("Link"), "optional": True,
         "element": {"type": "url_text_input", "action_id": VALUE}},
    ]  # fmt: skip
    meta = {"occurrence": occurrence_epoch}
    view = modal(FORM_VIEW, "Add a topic", blocks, submit="Add", close="Cancel", metadata=meta)
    return view
