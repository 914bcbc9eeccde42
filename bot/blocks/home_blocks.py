"""The App Home tab view."""

from __future__ import annotations

from typing import Any

from bot.blocks.kit import MAX_VIEW_BLOCKS, button, divider, header, section
from bot.blocks.model_blocks import SHOW_LEVEL_ACTION, credit_block
from bot.maturity.model import MaturityModel


def render_home(
    model: MaturityModel, *, extra_sections: list[dict] | None = None
) -> dict[str, Any]:
    """The home view: how to use the bot, the four levels with a 'learn more' each."""
    blocks = [
        header("Platform Engineering Maturity Model"),
        section(
            "Ask about the model right where you talk: `/pmm level scalable`, "
            "`/pmm aspect adoption`, `/pmm levels`. `/pmm help` lists every command."
        ),
        divider(),
    ]
    for level in model.levels:
        blocks.append(
            section(
                f"*{level.number} · {level.name}*\n{level.summary}",
                accessory=button(
                    "Learn more", f"{SHOW_LEVEL_ACTION}_{level.number}", str(level.number)
                ),
            )
        )
    blocks.append(credit_block(model))
    if extra_sections:
        room = MAX_VIEW_BLOCKS - len(blocks) - 1
        blocks += [divider(), *extra_sections[: max(0, room)]]
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}
