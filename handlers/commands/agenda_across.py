"""`/pmm agenda` when the community has several meeting series and none was named: the
listing shows each one's next agenda; `add` goes to the meeting that comes first (the answer
names it, and how to pick another); `remove N` to the one agenda that has an item N (else
it asks which); `last` is the latest meeting of any series. Not a listener module."""

from __future__ import annotations

import asyncio

from bot.blocks.agenda_blocks import render_agenda, render_agendas
from bot.blocks.dates import slack_date
from bot.blocks.kit import text_message
from bot.meetings.agenda import Entry
from bot.meetings.series import Occurrence
from bot.meetings.service import MeetingService
from bot.text import spoken_list
from handlers.commands import agenda_items as single
from handlers.commands.series_choice import title_of
from handlers.support.context import CommandContext

Next = tuple[MeetingService, Occurrence, list[Entry]]


def next_agendas(every: list[MeetingService]) -> tuple[list[Next], frozenset[str]]:
    """Each running series' next meeting with its agenda, soonest first, and the series
    whose next agenda an organiser closed."""
    found, closed = [], set()
    for series in every:
        occurrence = None if series.paused else series.next_meeting()
        if occurrence is not None:
            items, is_closed = series.agenda.page(occurrence.original_start)
            found.append((series, occurrence, items))
            if is_closed:
                closed.add(series.key)
    return sorted(found, key=lambda n: n[1].start_utc), frozenset(closed)


def last_meeting(every: list[MeetingService]) -> tuple[MeetingService, Occurrence] | None:
    """The latest meeting of any series that has taken place."""
    past = [(s, o) for s in every if (o := s.last_meeting()) is not None]
    return max(past, key=lambda p: p[1].start_utc, default=None)


async def answer(ctx: CommandContext, every: list[MeetingService], word: str, rest: str) -> None:
    """Answer `/pmm agenda [add|last|remove]` over every series."""
    if word == "last":
        found = await asyncio.to_thread(last_meeting, every)
        if found is None:
            await ctx.reply(text_message("No meeting has taken place yet."))
            return
        series, occurrence = found
        items = await asyncio.to_thread(series.agenda.items, occurrence.original_start)
        when = slack_date(occurrence.start, zone=series.config.timezone)
        await ctx.reply(render_agenda(series.title, when, items, None, series.key, named=True))
        return
    if word and word not in single.KEYWORDS:
        await ctx.reply(text_message(f"Usage: {single.USAGE}"))
        return
    agendas, closed = await asyncio.to_thread(next_agendas, every)
    if word == "add":
        await ctx.reply(text_message(await _add(ctx, agendas, every, rest)))
    elif word == "remove":
        await ctx.reply(text_message(await _remove(ctx, agendas, rest)))
    else:
        listed = [
            (s.title, s.key, slack_date(o.start, zone=s.config.timezone), items,
             int(o.original_start.timestamp()))
            for s, o, items in agendas
        ]  # fmt: skip
        await ctx.reply(render_agendas(listed, closed))


async def _add(
    ctx: CommandContext, agendas: list[Next], every: list[MeetingService], text: str
) -> str:
    if not agendas:
        return "No meeting is scheduled, so there is no agenda."
    series, occurrence, _ = agendas[0]
    said = await single.add_topic(ctx, series, occurrence, text, f"*{title_of(series)}*")
    if not said.startswith("Added"):
        return said
    other = next(s.key for s in every if s.key != series.key)
    return f"{said} For another meeting, name it: `/pmm agenda {other} add <topic>`."


async def _remove(ctx: CommandContext, agendas: list[Next], number_text: str) -> str:
    number = single.number_of(number_text)
    if number is None:
        example = agendas[0][0].key if agendas else "<name>"
        return f"Which item? For example `/pmm agenda {example} remove 2`."
    having = [(s, items) for s, _, items in agendas if any(e.number == number for e in items)]
    if not having:
        return f"No agenda of the next meetings has an item {number}."
    if len(having) > 1:
        named = spoken_list([f"the *{title_of(s)}* (`{s.key}`)" for s, _ in having])
        return (
            f"The agendas of {named} each have an item {number}: say which, e.g. "
            f"`/pmm agenda {having[0][0].key} remove {number}`."
        )
    series, items = having[0]
    return await single.remove_item(ctx, series, items, number_text)
