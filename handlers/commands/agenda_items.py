"""What `/pmm agenda add` and `remove N` do to one agenda, for the commands over one series
(handlers/commands/agenda.py) and over all of them (agenda_across.py). Not a listener."""

from __future__ import annotations

import asyncio
import re

from bot.blocks.dates import slack_date
from bot.meetings.agenda import AgendaClosed, Entry
from bot.meetings.series import Occurrence
from bot.meetings.service import MeetingService
from bot.text import whole_number
from handlers.support.context import CommandContext

USAGE = (
    "`/pmm agenda [series]`, `/pmm agenda [series] add <topic> [link]`, "
    "`/pmm agenda [series] last`, `/pmm agenda [series] remove N`; organisers: "
    "`/pmm agenda [series] move N M`, `/pmm agenda [series] close`, `reopen`"
)
# What organisers do to an agenda (with several series, they name the series).
ORGANISER_WORDS = frozenset({"move", "close", "reopen"})
KEYWORDS = frozenset({"add", "last", "remove"}) | ORGANISER_WORDS
_WHAT = {"move": "reorder an agenda", "close": "close an agenda", "reopen": "open an agenda"}
_LINK = re.compile(r"\s+<?(https?://[^\s<>|]+)>?$")  # Slack wraps a pasted link in <...>


def split_link(text: str) -> tuple[str, str | None]:
    """`Topic https://x` -> ("Topic", "https://x"); without a trailing link, (text, None)."""
    found = _LINK.search(" " + text.strip())
    if found is None:
        return text.strip(), None
    return (" " + text.strip())[: found.start()].strip(), found.group(1)


async def add_topic(
    ctx: CommandContext, series: MeetingService, occurrence: Occurrence, text: str, sync: str
) -> str:
    """Add the topic (and link) in `text` to that occurrence's agenda; what to answer
    (`sync` names the meeting in it)."""
    topic, link = split_link(text)
    if not topic:
        return f"What is the topic? Usage: {USAGE}"
    try:
        entry = await asyncio.to_thread(
            series.agenda.add, occurrence.original_start, topic, link, by=ctx.user_id,
            now=ctx.services.clock.now(),
        )  # fmt: skip
    except AgendaClosed as closed:
        return str(closed)
    when = slack_date(occurrence.start, zone=series.config.timezone)
    return f"Added as item {entry.number} for the {sync} on {when}."


def number_of(text: str) -> int | None:
    """The item number of `remove N`, or None."""
    return whole_number(text.strip())


async def remove_item(
    ctx: CommandContext, series: MeetingService, items: list[Entry], number_text: str
) -> str:
    """Take item N off `items` (one agenda) if the person proposed it or organises."""
    number = number_of(number_text)
    if number is None:
        return f"Which item? For example `/pmm agenda remove 2`. Usage: {USAGE}"
    entry = next((e for e in items if e.number == number), None)
    if entry is None:
        return f"There is no item {number} on the agenda."
    organizers = ctx.services.organizers
    if entry.proposed_by != ctx.user_id and not await organizers.is_organizer(ctx.user_id):
        return organizers.refusal("remove someone else's topic")
    await asyncio.to_thread(series.agenda.remove, entry)
    return f"Removed item {number}."


async def organise(
    ctx: CommandContext, series: MeetingService, occurrence: Occurrence, word: str, rest: str
) -> str | None:
    """`move N M`, `close` or `reopen` one agenda (organisers only): the line to answer
    with before the agenda, or a refusal; None when there is nothing to show after it."""
    organizers = ctx.services.organizers
    if not await organizers.is_organizer(ctx.user_id):
        return organizers.refusal(_WHAT[word])
    agenda, start = series.agenda, occurrence.original_start
    if word == "close":
        await asyncio.to_thread(agenda.close, start, by=ctx.user_id, now=ctx.services.clock.now())
        return "Closed: nothing more can be added. `reopen` opens it again."
    if word == "reopen":
        await asyncio.to_thread(agenda.reopen, start)
        return "Open again: anyone can add a topic."
    numbers = [number_of(w) for w in rest.split()]
    if len(numbers) != 2 or None in numbers:
        return "Which item, and to which number? For example `/pmm agenda move 3 1`."
    number, to = numbers
    items = await asyncio.to_thread(agenda.items, start)
    entry = next((e for e in items if e.number == number), None)
    if entry is None:
        return f"There is no item {number} on the agenda."
    await asyncio.to_thread(agenda.move, entry, to)
    return f"Moved item {number} to number {max(1, min(to, len(items)))}."
