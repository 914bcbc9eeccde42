"""Block Kit for a meeting occurrence's agenda: the list, the Add a topic button, the form."""

from __future__ import annotations

import re
from typing import Any

from bot.blocks.kit import Message, actions, button, context, plain, section
from bot.blocks.modals import modal
from bot.meetings.agenda import MAX_TOPIC, Entry, safe_link
from bot.meetings.config import DEFAULT_ID, SERIES_ID
from bot.text import escape_mrkdwn, quote_title, truncate, whole_number

ADD_ACTION = "pmm_agenda_add"
CLOSED = "The agenda is closed."  # where an Add a topic button would be
FORM_VIEW = "pmm_agenda_form"
VALUE = "value"


def agenda_lines(entries: list[Entry], limit: int = 25, more: str = "`/pmm agenda`") -> str:
    """`1. Topic — <@U…>`, with the link when there is one; user text escaped. Past `limit`
    items, a line says how many more and where to see them (`more`)."""
    lines = []
    for entry in entries[:limit]:
        topic = escape_mrkdwn(truncate(entry.topic, 200))
        if safe_link(entry.link):  # checked again: what is stored may predate the check
            topic = f"<{entry.link}|{topic}>"
        lines.append(f"{entry.number}. {topic} — <@{entry.proposed_by}>")
    if len(entries) > limit:
        lines.append(f"…and {len(entries) - limit} more: {more}")
    return "\n".join(lines)


def add_button(occurrence_epoch: int, series_key: str) -> dict[str, Any]:
    """Opens the form to add a topic to that occurrence of series `series_key`."""
    return button("Add a topic", ADD_ACTION, f"{series_key}:{occurrence_epoch}")


def read_add_value(value: str) -> tuple[str, int] | None:
    """(series id, occurrence epoch) of an Add a topic button; None if it is not one. A value
    of digits only comes from before there were several series: the default series'."""
    key, colon, digits = value.rpartition(":")
    epoch = whole_number(digits)
    if epoch is None:
        return None
    if not colon:
        return DEFAULT_ID, epoch
    return (key, epoch) if re.fullmatch(SERIES_ID, key) else None


def render_agenda(
    title: str,
    when: str,
    entries: list[Entry],
    occurrence_epoch: int | None,
    series_key: str = DEFAULT_ID,
    *,
    named: bool = False,
    closed: bool = False,
    lead: str | None = None,
) -> Message:
    """`/pmm agenda`: the items of one occurrence (and the button while it is to come and
    open). `named`: the community has several series, so commands name this one; `closed`:
    an organiser closed it; `lead`: a line before it (what a change did)."""
    head = f"*Agenda: {quote_title(title)}*, {when}"
    command = f"/pmm agenda {series_key}" if named else "/pmm agenda"
    body = agenda_lines(entries, more=f"`{command}`") if entries else "Nothing yet."
    blocks = [section(lead)] if lead else []
    blocks.append(section(f"{head}\n{body}"))
    if closed:
        blocks.append(context("Closed by an organiser: nothing more can be added."))
    elif occurrence_epoch is not None:
        button = add_button(occurrence_epoch, series_key)
        blocks.append(actions(button, block_id="agenda_actions"))
        blocks.append(context(f"Anyone can add a topic: `{command} add <topic>` works too."))
    return Message(f"Agenda: {escape_mrkdwn(title)}", blocks)


# A meeting's agenda in the listing of every series: its items, and the button to add one.
AgendaOf = tuple[str, str, str, list[Entry], int]  # title, series id, when, items, epoch
MAX_LISTED = 15  # 2 blocks each, within a message's 50


def render_agendas(agendas: list[AgendaOf], closed: frozenset[str] = frozenset()) -> Message:
    """`/pmm agenda` with several series: the next meeting of each, in time order (the
    series ids in `closed`: their agenda is closed, so no Add a topic button)."""
    blocks = []
    for title, key, when, entries, epoch in agendas[:MAX_LISTED]:
        more = f"`/pmm agenda {key}`"
        body = agenda_lines(entries, limit=10, more=more) if entries else "Nothing yet."
        blocks.append(section(f"*{quote_title(title)}* (`{key}`), {when}\n{body}"))
        if key in closed:
            blocks.append(context(CLOSED))
        else:
            blocks.append(actions(add_button(epoch, key), block_id=f"agenda_actions_{key}"))
    if len(agendas) > MAX_LISTED:
        blocks.append(section(f"…and {len(agendas) - MAX_LISTED} more: `/pmm agenda <name>`."))
    if not agendas:
        blocks.append(section("No meeting is scheduled, so there is no agenda."))
    example = agendas[0][1] if agendas else "<name>"
    blocks.append(
        context(
            f"One meeting's agenda: `/pmm agenda {example}`; add to it with "
            f"`/pmm agenda {example} add <topic>`."
        )
    )
    return Message("The agendas of the next meetings", blocks)


def agenda_form_view(
    occurrence_epoch: int, when: str, series_key: str, title: str
) -> dict[str, Any]:
    """Topic and an optional link, for the occurrence at `occurrence_epoch` of the series."""
    blocks = [
        section(f"A topic for the *{quote_title(title)}* on {when}."),
        {"type": "input", "block_id": "topic", "label": plain("Topic"),
         "element": {"type": "plain_text_input", "action_id": VALUE, "max_length": MAX_TOPIC}},
        {"type": "input", "block_id": "link", "label": plain("Link"), "optional": True,
         "element": {"type": "url_text_input", "action_id": VALUE}},
    ]  # fmt: skip
    meta = {"occurrence": occurrence_epoch, "series": series_key}
    view = modal(FORM_VIEW, "Add a topic", blocks, submit="Add", close="Cancel", metadata=meta)
    return view
