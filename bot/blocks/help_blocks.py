"""The `/pmm help` answer, built from the subcommands that handler modules registered."""

from __future__ import annotations

from bot.blocks.kit import Message, context, header, section
from bot.commands import CommandRouter
from bot.text import quote_user_text


def render_help(
    router: CommandRouter,
    *,
    unknown: str | None = None,
    suggestion: str | None = None,
    series: tuple[str, ...] = (),
) -> Message:
    """Usage of every subcommand; for an unknown word, say so and offer the closest one.
    With several meeting `series` (their ids), how to name one."""
    lines = [line for entry in router.subcommands for line in entry.help_lines()]
    subs = router.subcommands
    organiser = [line for e in subs if e.organizers_only for line in e.help_lines()]
    everyone = [line for e in subs if not e.organizers_only for line in e.help_lines()]
    blocks = []
    lead = None
    if unknown is not None:
        lead = f"I don't know `/pmm {quote_user_text(unknown, 40)}`."
        if suggestion:
            lead += f" Did you mean `/pmm {suggestion}`?"
        blocks.append(section(lead))
    blocks += [header("pmm-bot commands"), section("\n".join(everyone))]
    if organiser:
        blocks.append(section("*For organisers*\n" + "\n".join(organiser)))
    blocks.append(
        context("Names are forgiving: `/pmm level ad-hoc`, `/pmm level L3`, `/pmm aspect ops`.")
    )
    if len(series) > 1:
        names = ", ".join(f"`{key}`" for key in series[:10]) + (", …" if len(series) > 10 else "")
        blocks.append(
            context(
                f"There are several meetings ({names}): `[series]` is one's short name or "
                f"title, e.g. `/pmm next {series[0]}`; without it you get all of them."
            )
        )
    text = (lead + " " if lead else "") + "pmm-bot commands: " + "; ".join(lines)
    return Message(text, blocks)
