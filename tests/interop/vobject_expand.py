"""Expand an iCalendar feed with vobject (whose VTIMEZONE reader is dateutil's tzical).

Run in its own process: vobject keeps the first VTIMEZONE it sees for each TZID in a
process-wide registry, so two feeds read in one process would share a zone.

Usage: python vobject_expand.py START END < feed.ics  (START/END: ISO 8601 UTC instants)
Prints a JSON list of the UTC start instants of every occurrence in [START, END).
"""

import json
import sys
from datetime import UTC, datetime, timedelta

import vobject


def main() -> None:
    start, end = (datetime.fromisoformat(s) for s in sys.argv[1:3])
    events = vobject.readOne(sys.stdin.read()).vevent_list
    found = []
    # A feed of several series holds one master (and its moved occurrences) per UID.
    for uid in {e.uid.value for e in events}:
        found += _expand([e for e in events if e.uid.value == uid], start, end)
    print(json.dumps(sorted(found)))


def _expand(events, start: datetime, end: datetime) -> list[str]:
    master = next(e for e in events if not hasattr(e, "recurrence_id"))
    moved = {
        e.recurrence_id.value.astimezone(UTC): e.dtstart.value.astimezone(UTC)
        for e in events
        if hasattr(e, "recurrence_id")
    }
    found = []
    for occurrence in master.getrruleset(addRDate=True):
        at = occurrence.astimezone(UTC)
        if at >= end + timedelta(days=400):  # far past every move too
            break
        at = moved.get(at, at)
        if start <= at < end:
            found.append(at.strftime("%Y-%m-%dT%H:%M:%S.000Z"))
    return found


if __name__ == "__main__":
    main()
