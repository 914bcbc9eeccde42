"""The "Start a poll" modal (from `/pmm poll` with nothing after it, or the global shortcut)."""

from __future__ import annotations

from typing import Any

from bot.blocks.kit import plain
from bot.blocks.modals import modal
from bot.polls.form import KINDS, QUICK_DEADLINES
from bot.polls.options import DEFAULT_QUESTION, MAX_TITLE

POLL_FORM_VIEW = "pmm_poll_form"
START_POLL_SHORTCUT = "pmm_start_poll"
VALUE = "value"  # every input's action_id: the block_id says which field it is


def _input(block_id: str, label: str, element: dict[str, Any], **extra: Any) -> dict[str, Any]:
    element = {**element, "action_id": VALUE}
    block = {"type": "input", "block_id": block_id, "label": plain(label), "element": element}
    return block | extra


def _option(value: str, text: str, description: str | None = None) -> dict[str, Any]:
    option: dict[str, Any] = {"text": plain(text), "value": value}
    if description:
        option["description"] = plain(description)
    return option


def poll_form_view(channel_id: str | None) -> dict[str, Any]:
    """The empty form; the channel picker starts on `channel_id` when there is one."""
    kinds = [_option(value, label) for value, label in KINDS]
    deadlines = [_option(value, label) for value, label, _ in QUICK_DEADLINES]
    channel: dict[str, Any] = {
        "type": "conversations_select",
        "placeholder": plain("Pick a channel"),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if channel_id:
        channel["initial_conversation"] = channel_id
    blocks = [
        _input(
            "question",
            "Question",
            {"type": "plain_text_input", "max_length": MAX_TITLE,
             "placeholder": plain(DEFAULT_QUESTION)},
            optional=True,
        ),
        _input("kind", "Answers", {"type": "radio_buttons", "options": kinds,
                                   "initial_option": kinds[0]}),
        _input(
            "choices",
            "Your own choices",
            {"type": "plain_text_input", "multiline": True,
             "placeholder": plain("Platform APIs\nGolden paths\nDeveloper portals")},
            optional=True,
            hint=plain("One per line, 2 to 10; only with “Your own choices”."),
        ),
        _input(
            "multiple",
            "Several answers",
            {"type": "checkboxes", "options": [
                _option("yes", "People may pick more than one", "Only with your own choices")]},
            optional=True,
        ),
        _input("deadline", "Closes", {"type": "static_select", "options": deadlines,
                                      "initial_option": deadlines[0]}),
        _input(
            "closes_at",
            "…or at a date and time",
            {"type": "datetimepicker"},
            optional=True,
            hint=plain("In your own time zone. Leave “Closes” on “No deadline” to use it."),
        ),
        _input(
            "visibility",
            "Who sees what",
            {"type": "checkboxes", "options": [
                _option("public", "Public", "Everyone sees who chose what (anonymous if not)"),
                _option("hidden", "Hidden until it closes", "Only the number of voters shows"),
            ]},
            optional=True,
        ),
        _input("channel", "Post it in", channel),
    ]  # fmt: skip
    return modal(POLL_FORM_VIEW, "Start a poll", blocks, submit="Post poll", close="Cancel")
