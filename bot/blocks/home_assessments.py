"""App Home's self-assessment part: the open ones to take, and the latest team picture with
its change since the one before."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.assessment.scoring import AspectPicture
from bot.blocks.assessment_blocks import TAKE_ACTION
from bot.blocks.counts import answered_line
from bot.blocks.dates import slack_date
from bot.blocks.kit import button, context, section
from bot.maturity.model import MaturityModel
from bot.polls.results import PollSnapshot
from bot.text import quote_title

MAX_OPEN = 5


@dataclass(frozen=True)
class LatestPicture:
    """The newest closed assessment, its team picture and the change since the previous."""

    poll: PollSnapshot
    pictures: list[AspectPicture]
    change: dict[str, float | None] | None


def home_assessment_blocks(
    open_ones: list[PollSnapshot], latest: LatestPicture | None, model: MaturityModel
) -> list[dict[str, Any]]:
    """Nothing when there are no assessments at all."""
    blocks: list[dict[str, Any]] = []
    if open_ones or latest:
        blocks.append(section("*Team self-assessments* — `/pmm assess` starts one."))
    for poll in open_ones[:MAX_OPEN]:
        due = f", closes {slack_date(poll.closes_at)}" if poll.closes_at else ""
        where = f"*{quote_title(poll.title)}* in <#{poll.channel_id}>"
        text = f"{where} — {answered_line(poll.voters)}{due}"
        take = button("Take it", TAKE_ACTION, poll.poll_id, style="primary")
        blocks.append(section(text, accessory=take))
    if latest is not None:
        parts = []
        for picture in latest.pictures:
            name = model.aspect(picture.aspect).name
            if picture.mean is None:
                parts.append(f"{name} –")
                continue
            delta = (latest.change or {}).get(picture.aspect)
            arrow = "" if delta is None else (" ▲" if delta > 0 else " ▼" if delta < 0 else " =")
            parts.append(f"{name} *{picture.mean:.2f}*{arrow}")
        poll = latest.poll
        blocks.append(
            section(
                f"Latest team picture: *{quote_title(poll.title)}* in <#{poll.channel_id}> "
                f"({answered_line(poll.voters)})\n" + " · ".join(parts)
            )
        )
        if latest.change is not None:
            blocks.append(context("▲ ▼ against the channel's assessment before it."))
    return blocks
