"""When a series is edited, its skips, moves and agenda items follow their day.

Overrides and agenda items are keyed on an occurrence's usual start. After an edit (another
hour, zone or cadence) the occurrence of the same day has a new usual start: each key is
moved to it. A series that has met keeps its earlier definition for the meetings before the
edit (bot/meetings/eras.py), so only the keys from the edit on move; one that has not met
yet moves them all. For a day the series no longer meets on, a skip or move is dropped and
the agenda's topics go to the edited series' next meeting after that day (for a meeting
that took place, one that took place too).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.meetings.config import MeetingConfig
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


def last_start(
    after: MeetingConfig, now: datetime, skipped: Collection[datetime] = ()
) -> datetime | None:
    """The edited series' latest usual start before `now` that is not skipped; None when it
    has not met yet."""
    end = now.astimezone(after.zone)
    while end > now - _HORIZON:
        for found in reversed(series_starts(after, end - _WINDOW, end)):
            if found < now and found not in skipped:
                return found
        end -= _WINDOW
    return None


class NewStarts:
    """The edited series' usual starts around the keys an edit moves, expanded once (years
    of past meetings are rekeyed inside one write)."""

    def __init__(self, after: MeetingConfig, keys: Collection[datetime], now: datetime) -> None:
        self.after = after
        self.begin = min(keys, default=now) - timedelta(days=2)
        self.end = max([*keys, now]) + _WINDOW
        self.starts = [s for s in series_starts(after, self.begin, self.end) if s >= self.begin]
        self.known = set(self.starts)
        self.by_day: dict[date, datetime] = {}
        for start in self.starts:
            self.by_day.setdefault(start.date(), start)
        self._outside: dict[str, datetime | None] = {}

    def same_day(self, before: MeetingConfig, start: datetime) -> datetime | None:
        """The edited series' usual start on the day `start` had in the series before (that
        day as its organisers saw it, in the old zone); None when it no longer meets that
        day. A start the edited series still has is its own (an edit that only names the
        same hours in another zone keeps every key)."""
        if start in self.known:
            return start
        return self.by_day.get(start.astimezone(before.zone).date())

    def topics_home(
        self, start: datetime, now: datetime, skipped: frozenset[datetime]
    ) -> datetime | None:
        """Where the topics of a meeting the edited series no longer has go: its next
        meeting after `start` (not a skipped one). For a meeting that had already started,
        that one only if it has too (topics already discussed do not come back on an
        upcoming agenda): else the latest meeting before `now`, which `/pmm agenda last`
        shows."""
        later = (s for s in self.starts[bisect_right(self.starts, start) :] if s not in skipped)
        found = next(later, None) or self._outside_span("after", skipped)
        if start >= now or (found is not None and found <= now):
            return found
        earlier = reversed(self.starts[: bisect_left(self.starts, now)])
        latest = next((s for s in earlier if s not in skipped), None)
        return latest or self._outside_span("before", skipped)

    def _outside_span(self, side: str, skipped: frozenset[datetime]) -> datetime | None:
        """The first start after, or the latest before, what was expanded (a series that
        meets rarely, or ended): looked for once."""
        if side not in self._outside:
            self._outside[side] = (
                next_start(self.after, self.end - timedelta(microseconds=1), skipped)
                if side == "after"
                else last_start(self.after, self.begin, skipped)
            )
        return self._outside[side]


def rekey_series(
    *,
    session: Session,
    before: MeetingConfig,
    after: MeetingConfig,
    now: datetime,
    since: datetime | None = None,
) -> tuple[int, int]:
    """Move every override and agenda item of `before` (from `since` on; all, past ones too,
    without it) to `after`'s starts: (how many skips or moves were dropped, how many topics
    of upcoming meetings went to the next meeting because their day has none)."""
    key = after.id
    stored = [
        override
        for override in meetings_repo.list_overrides(session=session, series_key=key)
        if since is None or override.original_start >= since
    ]
    occurrences = [
        occurrence
        for occurrence in agenda_repo.occurrences_with_items(session=session, series_key=key)
        if since is None or occurrence >= since
    ]
    starts = NewStarts(after, [o.original_start for o in stored] + occurrences, now)
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
        found = starts.topics_home(occurrence, now, skips)
        if found is not None:
            to_next[occurrence] = found
    moves = {old: to for old, to in same_day.items() if to is not None} | to_next
    live = agenda_repo.rekey_items(session=session, series_key=key, moves=moves)
    agenda_repo.rekey_closures(session=session, series_key=key, moves=same_day)
    moved_topics = sum(live.get(old, 0) for old in to_next if old >= now)
    return sum(to is None for to in overrides.values()), moved_topics
