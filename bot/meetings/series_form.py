"""The meeting form's answers turned into a MeetingConfig, or into a plain sentence per field
that is wrong (Slack shows each under its field); a short name made from the title; and the
next meetings the form would give, for its live preview. Pure: no Slack, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from icalendar import vRecur

from bot.meetings.agenda import safe_link
from bot.meetings.cadence import CUSTOM, cadence_of, cadence_rule, fitting_cadence
from bot.meetings.config import (
    NEVER_MEETS_ERROR,
    RESERVED,
    SERIES_ID,
    SUB_DAILY_ERROR,
    MeetingConfig,
)
from bot.meetings.reminder_offsets import parse_reminders, spoken_offset
from bot.meetings.series import Occurrence, Overrides, next_occurrences
from bot.meetings.zone_search import is_zone

DURATIONS = (30, 45, 60, 90, 120)  # minutes offered
MAX_TITLE, MAX_KEY, MAX_DISPLAY_ZONES = 150, 24, 10
# Words that follow `/pmm` or `/pmm meeting`: a series named so could not be told apart.
ZONE_HINT = "Pick the meeting's time zone: type a city, like Berlin or New York."
NO_MEETINGS = "This schedule has no meetings from today on."
_ANY_DAY = date(2026, 1, 13)


@dataclass(frozen=True)
class SeriesForm:
    """What an organiser entered, as plain values (the handler reads them out of Slack's
    state; `form_from_config` fills them in from a stored series)."""

    title: str = ""
    key: str = ""
    zone: str = ""
    first_date: str = ""  # YYYY-MM-DD, from the date picker
    first_time: str = ""  # HH:MM, from the time picker, in `zone`
    cadence: str = "weekly"
    custom_rule: str = ""
    duration: int = 60  # minutes
    channel: str = ""
    reminders: str = "24h, 15m"
    display_zones: tuple[str, ...] = MeetingConfig().display_timezones
    join_url: str = ""
    agenda_url: str = ""

    @property
    def day(self) -> date | None:
        """The first meeting's date, when one was picked."""
        try:
            return date.fromisoformat(self.first_date) if self.first_date else None
        except ValueError:
            return None

    @property
    def start(self) -> time | None:
        """The first meeting's time of day, when one was picked."""
        if not re.fullmatch(r"\d{2}:\d{2}", self.first_time or ""):
            return None
        try:
            return time.fromisoformat(self.first_time)
        except ValueError:
            return None


