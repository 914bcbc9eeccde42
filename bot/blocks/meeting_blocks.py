"""Block Kit for one meeting series: next meeting, schedule, reminders, calendar help (the
views over several series are in series_blocks.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bot.blocks.agenda_blocks import CLOSED, add_button, agenda_lines
from bot.blocks.dates import meeting_when, slack_date
from bot.blocks.kit import Message, actions, button, context, header, section
from bot.meetings.agenda import Entry
from bot.meetings.config import MeetingConfig
from bot.meetings.reminders import ReminderDue, reminder_phrase
from bot.meetings.series import Occurrence
from bot.meetings.zone_notes import distinct_notes, time_note, zone_notes
from bot.text import escape_mrkdwn, quote_title

# What every meeting command, App Home and the welcome say once organisers deleted every series.
NO_SERIES = "No meetings are set up yet. Organisers add one in the bot's Home tab, under Meetings."


def zone_times(occurrence: Occurrence, config: MeetingConfig) -> str:
    """`17:00 Berlin · 16:00 London · 11:00 New York …`: the fallback for any reader."""
    zones = (config.timezone, *[z for z in config.display_timezones if z != config.timezone])
    parts = []
    for zone in zones:
        local = occurrence.start.astimezone(ZoneInfo(zone))
        parts.append(f"{local:%H:%M} {zone.rsplit('/', 1)[-1].replace('_', ' ')}")
    return " · ".join(parts)


def countdown(start: datetime, now: datetime) -> str:
    """`in 2 days 3 hours`, `in 45 minutes`, `now`."""
    minutes = int((start - now).total_seconds() // 60)
    if minutes <= 0:
        return "now"
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} day{'s' * (days != 1)}"] if days else []
    if hours:
        parts.append(f"{hours} hour{'s' * (hours != 1)}")
    if mins and not days:
        parts.append(f"{mins} minute{'s' * (mins != 1)}")
    return "in " + " ".join(parts)


def add_to_calendar_url(occurrence: Occurrence, config: MeetingConfig) -> str:
    """A one-click 'add this meeting' link (Google Calendar's event template)."""
    fmt = "%Y%m%dT%H%M%SZ"
    details = "\n".join(filter(None, [config.join_url, config.agenda_url]))
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": config.title,
            "dates": f"{occurrence.start_utc:{fmt}}/{occurrence.end.astimezone(UTC):{fmt}}",
            "details": details,
            "ctz": config.timezone,
        }
    )
    return f"https://calendar.google.com/calendar/render?{query}"


def meeting_links(
    occurrence: Occurrence, config: MeetingConfig, block_id: str = "meeting_links"
) -> dict:
    """Join, Agenda (the doc) and Add to calendar, as the meeting has them."""
    buttons = []
    if config.join_url:
        buttons.append(button("Join", "pmm_meeting_join", url=config.join_url, style="primary"))
    if config.agenda_url:
        buttons.append(button("Agenda", "pmm_meeting_agenda", url=config.agenda_url))
    buttons.append(
        button("Add to calendar", "pmm_meeting_add", url=add_to_calendar_url(occurrence, config))
    )
    return actions(*buttons, block_id=block_id)


def render_next(occurrence: Occurrence | None, config: MeetingConfig, now: datetime) -> Message:
    """`/pmm next`: when, in the reader's own zone, a countdown, the zones and the links."""
    if occurrence is None:
        text = "No upcoming sync is scheduled."
        return Message(text, [section(text)])
    title = escape_mrkdwn(config.title)
    lines = [
        f"*{meeting_when(occurrence, config)}* (your time) — {countdown(occurrence.start_utc, now)}"
    ]
    if occurrence.moved:
        lines.append("_Moved from its usual time this week._")
    blocks = [header(f"Next: {config.title}"), section("\n".join(lines))]
    blocks.append(context(zone_times(occurrence, config)))
    if note := time_note(occurrence, config):
        blocks.append(section(f":warning: {note}"))
    blocks.append(meeting_links(occurrence, config))
    return Message(f"Next {title}: {zone_times(occurrence, config)}", blocks)


