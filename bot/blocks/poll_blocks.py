"""Block Kit for polls: the live poll message, vote confirmations, lists and summaries."""

from __future__ import annotations

from bot.assessment.kinds import is_assessment
from bot.blocks.assessment_blocks import render_invitation
from bot.blocks.counts import voted_line
from bot.blocks.dates import slack_date
from bot.blocks.kit import (
    MAX_HEADER,
    Message,
    actions,
    button,
    confirm_dialog,
    context,
    header,
    section,
)
from bot.polls.results import PollSnapshot, QuestionResult, VoteResult
from bot.text import escape_mrkdwn, quote_title, truncate

VOTE_ACTION_PREFIX = "pmm_vote"
CLOSE_ACTION = "pmm_poll_close"
POLLS_MORE_ACTION = "pmm_polls_more"
POLLS_PAGE = 10  # polls per page of /pmm polls (one section each)
BAR_WIDTH = 10
MAX_NAMED_VOTERS = 12


def bar(count: int, total: int) -> str:
    """A proportional bar: `██████░░░░`."""
    filled = round(BAR_WIDTH * count / total) if total else 0
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def tally_lines(question: QuestionResult, *, named: bool, base: int | None = None) -> str:
    """One line per choice with bar, count and share (and voters for public polls); the
    share is of `base` when given (the people who voted, where each may pick several)."""
    total = question.total if base is None else base
    lines = []
    for choice in question.choices:
        pct = round(100 * choice.count / total) if total else 0
        line = f"`{bar(choice.count, total)}` {choice.label}: *{choice.count}* ({pct}%)"
        if named and choice.voters:
            shown = " ".join(f"<@{v}>" for v in choice.voters[:MAX_NAMED_VOTERS])
            more = len(choice.voters) - MAX_NAMED_VOTERS
            line += f"\n      {shown}" + (f" +{more} more" if more > 0 else "")
        lines.append(line)
    return "\n".join(lines)


def _status_line(poll: PollSnapshot) -> str:
    parts = ["Public: everyone sees who chose what" if not poll.anonymous else "Anonymous"]
    if poll.hidden and poll.is_open:
        parts.append("results hidden until the poll closes")
    if poll.is_open and poll.closes_at:
        parts.append(f"closes {slack_date(poll.closes_at)}")
    if not poll.is_open and poll.closed_at:
        parts.append(f"closed {slack_date(poll.closed_at)}")
    parts.append(f"started by <@{poll.creator_id}>")
    return " · ".join(parts)


def render_poll(poll: PollSnapshot) -> Message:
    """The poll message: tallies (unless hidden), vote buttons and Close while open (an
    assessment's is its invitation)."""
    if is_assessment(poll.kind):
        return render_invitation(poll, questions=len(poll.questions))
    title = ("📊 " if poll.is_open else "✅ ") + poll.title
    blocks = [header(title)]
    if len(title) > MAX_HEADER:  # the header shows the first 150 characters: say it whole
        blocks.append(section(escape_mrkdwn(poll.title)))
    blocks.append(context(_status_line(poll)))
    show_tally = not (poll.hidden and poll.is_open)
    base = poll.voters if poll.multiple else None
    for question in poll.rows:
        lead = f"*{escape_mrkdwn(question.title)}*\n" if poll.kind == "aspects" else ""
        if show_tally:
            body = lead + tally_lines(question, named=not poll.anonymous, base=base)
            if poll.kind == "aspects" and question.median_level is not None:
                body += f"\nMedian level: *{question.median_level:g}*"
            blocks.append(section(truncate(body, 3000)))
        elif lead:
            blocks.append(section(lead.strip()))
        if poll.is_open:
            buttons = [
                button(
                    c.label,
                    f"{VOTE_ACTION_PREFIX}_{i}",
                    f"{poll.poll_id}:{c.question_id or question.question_id}:{c.choice_id}",
                )
                for i, c in enumerate(question.choices)
            ]
            blocks.append(actions(*buttons, block_id=f"vote_{question.question_id}"))
    footer = voted_line(poll.voters)
    if poll.is_open:
        footer += (
            " · pick as many as you like; click again to take one back"
            if poll.multiple
            else " · click again to take your vote back"
        )
        close = button(
            "Close poll",
            CLOSE_ACTION,
            poll.poll_id,
            style="danger",
            confirm=confirm_dialog(
                "Close this poll?", "Nobody can vote after it closes.", "Close", "Keep open"
            ),
        )
        blocks.append(actions(close, block_id="poll_admin"))
    blocks.append(context(f"{footer} · poll `{poll.poll_id}`"))
    # The fallback text is mrkdwn in notifications: a title like <!channel> must stay inert.
    return Message(f"Poll: {escape_mrkdwn(poll.title)} ({voted_line(poll.voters)})", blocks)


