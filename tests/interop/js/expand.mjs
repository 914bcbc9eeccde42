// Expand an iCalendar feed the way Thunderbird does: Mozilla's ical.js, with the feed's own
// VTIMEZONE components registered (ical.js has no time zone database of its own).
// Usage: node expand.mjs START END < feed.ics   (START/END: ISO 8601 UTC instants)
// Prints a JSON list of the UTC start instants of every occurrence in [START, END).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [start, end] = process.argv.slice(2).map((s) => Date.parse(s) / 1000);
const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
// A feed of several series holds one master (and its moved occurrences) per UID.
const found = [];
for (const uid of new Set(events.map((e) => e.uid))) {
  const own = events.filter((e) => e.uid === uid);
  const master = own.find((e) => !e.isRecurrenceException());
  for (const exception of own.filter((e) => e.isRecurrenceException())) {
    master.relateException(exception);
  }
  const iterator = master.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    const details = master.getOccurrenceDetails(next);
    const instant = details.startDate.toUnixTime();
    if (next.toUnixTime() >= end && instant >= end) break;
    if (instant >= start && instant < end) found.push(new Date(instant * 1000).toISOString());
  }
}
found.sort();
process.stdout.write(JSON.stringify(found));
