"""Self-assessment charts as PNG bytes (matplotlib's Agg canvas, no pyplot: thread-safe):
the spider chart of aspect scores (a person's, or the team's over the previous one) and the
aspect x level heatmap of the team's answers. Opaque white, so they read the same in
Slack's light and dark themes."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from bot.assessment.scoring import AspectPicture

NOW_COLOUR, BEFORE_COLOUR = "#1d4e89", "#e07b39"


def spider_png(
    names: Sequence[str],
    scores: Sequence[float | None],
    *,
    title: str,
    before: Sequence[float | None] | None = None,
) -> bytes:
    """Scores 0-4 on one axis per aspect ("not sure" everywhere plots as 0); `before` is
    drawn under it, for the trend."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(5.5, 5.5), dpi=100, facecolor="white")
    axes = figure.add_subplot(projection="polar")
    angles = [2 * math.pi * i / len(names) for i in range(len(names))]
    closed = [*angles, angles[0]]

    def draw(values: Sequence[float | None], colour: str, label: str) -> None:
        points = [v or 0.0 for v in values]
        axes.plot(closed, [*points, points[0]], color=colour, linewidth=2, label=label)
        axes.fill(closed, [*points, points[0]], color=colour, alpha=0.15)

    if before is not None:
        draw(before, BEFORE_COLOUR, "last time")
    draw(scores, NOW_COLOUR, "now" if before is not None else "score")
    axes.set_xticks(angles, list(names))
    axes.set_ylim(0, 4)
    axes.set_yticks([1, 2, 3, 4], ["1", "2", "3", "4"], color="#555555")
    axes.set_facecolor("white")
    if before is not None:
        axes.legend(loc="lower right", bbox_to_anchor=(1.15, -0.1), frameon=False)
    figure.suptitle(title[:70], fontsize=12)
    return _png(figure, FigureCanvasAgg)


def heatmap_png(names: Sequence[str], pictures: Sequence[AspectPicture], *, title: str) -> bytes:
    """How many answers each aspect got at each level, darker for more."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    counts = [list(p.counts) for p in pictures]
    figure = Figure(figsize=(6.5, 4), dpi=100, facecolor="white")
    axes = figure.add_subplot()
    axes.imshow(counts, cmap="Blues", aspect="auto", vmin=0, vmax=max(max(map(max, counts)), 1))
    axes.set_xticks(range(4), ["1 Provisional", "2 Operational", "3 Scalable", "4 Optimizing"])
    axes.set_yticks(range(len(names)), list(names))
    peak = max(max(map(max, counts)), 1)
    for row, values in enumerate(counts):
        for column, value in enumerate(values):
            colour = "white" if value > peak / 2 else "#222222"
            axes.text(column, row, str(value), ha="center", va="center", color=colour)
    axes.set_xlabel("answers at each level")
    figure.suptitle(title[:70], fontsize=12)
    return _png(figure, FigureCanvasAgg)


def _png(figure, canvas_class) -> bytes:
    figure.tight_layout()
    buffer = io.BytesIO()
    canvas_class(figure).print_png(buffer)
    return buffer.getvalue()
