"""Time zones found by what people type ("berlin", "new york", "kolkata"): matched on the
words of IANA names, best first, as many as a Slack select may offer."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

MAX_OPTIONS = 100  # an external select shows at most 100 options
# Where the names people pick live; the rest (US/Eastern, Etc/GMT+5, GB, Cuba...) are
# old aliases kept by the tz database, still found, but listed after these.
_REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
            "Indian", "Pacific")  # fmt: skip
# Countries and cities people name that are not in any IANA name of their zone.
ALIASES = {
    "india": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "boston": "America/New_York",
    "washington": "America/New_York",
    "beijing": "Asia/Shanghai",
    "munich": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "utc": "UTC",
}
_SPLIT = re.compile(r"[\s/_\-]+")


def _words(text: str) -> str:
    """`America/New_York` -> `america new york`: what a query is matched against."""
    return " ".join(_SPLIT.split(text.casefold())).strip()


@lru_cache(maxsize=1)
def all_zones() -> tuple[str, ...]:
    """Every zone name this system's tz database has, sorted."""
    return tuple(sorted(z for z in available_timezones() if z not in ("Factory", "localtime")))


def is_zone(name: str) -> bool:
    """True for a zone name in the tz database (exactly as it is spelled there)."""
    return name in all_zones()


def _rank(zone: str, query: str) -> tuple[int, int, str] | None:
    """How well `zone` matches `query` (lower is better), or None when it does not."""
    words = _words(zone)
    place = _words(zone.rsplit("/", 1)[-1])
    if place == query or words == query:
        kind = 0
    elif place.startswith(query):
        kind = 1
    elif f" {words}".find(f" {query}") >= 0:
        kind = 2  # a word of the name starts with the query
    elif query in words:
        kind = 3
    else:
        return None
    alias = 0 if zone == "UTC" or zone.split("/", 1)[0] in _REGIONS else 1
    return (kind, alias, zone)


def search_zones(query: str, limit: int = MAX_OPTIONS) -> list[str]:
    """Zone names matching `query`, best first: the city itself, then names starting with
    it, then any word starting with it, then anywhere; at most `limit`."""
    wanted = _words(query)
    if not wanted:
        return []
    ranked = sorted(r for z in all_zones() if (r := _rank(z, wanted)) is not None)
    found = [zone for _, _, zone in ranked]
    alias = ALIASES.get(wanted) or next(
        (z for name, z in ALIASES.items() if len(wanted) >= 3 and name.startswith(wanted)), None
    )
    if alias:
        found = [alias, *(z for z in found if z != alias)]
    return found[:limit]


def utc_offset(zone: str, when: datetime) -> str:
    """`UTC+05:30`, `UTC−04:00`, `UTC` at the instant `when` (aware)."""
    offset = when.astimezone(ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def zone_label(zone: str, when: datetime) -> str:
    """What a zone option reads: `Europe/Berlin (now UTC+01:00)` (under 75 characters)."""
    return f"{zone.replace('_', ' ')} (now {utc_offset(zone, when)})"[:75]