def form_from_config(config: MeetingConfig) -> SeriesForm:
    """The form filled in from a stored series (to edit it)."""
    cadence, custom = cadence_of(config)
    return SeriesForm(
        title=config.title,
        key=config.id,
        zone=config.timezone,
        first_date=config.first.date().isoformat(),
        first_time=f"{config.first:%H:%M}",
        cadence=cadence,
        custom_rule=custom,
        duration=int(config.duration.total_seconds() // 60),
        channel=config.channel or "",
        reminders=", ".join(spoken_offset(r) for r in config.reminders),
        display_zones=config.display_timezones,
        join_url=config.join_url or "",
        agenda_url=config.agenda_url or "",
    )


def suggest_key(title: str, taken: frozenset[str] = frozenset()) -> str:
    """A short name from the title ("APAC meeting" -> `apac-meeting`), not one in `taken`."""
    slug = "-".join(re.findall(r"[a-z0-9]+", title.casefold()))[:MAX_KEY].strip("-")
    slug = slug or "series"
    if not slug[0].isalpha():
        slug = f"m-{slug}"[:MAX_KEY].strip("-")
    candidate, n = slug, 2
    while candidate in taken or candidate in RESERVED:
        suffix = f"-{n}"
        candidate, n = slug[: MAX_KEY - len(suffix)].strip("-") + suffix, n + 1
    return candidate


def _rule(form: SeriesForm, day: date) -> tuple[str | None, str | None]:
    """(RRULE, None), or (None, what is wrong with the custom rule)."""
    if form.cadence != CUSTOM:
        return cadence_rule(fitting_cadence(form.cadence, day), day), None
    rule = form.custom_rule.strip().removeprefix("RRULE:").strip()
    if not rule:
        return None, "Write the repeat rule, or pick another cadence."
    try:
        vRecur.from_ical(rule)
        MeetingConfig(rrule=rule)
    except ValueError as error:  # pydantic's ValidationError is one too
        if SUB_DAILY_ERROR in str(error):
            return None, "A series meets at most once a day: hourly rules can't be used."
        if NEVER_MEETS_ERROR in str(error):
            return None, "That rule never gives a meeting (is there a 30 February in it?)."
        return None, (
            "I can't read that repeat rule. Write it like FREQ=WEEKLY;INTERVAL=2;BYDAY=TU "
            "(every other Tuesday)."
        )
    return rule.upper(), None


def upcoming(config: MeetingConfig, now: datetime, count: int) -> list[Occurrence] | None:
    """The next `count` meetings of an unsaved series; None when its rule cannot be expanded
    (a custom rule with an UNTIL of the wrong kind, say): such a series can't be saved."""
    try:
        return next_occurrences(config, Overrides(), now, count)
    except Exception:  # whatever the expansion trips on, the answer is "not this rule"
        return None


def _unshown(editing: MeetingConfig | None, zone: str, start: time, rule: str) -> dict:
    """What the form does not show, kept from the series being edited; but not the time
    people quote for New York once the zone, the time or the rule changed: that was the old
    schedule's (unset, it is worked out from the new one)."""
    if editing is None:
        return {}
    kept = editing.model_dump()
    if (editing.timezone, editing.first.time(), editing.rrule) != (zone, start, rule):
        kept.pop("usual_et_time")
    return kept


def read_series_form(
    form: SeriesForm,
    *,
    now: datetime,
    taken: frozenset[str] = frozenset(),
    editing: MeetingConfig | None = None,
) -> tuple[MeetingConfig | None, dict[str, str]]:
    """(the series, {}) or (None, {field: what is wrong}); the fields are the form's block
    ids. `taken`: the short names in use; `editing`: the series being changed (its short
    name stays, and what the form does not show is kept)."""
    errors: dict[str, str] = {}
    title = " ".join(form.title.split())
    if not title:
        errors["title"] = "Give the meeting a title."
    elif len(title) > MAX_TITLE:
        errors["title"] = f"A title can have at most {MAX_TITLE} characters."
    key = editing.id if editing else (form.key.strip().casefold() or suggest_key(title, taken))
    if editing is None and not re.match(SERIES_ID, key):
        errors["key"] = (
            "Use 1 to 24 lower-case letters, digits or dashes, starting with a letter (like apac)."
        )
    elif editing is None and (key in taken or key in RESERVED):
        errors["key"] = f"The short name “{key}” is taken. Pick another."
    if not form.zone:
        errors["zone"] = ZONE_HINT
    elif not is_zone(form.zone):
        errors["zone"] = f"“{form.zone[:40]}” is not a time zone I know. {ZONE_HINT}"
    day, start, rule = form.day, form.start, None
    if day is None:
        errors["first_date"] = "Pick the date of the first meeting."
    if start is None:
        errors["first_time"] = "Pick the time it starts, in the meeting's time zone."
    if day is not None or form.cadence == CUSTOM:  # a custom rule is checked on any day
        rule, problem = _rule(form, day or _ANY_DAY)
        if problem:
            errors["custom_rule"] = problem
    kept = editing is not None and editing.duration == timedelta(minutes=form.duration)
    if form.duration not in DURATIONS and not kept:
        errors["duration"] = "Pick how long it lasts."
    if not form.channel:
        errors["channel"] = "Pick the channel for its reminders and announcements."
    reminders: tuple[timedelta, ...] = ()
    try:
        reminders = parse_reminders(form.reminders)
    except ValueError as error:
        errors["reminders"] = str(error)
    if len(form.display_zones) > MAX_DISPLAY_ZONES or not all(map(is_zone, form.display_zones)):
        errors["display_zones"] = f"Pick at most {MAX_DISPLAY_ZONES} time zones from the list."
    for field in ("join_url", "agenda_url"):
        link = getattr(form, field).strip()
        if link and safe_link(link) is None:
            errors[field] = "A web address, starting with https://"
    if errors or day is None or start is None or rule is None:
        return None, errors
    values = _unshown(editing, form.zone, start, rule) | {
        "id": key,
        "title": title,
        "timezone": form.zone,
        "first": datetime.combine(day, start),
        "duration": timedelta(minutes=form.duration),
        "rrule": rule,
        "reminders": reminders,
        "channel": form.channel,
        "display_timezones": tuple(dict.fromkeys(form.display_zones)),
        "join_url": form.join_url.strip() or None,
        "agenda_url": form.agenda_url.strip() or None,
    }
    config = MeetingConfig.model_validate(values)
    if not upcoming(config, now, 1):
        return None, {"custom_rule" if form.cadence == CUSTOM else "first_date": NO_MEETINGS}
    return config, {}


def preview(
    form: SeriesForm, *, now: datetime, count: int = 5
) -> tuple[MeetingConfig | None, list[Occurrence], str]:
    """The next `count` meetings the form would give so far (with the series they come
    from), or why it cannot tell yet (the sentence; empty when there are meetings)."""
    day, start = form.day, form.start
    if not is_zone(form.zone) or day is None or start is None:
        return (
            None,
            [],
            "Pick the first date, its time and the time zone to see the next meetings here.",
        )
    rule, problem = _rule(form, day)
    if rule is None:
        return None, [], problem or NO_MEETINGS
    config = MeetingConfig(
        timezone=form.zone,
        first=datetime.combine(day, start),
        rrule=rule,
        duration=timedelta(minutes=form.duration or 60),
        display_timezones=tuple(z for z in form.display_zones if is_zone(z)),
    )
    found = upcoming(config, now, count)
    if found is None:
        return None, [], "I can't work out the meetings of that repeat rule."
    return config, found, "" if found else NO_MEETINGS
