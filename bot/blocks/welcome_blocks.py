"""The private welcome a newcomer gets when joining a community channel."""

from __future__ import annotations

from bot.blocks.dates import meeting_when
from bot.blocks.kit import Message, context, header, section
from bot.blocks.series_blocks import packed_sections
from bot.meetings.config import MeetingConfig, WelcomeConfig, known_zone
from bot.meetings.series import Occurrence
from bot.text import escape_mrkdwn, quote_title

MAX_MEETINGS = 8  # meetings named in the welcome; `/pmm next` has them all
IN_FALLBACK = 3  # meetings named in the notification text


def reader_zone(tz: object) -> str | None:
    """The IANA zone Slack gives for a person (users.info's `tz`), if it is a known one."""
    return tz if isinstance(tz, str) and tz and known_zone(tz) else None


def _join_line(config: MeetingConfig, occurrence: Occurrence, zone: str | None) -> str:
    when = meeting_when(occurrence, config, zone=zone)
    link = f" <{config.join_url}|Join link>" if config.join_url else ""
    return f"• *Join the {quote_title(config.title)}*: next on {when} (your time).{link}"


def _fallback(meetings: list[tuple[MeetingConfig, Occurrence]], zone: str | None) -> str:
    """The notification text: the next meetings, in the newcomer's zone where known."""
    if not meetings:
        return "Welcome to the community! How to take part inside."
    named = [
        f"{escape_mrkdwn(config.title)} on " + meeting_when(occurrence, config, zone=zone)
        for config, occurrence in meetings[:IN_FALLBACK]
    ]
    more = ", and more" if len(meetings) > IN_FALLBACK else ""
    return f"Welcome to the community! Next: {'; '.join(named)}{more}. How to take part inside."


def _calendar_line(feed_url: str | None, several: bool) -> str:
    if feed_url and several:
        return (
            f"• *Put them in your calendar*: <{feed_url}|subscribe to the feed> of every "
            "meeting, or `/pmm calendar` for one meeting's own."
        )
    if feed_url:
        return f"• *Put it in your calendar*: <{feed_url}|subscribe to the feed>."
    return "• *Put it in your calendar*: type `/pmm calendar`."


def render_welcome(
    welcome: WelcomeConfig,
    meetings: list[tuple[MeetingConfig, Occurrence | None]],
    channel_id: str,
    feed_url: str | None,
    *,
    zone: str | None = None,
) -> Message:
    """How to take part: the next meeting of every series (the reader sees their own zone;
    where Slack cannot render that, `zone`, the newcomer's, or else the meeting's), the
    calendar, the agenda, the model. Without any meeting (organisers deleted or paused every
    series), the meetings, the calendar and the agenda are left out."""
    planned = sorted(
        ((config, o) for config, o in meetings if o is not None), key=lambda m: m[1].start_utc
    )
    several = len(meetings) > 1
    lines = [f"Welcome to <#{channel_id}>! Here is how to take part:"]
    lines += [_join_line(config, occurrence, zone) for config, occurrence in planned[:MAX_MEETINGS]]
    if len(planned) > MAX_MEETINGS:
        lines.append(f"• …and {len(planned) - MAX_MEETINGS} more meetings: `/pmm next` lists them.")
    if meetings:
        lines.append(_calendar_line(feed_url, several))
    docs = [config for config, _ in meetings if config.agenda_url][:MAX_MEETINGS]
    if len(docs) == 1 and not several:
        lines.append(f"• *Add a topic* to the <{docs[0].agenda_url}|agenda doc>.")
    elif docs:
        links = ", ".join(f"<{c.agenda_url}|{quote_title(c.title)}>" for c in docs)
        lines.append(f"• *Add a topic* to a meeting's agenda doc: {links}.")
    lines.append("• *Learn the maturity model*: `/pmm levels`, then `/pmm level <name>`.")
    blocks = [header("Welcome!"), *packed_sections(lines[0], lines[1:])]
    if welcome.text.strip():
        blocks.append(section(welcome.text.strip()[:3000]))  # the organisers' own words
    blocks.append(context("Sent once, just to you, by pmm-bot."))
    return Message(_fallback(planned, zone), blocks)