def schedule_line(occurrence: Occurrence, config: MeetingConfig, label: str = "") -> str:
    """One line of `/pmm schedule`: when (in the reader's zone, and the meeting's), with
    skipped, moved and unusual-ET weeks marked; `label` (mrkdwn) names the meeting."""
    named = f" — {label}" if label else ""
    if occurrence.cancelled:
        day = slack_date(occurrence.original_start, "{date_long}", zone=config.timezone)
        return f"• ~{day}~{named} — *skipped*"
    marks = []
    if occurrence.moved:
        zone = config.timezone
        usual = slack_date(occurrence.original_start, "{date_short} {time}", zone=zone)
        marks.append(f"*moved* from {usual}")
    for note in distinct_notes(zone_notes(occurrence, config)):
        if not note.moved:
            marks.append(f"*{note.local} {note.label} this week*")
    suffix = f" — {', '.join(marks)}" if marks else ""
    here = f"{occurrence.start:%H:%M} {config.timezone}"
    return f"• {meeting_when(occurrence, config)}{named} ({here}){suffix}"


def render_schedule(occurrences: list[Occurrence], config: MeetingConfig) -> Message:
    """`/pmm schedule`: upcoming dates with skipped, moved and unusual-ET weeks marked."""
    lines = [schedule_line(occurrence, config) for occurrence in occurrences]
    text = f"*Upcoming: {quote_title(config.title)}*\n" + ("\n".join(lines) or "Nothing planned.")
    return Message(text, [section(text), context("Times show in your own time zone.")])


def render_reminder(
    due: ReminderDue,
    config: MeetingConfig,
    now: datetime,
    agenda: list[Entry] | None = None,
    *,
    closed: bool = False,
) -> Message:
    """The reminder posted in the channel before a sync, with its agenda so far (and, the
    day before, a button to add a topic, unless an organiser `closed` the agenda)."""
    occurrence = due.occurrence
    phrase = reminder_phrase(due.offset)
    when = meeting_when(occurrence, config)
    lead = f":calendar: *{quote_title(config.title)}* {phrase}: *{when}* (your time)"
    blocks = [section(lead), context(zone_times(occurrence, config))]
    if note := time_note(occurrence, config):
        blocks.append(section(f":warning: {note}"))
    if agenda:
        blocks.append(section("*Agenda*\n" + agenda_lines(agenda)))
    links = meeting_links(occurrence, config)
    if due.offset >= timedelta(hours=12):  # time enough to propose something
        if closed:
            blocks.append(context(CLOSED))
        else:
            epoch = int(occurrence.original_start.timestamp())
            links["elements"].append(add_button(epoch, config.id))
    blocks.append(links)
    fallback = f"{escape_mrkdwn(config.title)} {phrase}: {zone_times(occurrence, config)}"
    return Message(fallback, blocks)


HOW_TO_SUBSCRIBE = (
    "(in Google Calendar: *Other calendars → From URL*; in Outlook: *Add calendar → "
    "Subscribe from web*; in Apple Calendar: *File → New Calendar Subscription*; in "
    "Thunderbird: *New Calendar → On the Network*). Skips and moves show up there by themselves."
)
NO_FEED = (
    "Import the .ics file I'm sending you into your calendar app. It won't follow later "
    "changes by itself: the bot has no public address for a feed yet (the organisers can "
    "give it one)."
)


def render_calendar_help(
    feed_url: str | None,
    config: MeetingConfig,
    *,
    combined_url: str | None = None,
) -> Message:
    """`/pmm calendar` for one series: how to subscribe to its feed (and, with several
    series, that `combined_url` has them all)."""
    if feed_url:
        how = f"Subscribe to <{feed_url}|the calendar feed> {HOW_TO_SUBSCRIBE}"
        if combined_url:
            how += f" <{combined_url}|Another feed> has every meeting in one calendar."
    else:
        how = NO_FEED
    text = f"*{quote_title(config.title)} in your calendar*\n{how}"
    return Message(text, [section(text)])
