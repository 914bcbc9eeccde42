"""What bench/run_votes.py measured, and its Markdown section for BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## Vote clicks"

# The last run before the one-app redesign (BENCHMARKS.md of 2026-11-28): HTTP and SQLite
# only, against a bare-ack baseline and, for reference, an app that acks and confirms.
BEFORE = {
    "closed": "1,889/s: 0.36 x a bare ack (5,249/s), 0.85 x ack-and-confirm (2,213/s)",
    "ack_p50": "1.2",
    "ack_p99": "6.6",
    "confirm_p99": "6",
    "lost": "0",
    "updates": "1",
    "missing": "0 / not counted",
}


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


@dataclass
class Shape:
    """One load shape against one side, as the load driver reported it."""

    prefix: str
    times: list[float]  # when each click was due (open loop) or sent (closed loop)
    latencies_ms: list[float | None]  # None: never acknowledged
    duration: float
    outside_cores: float = 0.0  # CPU busy outside the benchmark meanwhile (other work)
    steal_cores: float = 0.0  # CPU the host took from this VM meanwhile

    @classmethod
    def from_driver(cls, prefix: str, answer: dict[str, Any]) -> Shape:
        return cls(prefix, answer["times"], answer["latencies_ms"], answer["duration"])

    @property
    def ok(self) -> int:
        return sum(1 for lat in self.latencies_ms if lat is not None)

    @property
    def errors(self) -> int:
        return len(self.latencies_ms) - self.ok

    @property
    def rate(self) -> float:
        return self.ok / self.duration if self.duration else 0.0

    def percentile(self, p: float) -> float:
        return percentile([lat for lat in self.latencies_ms if lat is not None], p)

    def acked_keys(self) -> dict[str, float]:
        """Key -> due/sent time of every acknowledged click."""
        return {
            f"{self.prefix}{i:07d}": t
            for i, (t, lat) in enumerate(zip(self.times, self.latencies_ms, strict=True))
            if lat is not None
        }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


@dataclass
class Confirmations:
    """Click to Slack receiving its response_url POST, for one shape."""

    delays_ms: list[float]
    missing: int

    def p(self, q: float) -> float:
        return percentile(self.delays_ms, q)


@dataclass
class Side:
    """Everything measured against one side (the baseline or pmm-bot) of a scenario."""

    open: Shape | None = None
    closed: list[Shape] = field(default_factory=list)
    confirmations: Confirmations | None = None

    def closed_rates(self) -> list[float]:
        return [s.rate for s in self.closed]


@dataclass
class Updates:
    """chat.update calls for the poll message."""

    count: int
    most_in_2s: int
    min_gap_s: float


@dataclass
class ScenarioResult:
    key: str
    title: str
    target: float
    baseline: Side
    pmm: Side
    acked: int = 0
    stored: int = 0
    updates: Updates | None = None
    reference: Side | None = None  # a bare ack, no confirmation (closed loop only)
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        base, pmm = self.baseline.closed_rates(), self.pmm.closed_rates()
        if not base or not pmm:
            return float("nan")
        return statistics.median(pmm) / statistics.median(base)


def _rates(rates: list[float]) -> str:
    if not rates:
        return "n/a"
    if len(rates) == 1:
        return f"{rates[0]:,.0f}"
    return f"{min(rates):,.0f} / {statistics.median(rates):,.0f}"


def _ms(value: float) -> str:
    return "n/a" if value != value else f"{value:,.1f}"  # NaN check


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def scenario_table(result: ScenarioResult, args: Any, *, before: bool) -> list[str]:
    """One scenario's Markdown table and its verdicts."""
    b, p = result.baseline, result.pmm
    old = BEFORE if before else dict.fromkeys(BEFORE, "not measured")
    p99_ack = p.open.percentile(99) if p.open else float("nan")
    p99_conf = p.confirmations.p(99) if p.confirmations else float("nan")
    lost = result.acked - result.stored
    updates = result.updates
    repeats = len(p.closed)
    rows = [
        (
            f"closed loop, acked clicks/s (min / median of {repeats})"
            if repeats > 1
            else "closed loop, acked clicks/s",
            _rates(b.closed_rates()),
            _rates(p.closed_rates()),
            f"{result.ratio:.2f} x baseline (at least {result.target:g} x): "
            + _verdict(result.ratio >= result.target),
            old["closed"],
        ),
        *_reference_rows(result, before),
        (
            "open loop, ack p50 ms",
            _ms(b.open.percentile(50) if b.open else float("nan")),
            _ms(p.open.percentile(50) if p.open else float("nan")),
            "",
            old["ack_p50"],
        ),
        (
            "open loop, ack p99 ms",
            _ms(b.open.percentile(99) if b.open else float("nan")),
            _ms(p99_ack),
            "under 20 ms: " + _verdict(p99_ack < 20),
            old["ack_p99"],
        ),
        (
            "open loop, confirmation p99 ms",
            _ms(b.confirmations.p(99) if b.confirmations else float("nan")),
            _ms(p99_conf),
            "under 1,000 ms: "
            + _verdict(
                p99_conf < 1000 and p.confirmations is not None and p.confirmations.missing == 0
            ),
            old["confirm_p99"],
        ),
        (
            "open loop, clicks not acked / confirmations missing",
            f"{b.open.errors if b.open else 0} / "
            f"{b.confirmations.missing if b.confirmations else 0}",
            f"{p.open.errors if p.open else 0} / "
            f"{p.confirmations.missing if p.confirmations else 0}",
            "",
            old["missing"],
        ),
        (
            "CPU busy outside the benchmark during the open loop, cores (host steal)",
            _outside(b.open),
            _outside(p.open),
            "(noise: 2 cores in all)",
            "not measured",
        ),
        (
            "votes lost (acked clicks minus `vote` rows)",
            "",
            f"{lost:,} ({result.acked:,} acked, {result.stored:,} stored)",
            "0: " + _verdict(lost == 0),
            old["lost"],
        ),
        (
            "`chat.update` for the poll, most in any 2 s",
            "",
            f"{updates.most_in_2s} ({updates.count} in all, closest two "
            f"{updates.min_gap_s:.2f} s apart)"
            if updates
            else "n/a",
            "at most 1: " + _verdict(bool(updates) and updates.most_in_2s <= 1),
            old["updates"],
        ),
    ]
    lines = [
        f"### {result.title}",
        "",
        "| metric | baseline | pmm-bot | target | before the change |",
        "| --- | ---: | ---: | --- | --- |",
        *[
            f"| {name} | {base} | {bot} | {target} | {old_value} |"
            for name, base, bot, target, old_value in rows
        ],
    ]
    if repeats > 1:
        pairs = [pr / br for pr, br in zip(p.closed_rates(), b.closed_rates(), strict=True) if br]
        outside = [s.outside_cores for s in b.closed + p.closed]
        lines += [
            "",
            f"Closed-loop ratio per back-to-back pair: {_list(pairs)}; CPU busy outside the "
            f"benchmark during the closed-loop runs: {min(outside):.2f}-{max(outside):.2f} "
            "cores.",
        ]
    lines += ["", *result.notes] if result.notes else []
    return lines


