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


def _each(first, following) -> list:
    """libical's first/next iteration as a list."""
    found, item = [], first()
    while item is not None:
        found.append(item)
        item = following()
    return found


def _all(parent, kind):
    return _each(lambda: parent.get_first_component(kind),
                 lambda: parent.get_next_component(kind))  # fmt: skip


def _props(component, kind):
    return _each(lambda: component.get_first_property(kind),
                 lambda: component.get_next_property(kind))  # fmt: skip


def main() -> None:
    start, end = (datetime.fromisoformat(s).timestamp() for s in sys.argv[1:3])
    calendar = ical.Component.new_from_string(sys.stdin.read())
    # Each VTIMEZONE by its TZID: a feed of several series has one per zone.
    zones = {}
    for vtimezone in _all(calendar, ical.ComponentKind.VTIMEZONE_COMPONENT):
        zone = ical.Timezone.new()
        zone.set_component(vtimezone.clone())
        zones[zone.get_tzid()] = zone

    def instant(prop, time) -> float:
        return time.as_timet_with_zone(zones[prop.get_parameter_as_string("TZID")])

    events = _all(calendar, ical.ComponentKind.VEVENT_COMPONENT)
    found = []
    # A feed of several series holds one master (and its moved occurrences) per UID.
    for uid in {e.get_uid() for e in events}:
        found += _expand([e for e in events if e.get_uid() == uid], instant, start, end)
    print(json.dumps(sorted(found)))


def _expand(events, instant, start: float, end: float) -> list[str]:
    kind = ical.PropertyKind

    def first(event, prop_kind):
        return event.get_first_property(prop_kind)

    master = next(e for e in events if e.get_recurrenceid().is_null_time())
    moved = {}
    for e in events:
        if not e.get_recurrenceid().is_null_time():
            original = instant(first(e, kind.RECURRENCEID_PROPERTY), e.get_recurrenceid())
            moved[original] = instant(first(e, kind.DTSTART_PROPERTY), e.get_dtstart())
    excluded = {instant(p, p.get_exdate()) for p in _props(master, kind.EXDATE_PROPERTY)}
    dtstart = first(master, kind.DTSTART_PROPERTY)
    rule = first(master, kind.RRULE_PROPERTY).get_rrule()
    iterator = ical.RecurIterator.new(rule, master.get_dtstart())
    found = []
    while True:
        time = iterator.next()
        if time is None or time.is_null_time():
            break
        at = instant(dtstart, time)
        if at >= end + 400 * 86400:
            break
        if at in excluded:
            continue
        at = moved.get(at, at)
        if start <= at < end:
            found.append(datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
    return found


if __name__ == "__main__":
    main()
