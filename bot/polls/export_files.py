"""The files an export produces, named for the poll, ready to upload or write."""

from __future__ import annotations

from dataclasses import dataclass

from bot.polls.chart import render_results_png
from bot.polls.export import PollExport, export_json, summary_csv, votes_csv
from bot.polls.results import PollSnapshot


@dataclass(frozen=True)
class ExportFile:
    """One file of an export."""

    filename: str
    title: str
    content: bytes


def export_files(poll: PollSnapshot, export: PollExport, fmt: str) -> list[ExportFile]:
    """CSV (votes + summary) or JSON, plus the results chart (PNG) in every case."""
    stem = f"poll-{export.poll_id}"
    if fmt == "json":
        files = [ExportFile(f"{stem}.json", f"{export.title} (JSON)", export_json(export))]
    elif fmt == "csv":
        files = [
            ExportFile(f"{stem}-votes.csv", f"{export.title}: votes", votes_csv(export)),
            ExportFile(f"{stem}-summary.csv", f"{export.title}: summary", summary_csv(export)),
        ]
    else:
        files = []
    chart = ExportFile(f"{stem}-results.png", f"{export.title}: chart", render_results_png(poll))
    return [*files, chart]