def _reference_rows(result: ScenarioResult, before: bool) -> list[tuple[str, ...]]:
    if result.reference is None:
        return []
    rates = result.reference.closed_rates()
    share = statistics.median(result.pmm.closed_rates()) / statistics.median(rates)
    base = statistics.median(result.baseline.closed_rates()) / statistics.median(rates)
    return [
        (
            "closed loop, a bare ack without confirmation (reference), clicks/s",
            f"{_rates(rates)}; baseline {base:.2f} x it",
            f"{share:.2f} x it",
            "",
            "bare ack 5,249/s; pmm-bot 0.36 x it" if before else "not measured",
        )
    ]


def _outside(shape: Shape | None) -> str:
    if shape is None:
        return "n/a"
    return f"{shape.outside_cores:.2f} ({shape.steal_cores:.2f})"


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def report(results: list[ScenarioResult], args: Any, command: str) -> str:
    """The votes section of BENCHMARKS.md (for the scenarios that ran)."""
    lines = [
        f"{SECTION} (`python -m bench.run_votes`)",
        "",
        f"Machine: {machine()}. The load driver, the fake Slack and (for PostgreSQL) the "
        "database server share these cores with the servers, and so do other engineers' "
        "test runs: each table says how much CPU was busy outside the benchmark meanwhile.",
        "",
        "Each scenario runs pmm-bot (`python -m bot serve`, real processes) and its baseline "
        "back to back on the same transport: a bare Bolt `AsyncApp` that acks and posts the "
        "one confirmation with Bolt's own `respond` (`bench/bare_app.py`). Closed loop: N "
        "requests in flight (HTTP connections, or Socket Mode envelopes outstanding), "
        "baseline and pmm-bot alternating in ABBA order. Open loop: clicks offered at a fixed "
        "rate, each one's latency counted from the moment it was due. A confirmation's time "
        "runs from the click to the fake Slack receiving its response_url POST; the fake "
        "Slack answers every call after a delay, as a distant Slack would.",
        "",
    ]
    shapes = (
        f"closed loop {args.connections} in flight, {args.closed_seconds:g} s, "
        f"{args.repeats} pair(s); open loop {args.rate:g} clicks/s for {args.seconds:g} s; "
        f"the fake Slack answers after {args.slack_latency * 1000:g} ms"
    )
    for result in results:
        table = scenario_table(result, args, before=result.key == "http-sqlite")
        stamp = f"Measured {time.strftime('%Y-%m-%d %H:%M')} by `{command}` ({shapes})."
        lines += [table[0], "", stamp, *table[1:], ""]
    return "\n".join(lines).rstrip() + "\n"


def _blocks(section: str) -> tuple[str, dict[str, str]]:
    """A section's text before its first `### ` block, and its blocks by title."""
    head, *blocks = section.split("\n### ")
    return head.rstrip() + "\n", {b.split("\n", 1)[0]: "### " + b.rstrip() + "\n" for b in blocks}


def write_section(text: str, titles: list[str], path: Path = ROOT / "BENCHMARKS.md") -> None:
    """Put `text` into the vote-click section of BENCHMARKS.md: its scenarios replace the
    same scenarios there, the others measured before stay (in `titles` order), and every
    other section of the file stays as it is."""
    head = "# Benchmarks\n\nLatest results; each section names the command that produced it.\n"
    existing = path.read_text() if path.exists() else head
    parts = existing.split("\n## ")
    old = next((("## " + p) for p in parts[1:] if ("## " + p).startswith(SECTION)), "")
    new_head, new_blocks = _blocks(text)
    _, old_blocks = _blocks(old) if old else ("", {})
    merged = {**{t: b for t, b in old_blocks.items() if t in titles}, **new_blocks}
    ordered = [merged[t] for t in titles if t in merged]
    section = "\n".join([new_head, *ordered])
    kept, placed = [parts[0].rstrip() + "\n"], False
    for part in parts[1:]:
        if ("## " + part).startswith(SECTION):
            if not placed:
                kept.append(section)
                placed = True
            continue
        kept.append("## " + part.rstrip() + "\n")
    if not placed:
        kept.insert(1, section)
    path.write_text("\n".join(kept))
