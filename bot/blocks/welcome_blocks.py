"""The private welcome a newcomer gets when joining a community channel."""

from __future__ import annotations

from bot.blocks.dates import slack_date
from bot.blocks.kit import Message, context, header, section
from bot.meetings.config import MeetingConfig, WelcomeConfig
from bot.meetings.series import Occurrence
from bot.text import escape_mrkdwn


def render_welcome(
    welcome: WelcomeConfig,
    meeting: MeetingConfig,
    next_meeting: Occurrence | None,
    channel_id: str,
    feed_url: str | None,
) -> Message:
    """How to take part: the next sync in the reader's zone, calendar, agenda, the model."""
    lines = [f"Welcome to <#{channel_id}>! Here is how to take part:"]
    if next_meeting is not None:
        when = slack_date(next_meeting.start, "{date_long_pretty} at {time}", zone=meeting.timezone)
        lines.append(
            f"• *Join the {escape_mrkdwn(meeting.title)}*: next on {when} (your time)."
            + (f" <{meeting.join_url}|Join link>" if meeting.join_url else "")
        )
    if feed_url:
        lines.append(f"• *Put it in your calendar*: <{feed_url}|subscribe to the feed>.")
    else:
        lines.append("• *Put it in your calendar*: type `/pmm calendar`.")
    if meeting.agenda_url:
        lines.append(f"• *Add a topic* to the <{meeting.agenda_url}|agenda doc>.")
    lines.append("• *Learn the maturity model*: `/pmm levels`, then `/pmm level <name>`.")
    blocks = [header("Welcome!"), section("\n".join(lines))]
    if welcome.text.strip():
        blocks.append(section(welcome.text.strip()[:3000]))  # the organisers' own words
    blocks.append(context("Sent once, just to you, by pmm-bot."))
    return Message("Welcome to the community! Next sync and how to take part inside.", blocks)
