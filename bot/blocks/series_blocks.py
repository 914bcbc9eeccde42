"""Block Kit over every meeting series at once: `/pmm next`, `/pmm schedule` and
`/pmm calendar` when the community runs several meetings and none was named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.blocks.agenda_blocks import CLOSED, add_button
from bot.blocks.dates import date_fallback, meeting_when
from bot.blocks.kit import MAX_SECTION_TEXT, Block, Message, context, header, section
from bot.blocks.meeting_blocks import (
    HOW_TO_SUBSCRIBE,
    NO_FEED,
    countdown,
    meeting_links,
    schedule_line,
    zone_times,
)
from bot.meetings.config import MeetingConfig
from bot.meetings.series import Occurrence
from bot.meetings.zone_notes import time_note
from bot.text import escape_mrkdwn, plural, quote_title

# Three blocks a meeting (its lines, its zones, its buttons) within a message's 50 blocks.
MAX_DETAILED = 14
MAX_QUIET = 20  # paused or unscheduled meetings named in one section
MAX_FEEDS = 25  # feed links listed in /pmm calendar
LABEL = 40  # a meeting's title as a label on a line of the combined schedule


@dataclass(frozen=True)
class SeriesNext:
    """One series as `/pmm next` shows it: its next meeting (None when nothing is planned),
    how many topics its agenda has and whether an organiser closed it."""

    config: MeetingConfig
    paused: bool
    occurrence: Occurrence | None
    topics: int = 0
    closed: bool = False


def _start(occurrence: Occurrence) -> datetime:
    """When it happens (a skipped one: when it would have)."""
    return occurrence.original_start if occurrence.cancelled else occurrence.start


def packed_sections(head: str, lines: list[str]) -> list[Block]:
    """`head` and the lines in as few sections as fit Slack's 3,000 characters each."""
    texts, current = [], head
    for line in lines:
        if len(current) + 1 + len(line) > MAX_SECTION_TEXT:
            texts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    texts.append(current)
    return [section(text) for text in texts if text]


def _quiet_lines(entries: list[SeriesNext]) -> list[str]:
    lines = []
    for entry in entries[:MAX_QUIET]:
        title, key = quote_title(entry.config.title), entry.config.id
        state = (
            "paused: no meetings until an organiser resumes it"
            if entry.paused
            else ("nothing scheduled")
        )
        lines.append(f"*{title}* (`{key}`) is {state}.")
    if len(entries) > MAX_QUIET:
        lines.append(f"…and {len(entries) - MAX_QUIET} more.")
    return lines


def render_next_all(entries: list[SeriesNext], now: datetime) -> Message:
    """The next meeting of each series, soonest first, each with its zones and buttons (Add a
    topic carries the series; a closed agenda has none); paused and unscheduled series said
    so at the end."""
    meeting = sorted(
        (e for e in entries if e.occurrence is not None and not e.paused),
        key=lambda e: e.occurrence.start_utc,  # type: ignore[union-attr]
    )
    quiet = [e for e in entries if e.occurrence is None or e.paused]
    blocks = [header("Next meetings")]
    fallback = []
    for entry in meeting[:MAX_DETAILED]:
        config, occurrence = entry.config, entry.occurrence
        assert occurrence is not None
        lines = [
            f"*{quote_title(config.title)}* (`{config.id}`): *{meeting_when(occurrence, config)}*"
            f" (your time) — {countdown(occurrence.start_utc, now)}"
        ]
        if occurrence.moved:
            lines.append("_Moved from its usual time this week._")
        if note := time_note(occurrence, config):
            lines.append(f":warning: {note}")
        topics = plural(entry.topics, "topic") if entry.topics else "nothing yet"
        lines.append(f"Agenda: {topics} (`/pmm agenda {config.id}`)")
        if entry.closed:
            lines.append(CLOSED)
        links = meeting_links(occurrence, config, block_id=f"meeting_links_{config.id}")
        if not entry.closed:
            epoch = int(occurrence.original_start.timestamp())
            links["elements"].append(add_button(epoch, config.id))
        blocks += [section("\n".join(lines)), context(zone_times(occurrence, config)), links]
        when = date_fallback(occurrence.start, config.timezone)
        fallback.append(f"{escape_mrkdwn(config.title)} {when}")
    if len(meeting) > MAX_DETAILED:
        more = len(meeting) - MAX_DETAILED
        blocks.append(section(f"…and {plural(more, 'more meeting')}: `/pmm schedule` lists all."))
    if quiet:
        blocks += packed_sections("", _quiet_lines(quiet))
    if not meeting and not quiet:
        blocks.append(section("No meeting is scheduled."))
    example = (meeting or quiet)[0].config.id if (meeting or quiet) else "<name>"
    blocks.append(context(f"One meeting only: `/pmm next {example}`. Times show in your zone."))
    return Message("Next meetings: " + ("; ".join(fallback) or "none scheduled"), blocks)


def render_combined_schedule(
    items: list[tuple[MeetingConfig, Occurrence]], count: int, paused: list[MeetingConfig]
) -> Message:
    """`/pmm schedule` with several series: the next `count` meetings of all of them in one
    list in time order, each line labelled with its meeting."""
    ordered = sorted(items, key=lambda item: _start(item[1]))[:count]
    lines = [
        schedule_line(occurrence, config, label=f"*{quote_title(config.title, LABEL)}*")
        for config, occurrence in ordered
    ]
    blocks = packed_sections("*Upcoming meetings*", lines or ["Nothing planned."])
    if paused:
        names = ", ".join(quote_title(c.title, LABEL) for c in paused[:MAX_QUIET])
        blocks.append(context(f"Paused, so not listed: {names}."))
    example = ordered[0][0].id if ordered else "<name>"
    blocks.append(
        context(
            f"Times show in your own time zone. One meeting only: `/pmm schedule {example} 10`."
        )
    )
    return Message(f"Upcoming meetings: {len(lines)}", blocks)


def render_calendar_feeds(
    combined_url: str | None, feeds: list[tuple[MeetingConfig, str | None]]
) -> Message:
    """`/pmm calendar` with several series: the feed of every meeting in one calendar, and
    each meeting's own feed (names and `/pmm calendar <id>` when there is no public URL)."""
    listed = feeds[:MAX_FEEDS]
    if combined_url:
        lines = [
            "*Community meetings in your calendar*",
            f"Subscribe to <{combined_url}|every meeting in one feed> {HOW_TO_SUBSCRIBE}",
            "Or to one meeting's own feed:",
            *(
                f"• <{url}|{quote_title(config.title)}> (`{config.id}`)"
                for config, url in listed
                if url
            ),
        ]
    else:
        lines = [
            "*Community meetings in your calendar*",
            f"{NO_FEED} It has every meeting; one meeting's alone: `/pmm calendar <name>`.",
            *(
                f"• *{quote_title(config.title)}*: `/pmm calendar {config.id}`"
                for config, _ in listed
            ),
        ]
    if len(feeds) > MAX_FEEDS:
        lines.append(f"…and {plural(len(feeds) - MAX_FEEDS, 'more meeting')}.")
    return Message("Community meetings in your calendar", packed_sections("", lines))
