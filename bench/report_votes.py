"""The report of bench/run_votes.py: a Markdown section for BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THREADS = 8


def machine() -> str:
    """Cores, CPU model, kernel and Python of this machine."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def report(
    args,
    base_open,
    base_closed,
    bot_open,
    bot_closed,
    *,
    lost,
    stored,
    acked,
    per_second,
    most_in_2s,
    confirmations,
    reference_closed,
) -> str:
    """The votes section: the table, the targets and how private confirmations fared."""
    ratio = bot_closed.rate / base_closed.rate if base_closed.rate else 0
    rows = [
        ("(a) open loop p50 ack, ms", base_open.percentile(50), bot_open.percentile(50)),
        ("(a) open loop p99 ack, ms", base_open.percentile(99), bot_open.percentile(99)),
        ("(a) open loop clicks/s", base_open.rate, bot_open.rate),
        ("(a) errors", base_open.errors, bot_open.errors),
        ("(b) closed loop clicks/s", base_closed.rate, bot_closed.rate),
        ("(b) closed loop p50 ack, ms", base_closed.percentile(50), bot_closed.percentile(50)),
        ("(b) closed loop p99 ack, ms", base_closed.percentile(99), bot_closed.percentile(99)),
        ("(b) errors", base_closed.errors, bot_closed.errors),
    ]
    lines = [
        "## Vote clicks (`python -m bench.run_votes`)",
        "",
        f"Machine: {machine()}. Load generator on the same cores. Measured "
        f"{time.strftime('%Y-%m-%d')}.",
        f"Shapes: (a) open loop, {args.rate:g} clicks/s offered for {args.seconds:g} s; "
        f"(b) closed loop, {args.connections} connections for {args.closed_seconds:g} s. "
        "Both servers: uvicorn (asyncio loop, h11 parser), the same GC tuning, Bolt AsyncApp "
        "for the clicks, signature checks on; pmm-bot on SQLite.",
        "",
        "| metric | bare Bolt ack (baseline) | pmm-bot |",
        "| --- | ---: | ---: |",
        *[f"| {name} | {a:,.1f} | {b:,.1f} |" for name, a, b in rows],
        "",
        f"- Throughput vs baseline in (b): **{ratio:.0%}** (target at least 60%).",
        f"- For reference, the bare app posting one confirmation per click as well (same "
        f"client as pmm-bot) answered {reference_closed.rate:,.1f} clicks/s in (b) "
        f"({_share(reference_closed.rate, base_closed.rate)} of the bare ack); pmm-bot is "
        f"{_share(bot_closed.rate, reference_closed.rate)} of that.",
        f"- Votes lost: **{lost}** ({acked:,} acknowledged clicks, {stored:,} votes stored).",
        f"- `chat.update` for the poll: {per_second:.2f}/s on average, at most {most_in_2s} in "
        "any 2 s window (target at most 1 per 2 s).",
        f"- Private confirmations (Slack answering each call after {args.slack_latency * 1000:g} "
        "ms, as a distant Slack would), time from click to Slack receiving the confirmation: "
        + "; ".join(confirmations),
    ]
    return "\n".join(lines) + "\n"


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "n/a"


def write_section(text: str, path: Path = ROOT / "BENCHMARKS.md") -> None:
    """Replace the votes section of BENCHMARKS.md (or create the file)."""
    head = "# Benchmarks\n\nLatest results; each section names the command that produced it.\n\n"
    existing = path.read_text() if path.exists() else head
    marker = "## Vote clicks"
    before, _, after = existing.partition(marker)
    rest = after[after.find("\n## ") + 1 :] if "\n## " in after else ""
    path.write_text((before or head) + text + ("\n" + rest if rest else ""))
