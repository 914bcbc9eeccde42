"""Which series a person means: `apac`, `APAC`, `apca` (a typo), `community` (a word only one
title has), or the whole title; otherwise a plain answer listing the meetings there are."""

from __future__ import annotations

from bot.maturity.names import normalise, resolve_among
from bot.meetings.service import MeetingService

# A title word shorter than this (`of`, `the`) never names a series by itself.
MIN_WORD = 3


class UnknownSeries(LookupError):
    """No series has that name; the message lists the ones there are."""


def resolve_series(every: list[MeetingService], name: str) -> tuple[MeetingService, str | None]:
    """The series `name` means among `every`, and a note when it was a guess (a typo or a
    prefix); UnknownSeries, with suggestions, otherwise."""
    names: dict[str, MeetingService] = {}
    for series in every:
        names.setdefault(normalise(series.key), series)
        names.setdefault(normalise(series.title), series)
    words: dict[str, list[MeetingService]] = {}
    for series in every:
        for word in series.title.split():
            words.setdefault(normalise(word), []).append(series)
    for word, owners in words.items():
        if len(owners) == 1 and len(word) >= MIN_WORD:
            names.setdefault(word, owners[0])
    valid = [f"{s.key} ({s.title})" for s in every]
    found = resolve_among(name, names, valid, lambda s: s.key)
    if found.found is not None:
        return found.found, found.note
    hint = f" Did you mean {' or '.join(f'`{s}`' for s in found.suggestions)}?"
    known = ", ".join(f"`{s.key}` ({s.title})" for s in every) or "none yet"
    raise UnknownSeries(
        f"There is no meeting called “{name.strip()}”."
        + (hint if found.suggestions else "")
        + f" The meetings are: {known}."
    )
