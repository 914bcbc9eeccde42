"""Which meeting series a command is about: the one the person named (resolved like level
names: id, title, a prefix, a typo), or every one. Not a listener module: the meeting and
agenda commands use it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.meetings.catalog import MeetingCatalog
from bot.meetings.series_names import UnknownSeries, resolve_series
from bot.meetings.service import MeetingService
from bot.text import escape_mrkdwn, quote_title, truncate


@dataclass(frozen=True)
class Chosen:
    """The series a typed name means."""

    series: MeetingService
    note: str | None  # mrkdwn, escaped: how a guessed name was read ("I read “apca” as apac.")
    several: bool  # the community has more than one series, so answers name the meeting


def _choose(catalog: MeetingCatalog, name: str) -> Chosen:
    every = catalog.all()
    series, note = resolve_series(every, name)
    several = len(every) > 1
    return Chosen(series, escape_mrkdwn(truncate(note, 300)) if note else None, several)


async def choose(catalog: MeetingCatalog, name: str) -> Chosen | str:
    """The series `name` means, or (a str) the plain sentence saying there is none, with the
    closest names and the list of meetings, escaped for mrkdwn."""
    try:
        return await asyncio.to_thread(_choose, catalog, name)
    except UnknownSeries as error:
        return escape_mrkdwn(truncate(str(error), 1500))


def title_of(series: MeetingService) -> str:
    """The series' title to show between `*...*` (escaped, marks neutralised)."""
    return quote_title(series.title)
