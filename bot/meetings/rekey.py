"""When a series is edited, its upcoming skips, moves and agenda items follow their day.

Overrides and agenda items are keyed on an occurrence's usual start. After an edit (another
hour, zone or cadence) the occurrence of the same day has a new usual start: each key from
the edit on is moved to it. The meetings before the edit keep their keys: a series that has
met keeps its earlier definition for them (bot/meetings/eras.py). For a day the series no
longer meets on, a skip or move is dropped and the agenda's topics go to the edited series'
next meeting after that day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.meetings.config import MeetingConfig
from bot.meetings.eras import Era
from bot.meetings.series import series_starts
from storage import agenda_repo, meetings_repo

# How far the edited series' next meeting is looked for, past what the edit's keys span.
_WINDOW, _HORIZON = timedelta(days=120), timedelta(days=3650)


def next_start(
    after: MeetingConfig, start: datetime, skipped: Collection[datetime] = ()
) -> datetime | None:
    """The edited series' first usual start after `start` that is not skipped; None when it
    has none (it ended)."""
    begin = start.astimezone(after.zone)
    while begin < start + _HORIZON:
        for found in series_starts(after, begin, begin + _WINDOW):
            if found > start and found not in skipped:
                return found
        begin += _WINDOW
    return None


class NewStarts:
    """The edited series' usual starts from the edit on, over the keys an edit moves,
    expanded once (a year of agenda items is rekeyed inside one write). Starts before the
    edit are not the edited series' (its earlier definition holds them)."""

    def __init__(
        self,
        after: MeetingConfig,
        keys: Collection[datetime],
        now: datetime,
        history: tuple[Era, ...] = (),
    ) -> None:
        self.after = after
        self.begin = min(keys, default=now) - timedelta(days=2)
        self.end = max([*keys, now]) + _WINDOW
        found = series_starts(after, self.begin, self.end, history)
        self.starts = [s for s in found if s >= now]
        self.known = set(self.starts)
        self.by_day: dict[date, datetime] = {}
        for start in self.starts:
            self.by_day.setdefault(start.date(), start)
        self._after: datetime | None = None
        self._looked_after = False

    def same_day(self, before: MeetingConfig, start: datetime) -> datetime | None:
        """The edited series' usual start on the day `start` had in the series before (that
        day as its organisers saw it, in the old zone); None when it no longer meets that
        day. A start the edited series still has is its own (an edit that only names the
        same hours in another zone keeps every key)."""
        if start in self.known:
            return start
        return self.by_day.get(start.astimezone(before.zone).date())

    def topics_home(self, start: datetime, skipped: frozenset[datetime]) -> datetime | None:
        """Where the topics of a meeting the edited series no longer has go: its next
        meeting after `start` that is not skipped (None when it has none: it ended)."""
        later = (s for s in self.starts[bisect_right(self.starts, start) :] if s not in skipped)
        found = next(later, None)
        if found is None and not self._looked_after:
            # A series that meets rarely, or ended: looked for past the span, once.
            self._after = next_start(self.after, self.end - timedelta(microseconds=1), skipped)
            self._looked_after = True
        return found or self._after


def rekey_series(
    *,
    session: Session,
    before: MeetingConfig,
    after: MeetingConfig,
    now: datetime,
    history: tuple[Era, ...] = (),
) -> tuple[int, int]:
    """Move every override and agenda item of `before` from `now` on to the starts `after`
    has from `now` on (`history`: its earlier definitions, the edited one last): (how many
    skips or moves were dropped, how many topics went to the next meeting because their day
    has none)."""
    key = after.id
    stored = [
        override
        for override in meetings_repo.list_overrides(session=session, series_key=key)
        if override.original_start >= now
    ]
    occurrences = [
        occurrence
        for occurrence in agenda_repo.occurrences_with_items(session=session, series_key=key)
        if occurrence >= now
    ]
    starts = NewStarts(after, [o.original_start for o in stored] + occurrences, now, history)
    overrides: dict[datetime, datetime | None] = {}
    skipped: set[datetime] = set()
    for override in stored:
        to = starts.same_day(before, override.original_start)
        if to != override.original_start:
            overrides[override.original_start] = to
        if to is not None and override.cancelled:
            skipped.add(to)
    meetings_repo.rekey_overrides(session=session, series_key=key, moves=overrides)

    same_day: dict[datetime, datetime | None] = {}
    to_next: dict[datetime, datetime] = {}
    skips = frozenset(skipped)
    for occurrence in occurrences:
        to = starts.same_day(before, occurrence)
        if to is not None:
            if to != occurrence:
                same_day[occurrence] = to
            continue
        # That meeting is gone: its closing goes with it, its topics to the next meeting.
        same_day[occurrence] = None
        found = starts.topics_home(occurrence, skips)
        if found is not None:
            to_next[occurrence] = found
    moves = {old: to for old, to in same_day.items() if to is not None} | to_next
    live = agenda_repo.rekey_items(session=session, series_key=key, moves=moves)
    agenda_repo.rekey_closures(session=session, series_key=key, moves=same_day)
    return sum(to is None for to in overrides.values()), sum(live.get(old, 0) for old in to_next)
