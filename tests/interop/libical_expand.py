"""Expand an iCalendar feed the way Evolution does: libical (through its GObject bindings),
with the feed's own VTIMEZONE. Run with the system Python that has python3-gi and
gir1.2-ical-3.0 (Debian packages), not the project's virtual environment.

Usage: python3 libical_expand.py START END < feed.ics  (START/END: ISO 8601 UTC instants)
Prints a JSON list of the UTC start instants of every occurrence in [START, END).
"""

import json
import sys
from datetime import UTC, datetime

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as ical  # noqa: E402


def main() -> None:
    start, end = (datetime.fromisoformat(s).timestamp() for s in sys.argv[1:3])
    calendar = ical.Component.new_from_string(sys.stdin.read())
    vtimezone = calendar.get_first_component(ical.ComponentKind.VTIMEZONE_COMPONENT)
    zone = ical.Timezone.new()
    zone.set_component(vtimezone.clone())

    def instant(time) -> float:
        return time.as_timet_with_zone(zone)

    events, event = [], calendar.get_first_component(ical.ComponentKind.VEVENT_COMPONENT)
    while event is not None:
        events.append(event)
        event = calendar.get_next_component(ical.ComponentKind.VEVENT_COMPONENT)
    master = next(e for e in events if e.get_recurrenceid().is_null_time())
    moved = {
        instant(e.get_recurrenceid()): instant(e.get_dtstart())
        for e in events
        if not e.get_recurrenceid().is_null_time()
    }
    excluded = set()
    prop = master.get_first_property(ical.PropertyKind.EXDATE_PROPERTY)
    while prop is not None:
        excluded.add(instant(prop.get_exdate()))
        prop = master.get_next_property(ical.PropertyKind.EXDATE_PROPERTY)
    rule = master.get_first_property(ical.PropertyKind.RRULE_PROPERTY).get_rrule()
    iterator = ical.RecurIterator.new(rule, master.get_dtstart())
    found = []
    while True:
        time = iterator.next()
        if time is None or time.is_null_time():
            break
        at = instant(time)
        if at >= end + 400 * 86400:
            break
        if at in excluded:
            continue
        at = moved.get(at, at)
        if start <= at < end:
            found.append(datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
    print(json.dumps(sorted(found)))


if __name__ == "__main__":
    main()
