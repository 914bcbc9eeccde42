"""The one reminder of a new assessment round, by DM, to those who answered the last one."""

from __future__ import annotations

from bot.blocks.assessment_blocks import TAKE_ACTION
from bot.blocks.dates import slack_date
from bot.blocks.kit import Message, actions, button, context, section
from bot.polls.results import PollSnapshot
from bot.text import escape_mrkdwn, quote_title

OPT_OUT_ACTION = "pmm_assess_opt_out"
OPTED_OUT = "Done: no more reminders of new assessment rounds. `/pmm assess` still works."


def render_nudge(poll: PollSnapshot) -> Message:
    """A new round is open: take it, or never be reminded again."""
    due = f" It closes {slack_date(poll.closes_at)}." if poll.closes_at else ""
    text = (
        f"A new round of *{quote_title(poll.title)}* is open in <#{poll.channel_id}>. You "
        f"answered the last one; a second look shows the team how it moved.{due}"
    )
    buttons = actions(
        button("Take the assessment", TAKE_ACTION, poll.poll_id, style="primary"),
        button("Don't remind me again", OPT_OUT_ACTION, "opt-out"),
        block_id="assessment_nudge",
    )
    note = context("You get this once per round, because you answered the last one.")
    fallback = f"A new round of {escape_mrkdwn(poll.title)} is open"
    return Message(fallback, [section(text), buttons, note])