def render_vote_confirmation(result: VoteResult) -> Message:
    """The private answer to a click: what happened and what you hold now."""
    lead = {
        "added": "Your vote is in.",
        "moved": "Your vote has moved.",
        "retracted": "Your vote is taken back.",
        "duplicate": "Already counted.",
        "closed": "This poll is closed; your click was not counted.",
        "unknown": "This poll no longer exists; your click was not counted.",
    }[result.outcome]
    if result.outcome in ("closed", "unknown"):
        return Message(lead, [section(lead)])
    if result.holding:
        held = "\n".join(
            # a "multi" poll's choices are their own questions: name them once
            f"• *{escape_mrkdwn(c)}*" if q == c else f"• {escape_mrkdwn(q)}: *{escape_mrkdwn(c)}*"
            for q, c in result.holding
        )
        body = f"{lead} You now hold:\n{held}"
    else:
        body = f"{lead} You hold no vote in this poll now."
    return Message(body, [section(body)])


def render_results_summary(poll: PollSnapshot, closed_by: str | None = None) -> str:
    """The text posted in the poll's thread with the chart when it closes."""
    by = f", closed by <@{closed_by}>" if closed_by else ""
    lines = [f"*Final results: {quote_title(poll.title, 200)}* ({voted_line(poll.voters)}{by})"]
    for question in poll.rows:
        if poll.kind == "aspects":
            median = question.median_level
            lines.append(
                f"*{escape_mrkdwn(question.title)}* — median level "
                f"{'n/a' if median is None else f'{median:g}'}"
            )
        base = poll.voters if poll.multiple else None
        lines.append(tally_lines(question, named=False, base=base))
    return truncate("\n".join(lines), 3900)


def render_open_polls(
    polls: list[tuple[PollSnapshot, str | None]], *, start: int = 0, total: int | None = None
) -> Message:
    """`/pmm polls`: one page of the channel's open polls with links, and a More button that
    shows the next page (`start` is the index of the first poll shown, `total` all of them)."""
    total = len(polls) if total is None else total
    if not total:
        text = "No open polls in this channel. Start one with `/pmm poll` or `/pmm poll aspects`."
        return Message(text, [section(text)])
    end = start + len(polls)
    if total <= len(polls):
        heading = f"*Open polls in this channel* ({total})"
    else:
        heading = f"*Open polls in this channel*, {start + 1}–{end} of {total}"
    blocks = [section(heading)]
    for poll, link in polls:
        title = quote_title(poll.title, 150)
        name = f"<{link}|{title}>" if link else f"*{title}*"
        due = f", closes {slack_date(poll.closes_at)}" if poll.closes_at else ""
        blocks.append(section(f"• {name} — {voted_line(poll.voters)}{due} (`{poll.poll_id}`)"))
    if end < total:
        shown = min(POLLS_PAGE, total - end)
        more = button(f"Show {shown} more", POLLS_MORE_ACTION, str(end))
        blocks.append(actions(more, block_id="polls_more"))
    return Message(heading.replace("*", ""), blocks)
