"""Results charts as PNG bytes (matplotlib's Agg canvas; no pyplot, so it is thread-safe)."""

from __future__ import annotations

import io
import textwrap

from bot.polls.results import PollSnapshot

LEVEL_COLOURS = ["#c9d6e8", "#8fb0d9", "#4f7fc1", "#1d4e89"]
OWN_CHOICE_COLOUR = "#4f7fc1"  # own choices have no order: one colour for all


def render_results_png(poll: PollSnapshot) -> bytes:
    """A bar chart for a single question; per-aspect stacked distribution for an assessment,
    each aspect labelled with the channel's median level."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if poll.kind == "aspects":
        figure = Figure(figsize=(8, 4.5), dpi=100)
        _draw_assessment(figure, poll)
    else:
        figure = Figure(figsize=(7, 4), dpi=100)
        _draw_single(figure, poll)
    figure.suptitle(textwrap.shorten(poll.title, 70), fontsize=12)
    figure.text(
        0.99,
        0.01,
        f"{poll.voters} {'person' if poll.voters == 1 else 'people'} voted · poll {poll.poll_id}",
        ha="right",
        fontsize=8,
        color="#555555",
    )
    figure.tight_layout(rect=(0, 0.03, 1, 0.95))
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    return buffer.getvalue()


def _draw_single(figure, poll: PollSnapshot) -> None:
    from matplotlib.ticker import MaxNLocator

    question = poll.rows[0]
    axes = figure.add_subplot()
    labels = [textwrap.fill(c.label, 14) for c in question.choices]
    counts = [c.count for c in question.choices]
    levels = poll.kind == "single"
    colours = LEVEL_COLOURS[: len(counts)] if levels else [OWN_CHOICE_COLOUR] * len(counts)
    bars = axes.bar(labels, counts, color=colours)
    axes.bar_label(bars, padding=2)
    axes.set_ylabel("people" if poll.multiple else "votes")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # no tick at 0.2 of a vote
    axes.set_ylim(0, max([*counts, 1]) * 1.2)
    axes.spines[["top", "right"]].set_visible(False)


def _draw_assessment(figure, poll: PollSnapshot) -> None:
    axes = figure.add_subplot()
    names = []
    for question in poll.questions:
        median = question.median_level
        names.append(f"{question.title}\nmedian {'–' if median is None else f'{median:g}'}")
    left = [0.0] * len(poll.questions)
    for level_index in range(4):
        shares = []
        for question in poll.questions:
            choice = question.choices[level_index]
            shares.append(100 * choice.count / question.total if question.total else 0)
        axes.barh(
            names,
            shares,
            left=left,
            color=LEVEL_COLOURS[level_index],
            label=f"Level {level_index + 1}",
        )
        left = [a + b for a, b in zip(left, shares, strict=True)]
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of answers")
    axes.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, -0.35), frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
