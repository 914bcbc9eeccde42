"""The `/pmm help` answer, built from the subcommands that handler modules registered."""

from __future__ import annotations

from bot.blocks.kit import Message, context, header, section
from bot.commands import CommandRouter
from bot.text import quote_user_text


def render_help(
    router: CommandRouter, *, unknown: str | None = None, suggestion: str | None = None
) -> Message:
    """Usage of every subcommand; for an unknown word, say so and offer the closest one."""
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
    text = (lead + " " if lead else "") + "pmm-bot commands: " + "; ".join(lines)
    return Message(text, blocks)
