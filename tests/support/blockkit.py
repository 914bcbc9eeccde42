"""Checks that a message or view stays within Block Kit's documented limits."""

from __future__ import annotations

import json
import re
from typing import Any

LIMITS = {"section": 3000, "field": 2000, "header": 150, "button": 75, "context": 10}
# A confirm dialog (a button's, a menu's): its title, its text, and its two buttons' labels.
CONFIRM_LIMITS = {"title": 100, "text": 300, "confirm": 30, "deny": 30}


def _text(obj: dict[str, Any] | None) -> str:
    return (obj or {}).get("text", "")


def assert_within_block_kit_limits(blocks: list[dict[str, Any]], max_blocks: int = 50) -> None:
    """Fail with the offending block if any documented limit is exceeded."""
    assert len(blocks) <= max_blocks, f"{len(blocks)} blocks > {max_blocks}"
    for block in blocks:
        kind = block["type"]
        if kind == "section":
            assert len(_text(block.get("text"))) <= LIMITS["section"], block
            assert len(block.get("fields", [])) <= 10, block
            assert all(len(_text(f)) <= LIMITS["field"] for f in block.get("fields", [])), block
        elif kind == "header":
            assert len(_text(block["text"])) <= LIMITS["header"], block
        elif kind == "context":
            assert len(block["elements"]) <= LIMITS["context"], block
        elif kind == "actions":
            assert len(block["elements"]) <= 25, block
            ids = [e["action_id"] for e in block["elements"]]
            assert len(ids) == len(set(ids)), f"duplicate action_id in {block}"
            for element in block["elements"]:
                assert len(_text(element.get("text"))) <= LIMITS["button"], element
                assert len(element.get("value", "")) <= 2000, element
        assert len(block.get("block_id", "")) <= 255, block
        for confirm in _confirms(block):
            for part, limit in CONFIRM_LIMITS.items():
                assert len(_text(confirm.get(part))) <= limit, (
                    f"confirm {part} > {limit}: {confirm}"
                )


def _confirms(node: Any) -> list[dict[str, Any]]:
    """Every confirm dialog in `node`, wherever an element carries one."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "confirm" and isinstance(value, dict) and "title" in value:
                found.append(value)
            found += _confirms(value)
    elif isinstance(node, list):
        for value in node:
            found += _confirms(value)
    return found


def all_text(blocks: list[dict[str, Any]]) -> str:
    """Every string in the blocks, joined: for 'does the answer mention X' assertions."""
    return json.dumps(blocks, ensure_ascii=False)


def mrkdwn_strings(message: Any) -> list[str]:
    """Every string Slack would parse as mrkdwn (where `<!here>` or `<@U…>` would be live):
    a message's top-level `text` and `initial_comment`, and the text of every mrkdwn
    object in its blocks or view. plain_text is shown as typed and is left out."""
    found: list[str] = []
    if isinstance(message, dict):
        for key in ("text", "initial_comment"):
            if isinstance(message.get(key), str):
                found.append(message[key])
        for key in ("blocks", "view", "attachments"):
            value = message.get(key)
            if isinstance(value, str):  # form-encoded Web API calls carry JSON strings
                try:
                    value = json.loads(value)
                except ValueError:
                    continue
            _walk(value, found)
    return found


def _walk(node: Any, found: list[str]) -> None:
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            found.append(node["text"])
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk(value, found)


# What a Slack user must never read: a setting's name, a traceback, a Python format string,
# a regular expression, pydantic's own words.
DEVELOPER_WORDS = re.compile(
    r"\b(PMM|SLACK|DATABASE)_[A-Z_]+|Traceback|File \"|%[HMSdmYbBaA]\b|\^\[|\{[a-z_]+!r\}"
    r"|String should|Input should|validation error|does not match format"
)


def assert_plain_words(text: str, typed: str = "") -> None:
    """Fail when `text` shows the user something only a developer would understand (what
    they `typed` themselves and see echoed back excepted)."""
    for found in DEVELOPER_WORDS.finditer(text):
        assert found.group(0) in typed, f"{found.group(0)!r} in {text[:300]!r}"
