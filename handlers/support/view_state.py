"""Reading a submitted modal's `state.values` (block_id -> action_id -> element state)."""

from __future__ import annotations

from typing import Any


def element_state(view: dict[str, Any], block_id: str, action_id: str) -> dict[str, Any]:
    """The state of one input's element; {} when Slack sent none for it (left empty)."""
    values = (view.get("state") or {}).get("values") or {}
    return (values.get(block_id) or {}).get(action_id) or {}


def selected_value(view: dict[str, Any], block_id: str, action_id: str) -> str:
    """The value of the option picked in a radio group or select; "" when none."""
    picked = element_state(view, block_id, action_id).get("selected_option") or {}
    return picked.get("value") or ""
