"""Writing one benchmark's section of BENCHMARKS.md, leaving the others as they are."""

from __future__ import annotations

from pathlib import Path

from bench.processes import ROOT


def replace_section(heading: str, text: str, path: Path = ROOT / "BENCHMARKS.md") -> None:
    """Put `text` where the section starting with `heading` is (up to the next `## `), or
    at the end when there is none yet."""
    existing = path.read_text()
    before, marker, after = existing.partition(heading)
    rest = after[after.find("\n## ") + 1 :] if marker and "\n## " in after else ""
    if not marker:
        before = existing
    path.write_text(before.rstrip() + "\n\n" + text + ("\n" + rest if rest else ""))
