"""Block Kit for team self-assessments: the invitation in the channel, the questionnaire
modal, a person's own result, and the team's picture posted at the close."""

from __future__ import annotations

from typing import Any

from bot.assessment.questionnaire import Question, Questionnaire
from bot.assessment.scoring import NOT_SURE, AspectPicture, most_disagreed
from bot.blocks.counts import answered_line
from bot.blocks.dates import slack_date
from bot.blocks.kit import (
    Message,
    actions,
    button,
    confirm_dialog,
    context,
    header,
    plain,
    section,
)
from bot.blocks.modals import modal
from bot.maturity.model import MaturityModel
from bot.polls.results import PollSnapshot
from bot.text import escape_mrkdwn, plural, quote_title, truncate

TAKE_ACTION = "pmm_assess_take"
FORM_VIEW = "pmm_assess_form"
ANSWER = "answer"  # each question's action_id; its block_id is the question's id
MAX_NAMED = 40  # people named in a public assessment's summary
CLOSE_ACTION = "pmm_poll_close"  # the poll's Close button does for assessments too


def render_invitation(poll: PollSnapshot, questions: int) -> Message:
    """The message in the channel: what it is, who answered, the button (while open)."""
    title = escape_mrkdwn(poll.title)
    count = answered_line(poll.voters)
    parts = ["Anonymous" if poll.anonymous else "Public: names shown at the close"]
    if poll.is_open and poll.closes_at:
        parts.append(f"closes {slack_date(poll.closes_at)}")
    parts.append(f"started by <@{poll.creator_id}>")
    blocks = [header(("🧭 " if poll.is_open else "✅ ") + poll.title), context(" · ".join(parts))]
    if poll.is_open:
        blocks.append(
            section(
                f"Where is our platform, aspect by aspect? {questions} questions, answered "
                "privately (a few minutes). Nobody sees anyone's answers until it closes; "
                "you can change yours until then."
            )
        )
        take = button("Take the assessment", TAKE_ACTION, poll.poll_id, style="primary")
        close = button(
            "Close",
            CLOSE_ACTION,
            poll.poll_id,
            confirm=confirm_dialog(
                "Close this assessment?", "Nobody can answer after it closes.", "Close", "Keep open"
            ),
        )
        blocks.append(actions(take, close, block_id="assessment_actions"))
    else:
        blocks.append(section("Closed. The team's picture is in the thread."))
    blocks.append(context(f"{count[0].upper()}{count[1:]} · assessment `{poll.poll_id}`"))
    return Message(f"Assessment: {title} ({count})", blocks)


def questionnaire_view(
    poll: PollSnapshot,
    questionnaire: Questionnaire,
    questions: tuple[Question, ...],
    model: MaturityModel,
    current: dict[str, int],
) -> dict[str, Any]:
    """The questions grouped by aspect, each a choice of the four levels or not sure,
    starting from the person's current answers."""
    src = questionnaire.source
    blocks: list[dict[str, Any]] = [
        section(f"*{escape_mrkdwn(truncate(poll.title, 150))}*\n{questionnaire.guidance}"),
        context(f"Questions in our own words from <{src.url}|{src.title}> ({src.licence})."),
    ]
    for aspect in model.aspects:
        mine = [q for q in questions if q.aspect == aspect.key]
        if not mine:
            continue
        blocks.append(header(aspect.name))
        for question in mine:
            blocks.append(_question_block(question, model, current.get(question.id)))
    return modal(
        FORM_VIEW,
        "Self-assessment",
        blocks,
        submit="Submit answers",
        close="Later",
        metadata={"poll": poll.poll_id},
    ) | {"notify_on_close": True}


def _question_block(question: Question, model: MaturityModel, level: int | None) -> dict:
    options = [
        {
            "text": plain(f"{lv.number} · {lv.name}"),
            "value": str(lv.number),
            "description": plain(truncate(text, 75)),
        }
        for lv, text in zip(model.levels, question.choices, strict=True)
    ]
    options.append({"text": plain("Not sure"), "value": str(NOT_SURE)})
    element: dict[str, Any] = {"type": "radio_buttons", "action_id": ANSWER, "options": options}
    chosen = next((o for o in options if o["value"] == str(level)), None)
    if chosen is not None:
        element["initial_option"] = chosen
    return {
        "type": "input",
        "block_id": question.id,
        "label": plain(truncate(question.text, 2000)),
        "element": element,
    }


