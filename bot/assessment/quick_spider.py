"""A person's spider chart drawn with Pillow: a few milliseconds, where matplotlib takes a
tenth of a second of CPU, so that a crowd submitting at once does not starve the server.
(The team's charts at the close, one per assessment, are matplotlib's: bot/assessment/charts.py.)"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Sequence
from functools import cache
from importlib.util import find_spec

SIZE, CENTRE, RADIUS = 560, 280, 170
INK, GRID, FILL, LINE = "#222222", "#c8ccd2", (29, 78, 137, 60), (29, 78, 137, 255)


@cache
def _font_path() -> str | None:
    """matplotlib's DejaVu Sans, found without importing matplotlib (None: Pillow's own)."""
    spec = find_spec("matplotlib")
    if spec is None or spec.origin is None:
        return None
    path = os.path.join(os.path.dirname(spec.origin), "mpl-data", "fonts", "ttf", "DejaVuSans.ttf")
    return path if os.path.exists(path) else None


@cache
def _font(size: int):
    from PIL import ImageFont

    path = _font_path()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count  # the first axis points up
    return CENTRE + RADIUS * value / 4 * math.cos(angle), CENTRE + RADIUS * value / 4 * math.sin(
        angle
    )


def quick_spider_png(names: Sequence[str], scores: Sequence[float | None], *, title: str) -> bytes:
    """Scores 0-4 on one axis per aspect ("not sure" plots at 0), as PNG bytes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (SIZE, SIZE), "white")
    draw = ImageDraw.Draw(image, "RGBA")
    count = len(names)
    for ring in (1, 2, 3, 4):
        draw.polygon([_point(i, count, ring) for i in range(count)], outline=GRID)
    label_font, small = _font(15), _font(12)
    for i, name in enumerate(names):
        draw.line([(CENTRE, CENTRE), _point(i, count, 4)], fill=GRID)
        x, y = _point(i, count, 4.75)
        score = scores[i]
        text = f"{name}\n{'not sure' if score is None else f'{score:.2f}'}"
        draw.multiline_text((x, y), text, fill=INK, font=label_font, anchor="mm", align="center")
    for ring in (1, 2, 3, 4):
        draw.text(_point(0, count, ring), str(ring), fill="#777777", font=small, anchor="ls")
    shape = [_point(i, count, s or 0.0) for i, s in enumerate(scores)]
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))  # the fill blends over the grid
    ImageDraw.Draw(layer).polygon(shape, fill=FILL)
    image.alpha_composite(layer)
    draw = ImageDraw.Draw(image)
    draw.polygon(shape, outline=LINE, width=3)
    draw.text((CENTRE, 22), title[:60], fill=INK, font=_font(17), anchor="mt")
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "PNG", compress_level=1)  # speed over bytes
    return buffer.getvalue()
