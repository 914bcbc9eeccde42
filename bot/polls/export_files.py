"""The files an export produces, named for the poll, ready to upload or write."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.assessment.charts import heatmap_png
from bot.polls.chart import render_results_png
from bot.polls.export import PollExport, export_json
from bot.polls.export_csv import aspects_csv, summary_csv, votes_csv
from bot.polls.results import PollSnapshot


@dataclass(frozen=True)
class ExportFile:
    """One file of an export."""

    filename: str
    title: str
    content: bytes


def file_slug(title: str, limit: int = 40) -> str:
    """The title as a file-name part: lowercase ASCII words joined by hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "-".join(words)[:limit].strip("-")


def export_files(poll: PollSnapshot, export: PollExport, fmt: str) -> list[ExportFile]:
    """CSV (votes + summary) or JSON, plus the results chart (PNG) in every case."""
    stem = f"poll-{file_slug(export.title)}-{export.poll_id}".replace("--", "-")
    if fmt == "json":
        files = [ExportFile(f"{stem}.json", f"{export.title} (JSON)", export_json(export))]
    elif fmt == "csv":
        files = [
            ExportFile(f"{stem}-votes.csv", f"{export.title}: votes", votes_csv(export)),
            ExportFile(f"{stem}-summary.csv", f"{export.title}: summary", summary_csv(export)),
        ]
        if export.aspects is not None:
            aspects = aspects_csv(export)
            files.append(ExportFile(f"{stem}-aspects.csv", f"{export.title}: per aspect", aspects))
    else:
        files = []
    if export.aspects is not None:  # a self-assessment: the aspect x level heatmap
        names = [a.aspect.capitalize() for a in export.aspects]
        picture = heatmap_png(names, export.aspects, title=export.title)  # type: ignore[arg-type]
    else:
        picture = render_results_png(poll)
    chart = ExportFile(f"{stem}-results.png", f"{export.title}: chart", picture)
    return [*files, chart]
