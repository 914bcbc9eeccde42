"""Block Kit answers about the maturity model: one level, one aspect, all levels."""

from __future__ import annotations

from bot.blocks.kit import Message, actions, button, context, divider, header, section
from bot.maturity.model import Aspect, Level, MaturityModel
from bot.maturity.names import NotALevel, Resolution
from bot.text import quote_user_text

SHARE_ACTION = "pmm_share_answer"
SHOW_LEVEL_ACTION = "pmm_show_level"


def credit_block(model: MaturityModel) -> dict:
    """The source link and licence credit shown under every model answer."""
    src = model.source
    return context(
        f"<{src.url}|{src.title} {src.version}> · © The CNCF Authors, "
        f"<{src.licence_url}|{src.licence}> · summarised in our own words"
    )


def _share_footer(kind: str, key: str, shareable: bool, shared_by: str | None) -> list[dict]:
    if shared_by:
        return [context(f"Shared by <@{shared_by}> with `/pmm {kind} {key}`")]
    if shareable:
        share = button("Share in channel", SHARE_ACTION, f"{kind}:{key}", style="primary")
        return [actions(share, block_id=f"share_{kind}")]
    return []


def render_level(
    model: MaturityModel,
    level: Level,
    *,
    note: str | None = None,
    shareable: bool = True,
    shared_by: str | None = None,
) -> Message:
    """A level explained across the five aspects, with a share button or a shared-by line."""
    blocks = [header(f"Level {level.number} · {level.name}"), section(level.summary)]
    if note:
        blocks.append(context(note))
    blocks.append(divider())
    for cell in model.cells_for_level(level.number):
        aspect = model.aspect(cell.aspect)
        blocks.append(section(f"*{aspect.name}* — _{cell.name}_\n{cell.description}"))
    blocks.append(credit_block(model))
    blocks += _share_footer("level", str(level.number), shareable, shared_by)
    cells = ", ".join(
        f"{model.aspect(c.aspect).name}: {c.name}" for c in model.cells_for_level(level.number)
    )
    return Message(f"Level {level.number} {level.name} — {cells}", blocks)


def render_aspect(
    model: MaturityModel,
    aspect: Aspect,
    *,
    note: str | None = None,
    shareable: bool = True,
    shared_by: str | None = None,
) -> Message:
    """One aspect walked through the four levels."""
    blocks = [header(f"Aspect · {aspect.name}"), section(f"_{aspect.question}_")]
    if note:
        blocks.append(context(note))
    blocks.append(divider())
    for cell in model.cells_for_aspect(aspect.key):
        level = model.level(cell.level)
        blocks.append(
            section(f"*{level.number} · {level.name}* — _{cell.name}_\n{cell.description}")
        )
    blocks.append(credit_block(model))
    blocks += _share_footer("aspect", aspect.key, shareable, shared_by)
    steps = " → ".join(c.name for c in model.cells_for_aspect(aspect.key))
    return Message(f"{aspect.name}: {steps}", blocks)


def render_levels(model: MaturityModel) -> Message:
    """The four levels side by side (a two-by-two grid), each with its five cell names."""
    fields = []
    for level in model.levels:
        cells = "\n".join(
            f"• {model.aspect(c.aspect).name}: _{c.name}_"
            for c in model.cells_for_level(level.number)
        )
        fields.append(f"*{level.number} · {level.name}*\n{cells}")
    buttons = [
        button(
            f"{level.number} · {level.name}",
            f"{SHOW_LEVEL_ACTION}_{level.number}",
            str(level.number),
        )
        for level in model.levels
    ]
    blocks = [
        header("The four maturity levels"),
        section(model.framing_points[0] if model.framing_points else " ", fields=fields),
        actions(*buttons, block_id="levels_more"),
        credit_block(model),
    ]
    names = ", ".join(f"{lv.number} {lv.name}" for lv in model.levels)
    return Message(f"The four maturity levels: {names}", blocks)


def render_unknown_level(
    model: MaturityModel, text: str, result: Resolution | NotALevel
) -> Message:
    """Why `text` is no level: the cells it names, or the closest names and the valid ones."""
    if isinstance(result, NotALevel):
        cells = "; ".join(f"*{name}* ({aspect}, Level {num})" for aspect, num, name in result.cells)
        body = (
            f"“{quote_user_text(result.word)}” is not a level of the model. It appears in the "
            f"cells {cells}. The levels are "
            + ", ".join(f"{lv.number} {lv.name}" for lv in model.levels)
            + "."
        )
        return Message(body, [section(body), credit_block(model)])
    return _unknown("level", text, result, "/pmm level 3")


def render_unknown_aspect(text: str, result: Resolution) -> Message:
    """The closest aspect names and the valid ones."""
    return _unknown("aspect", text, result, "/pmm aspect adoption")


def _unknown(kind: str, text: str, result: Resolution, example: str) -> Message:
    if not text.strip():
        lead = f"Which {kind}? Try `{example}`."
    else:
        lead = f"I don't know the {kind} “{quote_user_text(text)}”."
        if result.note:
            lead += f" {result.note}"
        if result.suggestions:
            lead += " Did you mean " + " or ".join(f"*{s}*" for s in result.suggestions) + "?"
    body = f"{lead}\nValid {kind}s: " + ", ".join(result.valid) + "."
    return Message(body, [section(body)])
