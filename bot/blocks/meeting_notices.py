"""What a series' channel is told when an organiser skips, restores or moves a meeting, and
what an already-posted reminder becomes then. Dates show in each reader's own zone."""

from __future__ import annotations

from bot.blocks.dates import meeting_when as _at
from bot.blocks.kit import Message, context, section
from bot.meetings.config import MeetingConfig
from bot.meetings.series import Occurrence
from bot.meetings.service import MeetingChange
from bot.text import escape_mrkdwn, quote_title

_DAY = "{date_long_pretty}"


def _fallback_time(occurrence: Occurrence, config: MeetingConfig) -> str:
    city = config.timezone.rsplit("/", 1)[-1].replace("_", " ")
    return f"{occurrence.start:%A %d %B %H:%M} {city} time"


def render_change_notice(change: MeetingChange, config: MeetingConfig) -> Message:
    """Posted once in the series' channel for each change."""
    title, named = quote_title(config.title), escape_mrkdwn(config.title)
    before, after = change.before, change.after
    if change.kind == "skip":
        text = f":no_entry_sign: No *{title}* on {_at(before, config, _DAY)}: it is skipped."
        plain = f"No {named} on {before.start:%A %d %B}: it is skipped."
    elif change.kind == "unskip":
        text = f":white_check_mark: *{title}* is on again: {_at(after, config)} (your time)."
        plain = f"{named} is on again: {_fallback_time(after, config)}."
    else:
        text = (
            f":arrow_right: *{title}* of {_at(before, config, _DAY)} moves to "
            f"*{_at(after, config)}* (your time)."
        )
        plain = f"{named} moves to {_fallback_time(after, config)}."
    return Message(plain, [section(text), context("Your calendar feed shows it too.")])


def render_superseded_reminder(change: MeetingChange, config: MeetingConfig) -> Message:
    """An earlier reminder for the occurrence, edited so that nobody acts on the old time."""
    title, named = quote_title(config.title), escape_mrkdwn(config.title)
    if change.kind == "skip":
        text = f":no_entry_sign: ~{title}~: this meeting is *skipped*."
        plain = f"{named}: skipped"
    else:
        text = f":calendar: *{title}*: now *{_at(change.after, config)}* (your time)."
        plain = f"{named}: now {_fallback_time(change.after, config)}"
    return Message(
        plain, [section(text), context("Changed by the organisers after this reminder.")]
    )
