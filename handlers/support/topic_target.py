"""Where a topic for one meeting may go. The Add a topic button (opening the form) and the
form (on submission) ask the same: does the series still exist, does it still have that
meeting, is that meeting's agenda open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.meetings.agenda import CLOSED
from bot.meetings.catalog import MeetingCatalog
from bot.meetings.service import MeetingService

GONE = "That meeting is no longer in the calendar, so its agenda takes no new topics."
# A button or form made before an organiser changed the series' day or hour.
CHANGED = (
    "That meeting is no longer in the calendar: its series was changed. "
    "Use `/pmm agenda` for the next one."
)


@dataclass(frozen=True)
class TopicTarget:
    """The series (None when deleted), why no topic can be added (None: it can), and
    whether there are several series (to say which `/pmm agenda` lists the topic)."""

    series: MeetingService | None
    refusal: str | None
    several: bool


def topic_target(meetings: MeetingCatalog, key: str, occurrence: datetime) -> TopicTarget:
    """Check series `key`'s meeting due at `occurrence` (reads the database: run it in a
    thread)."""
    every = meetings.all()
    series = next((s for s in every if s.key == key), None)
    if series is None:  # deleted since the button was posted
        refusal = GONE
    elif not series.is_occurrence(occurrence):  # its day or hour changed since
        refusal = CHANGED
    elif series.agenda.is_closed(occurrence):
        refusal = CLOSED
    else:
        refusal = None
    return TopicTarget(series, refusal, len(every) > 1)