def own_result_view(
    title: str, scores: dict[str, float | None], model: MaturityModel, changed: bool
) -> dict[str, Any]:
    """What a person sees the moment they submit: their score per aspect and, for their
    lowest aspect, what the next level looks like."""
    lines = []
    for aspect in model.aspects:
        score = scores.get(aspect.key)
        shown = "not sure" if score is None else f"*{score:.2f}* {_meter(score)}"
        lines.append(f"*{aspect.name}*: {shown}")
    blocks = [
        section(("Your answers are changed." if changed else "Thank you, your answers are in.")
                + " Only you see this; the team's picture comes at the close."),
        section("\n".join(lines)),
    ]  # fmt: skip
    answered = {k: v for k, v in scores.items() if v is not None}
    if answered:
        lowest = min(answered, key=lambda k: answered[k])
        step = int(answered[lowest]) + 1
        if step <= len(model.levels):
            aspect, level = model.aspect(lowest), model.level(step)
            cell = next(c for c in model.cells_for_level(step) if c.aspect == lowest)
            blocks.append(
                section(
                    f"*Next for {aspect.name}* (your lowest): level {step} · {level.name}, "
                    f"_{cell.name}_: {cell.description}"
                )
            )
    blocks.append(context("Your chart is in your messages with me. Each aspect stands on its "
                          "own; level 4 is not a goal in itself."))  # fmt: skip
    return modal(FORM_VIEW + "_done", "Your result", blocks, close="Done")


def _meter(score: float) -> str:
    filled = round(score * 2)  # half steps over the four levels: 8 cells
    return "`" + "█" * filled + "░" * (8 - filled) + "`"


def render_team_summary(
    poll: PollSnapshot,
    pictures: list[AspectPicture],
    model: MaturityModel,
    change: dict[str, float | None] | None = None,
) -> str:
    """The text with the team's charts in the thread at the close."""
    lines = [f"*The team's picture: {escape_mrkdwn(poll.title)}* ({answered_line(poll.voters)})"]
    for picture in pictures:
        name = model.aspect(picture.aspect).name
        if picture.mean is None:
            lines.append(f"• *{name}*: no answers but “not sure”")
            continue
        text = (
            f"• *{name}*: mean *{picture.mean:.2f}*, median {picture.median:g}, "
            f"answers {picture.lowest}–{picture.highest}"
        )
        delta = (change or {}).get(picture.aspect)
        if delta is not None:
            arrow = "▲" if delta > 0 else "▼" if delta < 0 else "="
            text += f" ({arrow} {delta:+.2f} since last time)"
        if picture.not_sure:
            text += f", {plural(picture.not_sure, 'not sure', 'not sure')}"
        lines.append(text)
    if (widest := most_disagreed(pictures)) is not None:
        lines.append(
            f"Where we disagree most: *{model.aspect(widest.aspect).name}*, answers range from "
            f"{widest.lowest} to {widest.highest}. A good start for the next sync."
        )
    if not poll.anonymous:  # a public assessment names who took part (not who said what)
        people = sorted({v for q in poll.questions for c in q.choices for v in c.voters})
        shown = " ".join(f"<@{p}>" for p in people[:MAX_NAMED])
        more = f" and {len(people) - MAX_NAMED} more" if len(people) > MAX_NAMED else ""
        if people:
            lines.append(f"Answered: {shown}{more}")
    lines.append("_Each aspect stands on its own: there is no one level for the whole team._")
    return truncate("\n".join(lines), 3900)


def render_history(
    series: list[PollSnapshot],
    pictures: dict[str, list[AspectPicture]],
    model: MaturityModel,
    total: int,
) -> Message:
    """`/pmm assess history`: the channel's assessments, newest first, with each closed
    one's team mean per aspect."""
    if not series:
        text = "No assessments in this channel yet. Start one with `/pmm assess`."
        return Message(text, [section(text)])
    blocks = [section(f"*Assessments in this channel* ({total})")]
    for poll in series:
        when = slack_date(poll.closed_at or poll.created_at, "{date_short}")
        status = f"closed {when}" if not poll.is_open else f"open since {when}"
        name = quote_title(poll.title)
        line = f"*{name}* · {status} · {answered_line(poll.voters)}"
        if poll.poll_id in pictures:
            means = ", ".join(
                f"{model.aspect(p.aspect).name} {'–' if p.mean is None else f'{p.mean:.2f}'}"
                for p in pictures[poll.poll_id]
            )
            line += f"\n{means}"
        blocks.append(section(line))
    if total > len(series):
        blocks.append(context(f"…and {total - len(series)} older."))
    return Message(f"Assessments in this channel ({total})", blocks)
