"""Upcoming occurrences as text or JSON for `pmm-bot meetings`."""

from __future__ import annotations

import json
from datetime import UTC

from bot.meetings.config import MeetingConfig
from bot.meetings.series import Occurrence
from bot.meetings.zone_notes import distinct_notes, time_note, zone_notes


def occurrence_record(occurrence: Occurrence, config: MeetingConfig) -> dict:
    """One occurrence: UTC start with Z, local times, skipped/moved flags."""
    local = occurrence.local_times((config.timezone, *config.display_timezones))
    return {
        "start": occurrence.start_utc.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "original_start": occurrence.original_start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "local": {zone: when.isoformat() for zone, when in local.items()},
        "skipped": occurrence.cancelled,
        "moved": occurrence.moved,
        "et_note": time_note(occurrence, config),
    }


def occurrences_json(occurrences: list[Occurrence], config: MeetingConfig) -> str:
    """JSON list of occurrence records."""
    return json.dumps([occurrence_record(o, config) for o in occurrences], indent=2)


def occurrences_text(occurrences: list[Occurrence], config: MeetingConfig) -> str:
    """One readable line per occurrence."""
    lines = []
    for o in occurrences:
        zones = "  ".join(
            f"{t:%H:%M} {z.rsplit('/', 1)[-1]}"
            for z, t in o.local_times(config.display_timezones).items()
        )
        mark = " SKIPPED" if o.cancelled else (" (moved)" if o.moved else "")
        labels = [n.label for n in distinct_notes(zone_notes(o, config)) if not n.moved]
        note = f"  [{', '.join(labels)} differs this week]" if labels else ""
        lines.append(f"{o.start:%a %Y-%m-%d %H:%M} {config.timezone}{mark}  |  {zones}{note}")
    return "\n".join(lines)
