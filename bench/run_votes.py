"""Benchmark: vote clicks against the real `pmm-bot serve` and a bare-ack Bolt baseline.

    python -m bench.run_votes            # full run (about 2.5 minutes), prints a report
    python -m bench.run_votes --write    # ... and rewrites the votes section of BENCHMARKS.md

Both servers run as separate processes on the same waitress stack with the same thread
count, against the local fake Slack, while this process generates the load.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.vote_load import ClickFactory, LoadResult, closed_loop, open_loop
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SlackSender

SECRET = "bench-signing-secret-0123456789"
THREADS = 8
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def start_pmm_bot(port: int, fake: FakeSlack, db: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-bench-0000",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{db}",
        "WEB_THREADS": str(THREADS),
        "LOG_LEVEL": "ERROR",
    }
    return subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=env, cwd=db.parent)


def start_baseline(port: int, fake: FakeSlack) -> subprocess.Popen:
    args = [sys.executable, "-m", "bench.bare_app", str(port), SECRET, str(THREADS), fake.api_url]
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL)


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def measure(
    port: int, buttons: list[dict], fake: FakeSlack, args: argparse.Namespace, tag: str
) -> tuple[LoadResult, LoadResult, LoadResult]:
    """Run the open-loop then the closed-loop shape against one server."""
    warm_clicks = ClickFactory(SECRET, buttons, fake.response_url(), f"W{tag}")
    warm = closed_loop(port, warm_clicks, connections=8, seconds=2)  # warm-up, not reported
    opened = open_loop(
        port,
        ClickFactory(SECRET, buttons, fake.response_url(), f"O{tag}"),
        rate=args.rate,
        seconds=args.seconds,
    )
    closed = closed_loop(
        port,
        ClickFactory(SECRET, buttons, fake.response_url(), f"C{tag}"),
        connections=args.connections,
        seconds=args.closed_seconds,
    )
    return opened, closed, warm


def update_rates(fake: FakeSlack, ts: str) -> tuple[float, int]:
    """chat.update calls for the poll message: per second overall, and the most in any 2 s."""
    times = sorted(c.received_at for c in fake.calls_to("chat.update") if c.params.get("ts") == ts)
    if len(times) < 2:
        return 0.0, len(times)
    per_second = len(times) / (times[-1] - times[0])
    most = max(sum(1 for t in times if start <= t < start + 2.0) for start in times)
    return per_second, most


def run(args: argparse.Namespace) -> str:
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as tmp:
        base_port = free_port()
        baseline = start_baseline(base_port, fake)
        try:
            wait_until_listening(base_port)
            fake_buttons = [
                {"action_id": f"pmm_vote_{i}", "value": f"abcdef01:1:{i + 1}"} for i in range(4)
            ]
            base_open, base_closed, _ = measure(base_port, fake_buttons, fake, args, "B")
        finally:
            stop(baseline)

        port, db = free_port(), Path(tmp) / "bench.db"
        bot = start_pmm_bot(port, fake, db)
        try:
            wait_until_listening(port)
            fake.reset()
            SlackSender(f"http://127.0.0.1:{port}", SECRET, fake.response_url()).command(
                "poll Benchmark", channel_id="C0BENCH01"
            )
            (post,) = fake.wait_for("chat.postMessage", timeout=10)
            buttons = next(
                b["elements"]
                for b in post.json_param("blocks")
                if b.get("block_id", "").startswith("vote_")
            )
            bot_open, bot_closed, warm = measure(port, buttons, fake, args, "P")
            time.sleep(2 * 2.0 + 1)  # let the coalesced final tally go out (2 s interval)
            with sqlite3.connect(db) as conn:
                stored = conn.execute("SELECT count(*) FROM vote").fetchone()[0]
            ts = fake.calls_to("chat.postMessage")[0].params.get("ts") or "1700000000.000001"
            per_second, most_in_2s = update_rates(fake, ts)
        finally:
            stop(bot)
    acked = bot_open.ok + bot_closed.ok + warm.ok
    return report(
        args,
        base_open,
        base_closed,
        bot_open,
        bot_closed,
        lost=acked - stored,
        stored=stored,
        acked=acked,
        per_second=per_second,
        most_in_2s=most_in_2s,
    )


def machine() -> str:
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
) -> str:
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
        f"Both servers: waitress, {THREADS} threads, signature checks on; pmm-bot on SQLite.",
        "",
        "| metric | bare Bolt ack (baseline) | pmm-bot |",
        "| --- | ---: | ---: |",
        *[f"| {name} | {a:,.1f} | {b:,.1f} |" for name, a, b in rows],
        "",
        f"- Throughput vs baseline in (b): **{ratio:.0%}** (target at least 60%).",
        f"- Votes lost: **{lost}** ({acked:,} acknowledged clicks, {stored:,} votes stored).",
        f"- `chat.update` for the poll: {per_second:.2f}/s on average, at most {most_in_2s} in "
        "any 2 s window (target at most 1 per 2 s).",
    ]
    return "\n".join(lines) + "\n"


def write_section(text: str, path: Path = ROOT / "BENCHMARKS.md") -> None:
    """Replace the votes section of BENCHMARKS.md (or create the file)."""
    head = "# Benchmarks\n\nLatest results; each section names the command that produced it.\n\n"
    existing = path.read_text() if path.exists() else head
    marker = "## Vote clicks"
    before, _, after = existing.partition(marker)
    rest = after[after.find("\n## ") + 1 :] if "\n## " in after else ""
    path.write_text((before or head) + text + ("\n" + rest if rest else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--closed-seconds", type=float, default=20)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    text = run(args)
    print(text)
    if args.write:
        write_section(text)


if __name__ == "__main__":
    main()
