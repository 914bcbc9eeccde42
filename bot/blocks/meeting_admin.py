"""App Home's Meetings section (every series, its schedule in words and next meeting; for
organisers Add, Edit, Pause or Resume, Delete and the latest changes), and what a series'
channel is told when an organiser changes the series."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.blocks.dates import date_fallback, meeting_when, slack_date
from bot.blocks.kit import Message, actions, button, confirm_dialog, context, header, section
from bot.meetings.cadence import describe_schedule
from bot.meetings.catalog import ChangeRecord, SeriesChange
from bot.meetings.config import MeetingConfig
from bot.meetings.series import Occurrence
from bot.text import escape_mrkdwn, quote_title

ADD_ACTION = "pmm_series_add"
EDIT_ACTION = "pmm_series_edit"
PAUSE_ACTION = "pmm_series_pause"
RESUME_ACTION = "pmm_series_resume"
DELETE_ACTION = "pmm_series_delete"
# More / Earlier meetings in Home: the value is where that page of series starts.
MORE_ACTION, EARLIER_ACTION = "pmm_series_more", "pmm_series_earlier"
MAX_SHOWN = 12  # series listed in Home at a time: two blocks each, within a view's 100
MAX_CONFIRM_TEXT = 300  # Slack refuses a confirm dialog with a longer text (and the view)
_DONE = {"seed": "added from the settings file", "add": "added", "edit": "changed",
         "pause": "paused", "resume": "resumed", "delete": "deleted"}  # fmt: skip


@dataclass(frozen=True)
class SeriesLine:
    """One series as Home lists it."""

    config: MeetingConfig
    paused: bool
    next_meeting: Occurrence | None


def _line(item: SeriesLine) -> str:
    config = item.config
    where = f"in <#{config.channel}>" if config.channel else "no channel yet: no reminders"
    head = f"*{quote_title(config.title)}* · `{config.id}` · {where}"
    if item.paused:
        return f"{head}\n:double_vertical_bar: *Paused*: no meetings or reminders until resumed."
    upcoming = item.next_meeting
    then = (
        f"next *{meeting_when(upcoming, config)}* (your time)" if upcoming else "no meeting planned"
    )
    return f"{head}\nMeets {describe_schedule(config)}; {then}."


def _about(title: str, what: str) -> str:
    """`*title*: what` within a confirm dialog's 300 characters: the title is shortened
    once escaped (`&` grows to `&amp;`), never the explanation, nor an `&amp;` cut in half."""
    name, room = quote_title(title, 150), MAX_CONFIRM_TEXT - len(f"**: {what}")
    if len(name) > room:
        name = re.sub(r"&[a-z]*$", "", name[: room - 1]).rstrip() + "…"
    return f"*{name}*: {what}"


def _buttons(item: SeriesLine) -> dict[str, Any]:
    key, title = item.config.id, item.config.title
    if item.paused:
        pause = button("Resume", RESUME_ACTION, key)
    else:
        ask = confirm_dialog(
            "Pause this meeting?",
            _about(
                title,
                "no reminders, and it leaves the calendar feeds until someone resumes it. "
                "Its channel is told.",
            ),
            "Pause",
            "Keep it",
        )
        pause = button("Pause", PAUSE_ACTION, key, confirm=ask)
    ask = confirm_dialog(
        "Delete this meeting?",
        _about(
            title,
            "its reminders stop and it leaves the calendar feeds, for good (its short name "
            "can't be used again). Its channel is told.",
        ),
        "Delete",
        "Keep it",
    )
    delete = button("Delete", DELETE_ACTION, key, style="danger", confirm=ask)
    return actions(button("Edit", EDIT_ACTION, key), pause, delete, block_id=f"series_{key}")


def page_start_of(count: int, start: int) -> int:
    """Where the page of `count` series asked for at `start` begins (the last page when
    deletions left nothing there)."""
    return max(0, min(start, (count - 1) // MAX_SHOWN * MAX_SHOWN)) if count else 0


def home_meeting_blocks(
    series: list[SeriesLine], changes: list[ChangeRecord], *, organizer: bool, start: int = 0
) -> list[dict[str, Any]]:
    """The Meetings section, MAX_SHOWN series from `start` (with More / Earlier buttons when
    there are more); buttons and the latest changes only for organisers."""
    blocks = [header("Meetings")]
    if not series:
        blocks.append(context("No meetings are set up."))
    start = page_start_of(len(series), start)
    for item in series[start : start + MAX_SHOWN]:
        blocks.append(section(_line(item)))
        if organizer:
            blocks.append(_buttons(item))
    pages = []
    if start > 0:
        pages.append(button("Earlier meetings", EARLIER_ACTION, str(max(0, start - MAX_SHOWN))))
    if len(series) > start + MAX_SHOWN:
        rest = len(series) - start - MAX_SHOWN
        label = f"{rest} more meeting{'s' if rest != 1 else ''}"
        pages.append(button(label, MORE_ACTION, str(start + MAX_SHOWN)))
    if pages:
        blocks.append(actions(*pages, block_id="series_pages"))
    if organizer:
        add = button("Add a meeting", ADD_ACTION, "add", style="primary")
        blocks.append(actions(add, block_id="series_add"))
        if changes:
            blocks.append(context("*Latest changes*\n" + "\n".join(map(_change, changes[:5]))))
    return blocks


def _change(change: ChangeRecord) -> str:
    # The settings file's series were added at the bot's first start, by no one in Slack.
    who = "The bot" if change.action == "seed" else f"<@{change.by}>"
    done = _DONE.get(change.action, change.action)
    when = slack_date(change.at, "{date_short_pretty} at {time}")
    return f"• {who} {done} *{quote_title(change.title)}* — {when}"


def render_series_notice(change: SeriesChange, upcoming: Occurrence | None) -> Message:
    """Posted once in the series' channel when an organiser adds, changes, pauses, resumes
    or deletes it; `upcoming`: its next meeting after the change. Dates show in each
    reader's own zone."""
    series = change.after or change.before
    assert series is not None
    config, who = series.config, f"<@{change.by}>"
    title, named = f"*{quote_title(config.title)}*", escape_mrkdwn(config.title)
    after, plain_after = "", ""
    if upcoming is not None:
        after = f"; next *{meeting_when(upcoming, config)}* (your time)"
        plain_after = f"; next {date_fallback(upcoming.start, config.timezone)}"
    schedule = describe_schedule(config)
    if change.action == "add":
        text = f":calendar: {who} set up {title}: {schedule}{after}. `/pmm next {config.id}`"
        text += " shows it."
        plain = f"New meeting {named}: {schedule}{plain_after}"
    elif change.action == "edit":
        text = _edit_line(change, config, who, title, after)
        plain = f"{named} changed: now {schedule}{plain_after}"
    elif change.action == "pause":
        text = f":double_vertical_bar: {who} paused {title}: no meetings or reminders until "
        text += "someone resumes it."
        plain = f"{named} is paused"
    elif change.action == "resume":
        text = f":arrow_forward: {who} resumed {title}: {schedule}{after}."
        plain = f"{named} is on again{plain_after}"
    else:
        text = f":wastebasket: {who} deleted {title}: no more meetings or reminders."
        plain = f"{named} is deleted"
    return Message(plain, [section(text), context("Calendar feeds show it too.")])


def _edit_line(
    change: SeriesChange, config: MeetingConfig, who: str, title: str, after: str
) -> str:
    before = change.before.config if change.before else config
    was, now = describe_schedule(before), describe_schedule(config)
    if was != now:
        text = f":pencil2: {who} changed {title}: now {now}{after}. Before, it met {was}."
    else:
        text = f":pencil2: {who} changed {title}: it still meets {now}{after}."
    if before.title != config.title:
        text += f" It was called *{quote_title(before.title)}*."
    if change.dropped:
        many = "s" if change.dropped != 1 else ""
        text += (
            f" {change.dropped} skipped or moved meeting{many} no longer fell on a meeting "
            f"day and {'were' if many else 'was'} dropped."
        )
    if change.moved_topics:
        many = "s" if change.moved_topics != 1 else ""
        text += f" {change.moved_topics} agenda topic{many} moved to the next meeting."
    return text
