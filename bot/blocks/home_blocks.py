"""The App Home tab view, always within the 100-block limit of a view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.blocks.dates import slack_date
from bot.blocks.kit import MAX_VIEW_BLOCKS, button, context, divider, header, plain, section
from bot.blocks.meeting_blocks import render_next
from bot.blocks.model_blocks import SHOW_LEVEL_ACTION, credit_block
from bot.maturity.model import MaturityModel
from bot.meetings.config import MeetingConfig
from bot.meetings.series import Occurrence
from bot.polls.results import PollSnapshot, PollSummary
from bot.text import escape_mrkdwn, truncate

HOME_POLL_ACTION = "pmm_home_poll"


@dataclass
class HomeData:
    """What one person's Home tab shows."""

    next_meeting: Occurrence | None
    meeting_config: MeetingConfig
    own_polls: list[PollSnapshot] = field(default_factory=list)
    voted_polls: list[PollSnapshot] = field(default_factory=list)
    organizer: bool = False
    recent_polls: list[PollSummary] = field(default_factory=list)


def _poll_line(poll: PollSnapshot) -> str:
    due = f", closes {slack_date(poll.closes_at)}" if poll.closes_at else ""
    return (
        f"• *{escape_mrkdwn(truncate(poll.title, 100))}* in <#{poll.channel_id}> — "
        f"{poll.voters} voted{due} (`{poll.poll_id}`)"
    )


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
    """Next sync, your polls, the four levels, and for organisers the recent polls."""
    blocks = [header("pmm-bot"), *render_next(data.next_meeting, data.meeting_config, now).blocks]
    blocks.append(divider())
    if data.own_polls:
        lines = "\n".join(_poll_line(p) for p in data.own_polls[:10])
        blocks.append(section(truncate(f"*Your open polls*\n{lines}", 3000)))
    if data.voted_polls:
        lines = "\n".join(_poll_line(p) for p in data.voted_polls[:10])
        blocks.append(section(truncate(f"*Open polls you voted in*\n{lines}", 3000)))
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
        blocks += [divider(), header("Organiser: recent polls")]
        room = MAX_VIEW_BLOCKS - len(blocks) - 1  # keep one for the "more" line
        shown = data.recent_polls[: max(0, room)]
        for poll in shown:
            votes = poll.votes
            status = "open" if poll.is_open else "closed"
            text = (
                f"*{escape_mrkdwn(truncate(poll.title, 100))}* in <#{poll.channel_id}> · "
                f"{votes} votes · {status} · `{poll.poll_id}`"
            )
            blocks.append(section(text, accessory=_poll_menu(poll)))
        if len(data.recent_polls) > len(shown):
            rest = len(data.recent_polls) - len(shown)
            blocks.append(context(f"…and {rest} older polls (`pmm-bot polls` lists them all)."))
        elif not shown:
            blocks.append(context("No polls yet. Start one with `/pmm poll`."))
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}
