"""The App Home tab view, always within the 100-block limit of a view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.blocks.counts import voted_line
from bot.blocks.dates import slack_date
from bot.blocks.kit import (
    MAX_VIEW_BLOCKS,
    actions,
    button,
    context,
    divider,
    header,
    plain,
    section,
)
from bot.blocks.meeting_blocks import NO_SERIES, render_next
from bot.blocks.model_blocks import SHOW_LEVEL_ACTION, credit_block
from bot.maturity.model import MaturityModel
from bot.meetings.config import MeetingConfig
from bot.meetings.series import Occurrence
from bot.polls.results import PollSnapshot, PollSummary
from bot.text import quote_title

HOME_POLL_ACTION = "pmm_home_poll"
HOME_PAGE_ACTION = "pmm_home_page"
HOME_PAGE = 20  # organiser's recent polls per page


@dataclass
class HomeData:
    """What one person's Home tab shows."""

    next_meeting: Occurrence | None
    meeting_config: MeetingConfig | None  # None: organisers deleted every series
    own_polls: list[PollSnapshot] = field(default_factory=list)
    voted_polls: list[PollSnapshot] = field(default_factory=list)
    organizer: bool = False
    recent_polls: list[PollSummary] = field(default_factory=list)
    page_start: int = 0  # index of the first recent poll shown
    assessments: list[dict[str, Any]] = field(default_factory=list)  # home_assessments.py
    meetings: list[dict[str, Any]] = field(default_factory=list)  # meeting_admin.py


def _poll_line(poll: PollSnapshot) -> str:
    due = f", closes {slack_date(poll.closes_at)}" if poll.closes_at else ""
    return (
        f"• *{quote_title(poll.title)}* in <#{poll.channel_id}> — "
        f"{voted_line(poll.voters)}{due} (`{poll.poll_id}`)"
    )


def _poll_list(title: str, polls: list[PollSnapshot], shown: int = 10) -> str:
    """Whole lines only (each under 300 characters, so ten fit one section)."""
    lines = [_poll_line(p) for p in polls[:shown]]
    if len(polls) > shown:
        lines.append(f"…and {len(polls) - shown} more: `/pmm polls` in a channel lists its own.")
    return f"*{title}*\n" + "\n".join(lines)


def _poll_menu(poll: PollSummary) -> dict[str, Any]:
    options = [
        ("Export CSV to my DM", f"export-csv:{poll.poll_id}"),
        ("Export JSON to my DM", f"export-json:{poll.poll_id}"),
    ]
    if poll.is_open:
        options.append(("Close poll", f"close:{poll.poll_id}"))
    return {
        "type": "overflow",
        "action_id": HOME_POLL_ACTION,
        "options": [{"text": plain(t), "value": v} for t, v in options],
    }


def render_home(model: MaturityModel, data: HomeData, now: Any) -> dict[str, Any]:
    """Next sync (or that there is no meeting), your polls, the four levels, and for
    organisers the recent polls."""
    blocks = [header("pmm-bot")]
    if data.meeting_config is None:
        blocks.append(section(NO_SERIES))
    else:
        blocks += render_next(data.next_meeting, data.meeting_config, now).blocks
    blocks.append(divider())
    if data.meetings:
        blocks += [*data.meetings, divider()]
    if data.own_polls:
        blocks.append(section(_poll_list("Your open polls", data.own_polls)))
    if data.voted_polls:
        blocks.append(section(_poll_list("Open polls you voted in", data.voted_polls)))
    blocks += data.assessments
    blocks.append(
        section(
            "*The maturity model* — `/pmm level scalable`, `/pmm aspect "
            "adoption`, `/pmm help` for everything."
        )
    )
    for level in model.levels:
        more = button("Learn more", f"{SHOW_LEVEL_ACTION}_{level.number}", str(level.number))
        blocks.append(section(f"*{level.number} · {level.name}*\n{level.summary}", accessory=more))
    blocks.append(credit_block(model))
    if data.organizer:
        blocks += [divider(), header("Organiser: recent polls"), *_recent_polls(data)]
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}


def _recent_polls(data: HomeData) -> list[dict[str, Any]]:
    """One page of every poll, newest first, each with its menu; Newer/Older buttons."""
    polls = data.recent_polls
    if not polls:
        return [context("No polls yet. Start one with `/pmm poll`.")]
    start = max(0, min(data.page_start, len(polls) - 1))
    page = polls[start : start + HOME_PAGE]
    blocks = []
    for poll in page:
        status = "open" if poll.is_open else "closed"
        text = (
            f"*{quote_title(poll.title)}* in <#{poll.channel_id}> · "
            f"{voted_line(poll.voters)} · {status} · `{poll.poll_id}`"
        )
        blocks.append(section(text, accessory=_poll_menu(poll)))
    end = start + len(page)
    buttons = []
    if start > 0:
        buttons.append(button("Newer polls", HOME_PAGE_ACTION, str(max(0, start - HOME_PAGE))))
    if end < len(polls):
        buttons.append(button("Older polls", HOME_PAGE_ACTION, str(end)))
    if buttons:
        blocks.append(context(f"Polls {start + 1}–{end} of {len(polls)}"))
        blocks.append(actions(*buttons, block_id="home_pages"))
    return blocks
