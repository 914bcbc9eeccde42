"""Benchmark: vote clicks against the real `pmm-bot serve` and a bare-ack Bolt baseline.

    python -m bench.run_votes            # full run (about 2.5 minutes), prints a report
    python -m bench.run_votes --write    # ... and rewrites the votes section of BENCHMARKS.md

Both servers run as separate processes on the same stack (uvicorn, clicks handled by a Bolt
AsyncApp), against the local fake Slack, while this process generates the load.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report_votes import ROOT, THREADS, report, write_section
from bench.vote_load import ClickFactory, LoadResult, closed_loop, open_loop
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SlackSender

SECRET = "bench-signing-secret-0123456789"


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


def start_baseline(port: int, fake: FakeSlack, *, confirm: bool = False) -> subprocess.Popen:
    args = [sys.executable, "-m", "bench.bare_app", str(port), SECRET, fake.api_url]
    args += ["confirm"] if confirm else []
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL)


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def measure(
    port: int,
    buttons: list[dict],
    fake: FakeSlack,
    args: argparse.Namespace,
    tag: str,
    *,
    confirms: bool,
) -> tuple[LoadResult, LoadResult, LoadResult, list[ClickFactory]]:
    """Run the open-loop then the closed-loop shape against one server. Each shape starts
    once the confirmations of the one before have arrived, so none queues behind another's."""
    base = fake.response_url("")
    factories = [ClickFactory(SECRET, buttons, base, f"{shape}{tag}") for shape in "WOC"]
    warm = closed_loop(port, factories[0], connections=8, seconds=2)  # warm-up, not reported
    if confirms:
        arrived_confirmations(fake, factories[0], wait=60)
    opened = open_loop(port, factories[1], rate=args.rate, seconds=args.seconds)
    if confirms:
        arrived_confirmations(fake, factories[1], wait=60)
    closed = closed_loop(
        port, factories[2], connections=args.connections, seconds=args.closed_seconds
    )
    return opened, closed, warm, factories


def arrived_confirmations(fake: FakeSlack, factory: ClickFactory, wait: float) -> dict[str, float]:
    """When each confirmation of `factory`'s clicks arrived, waiting up to `wait` s for all."""
    deadline = time.monotonic() + wait

    def arrived() -> dict[str, float]:
        calls = fake.calls_to("response_url")
        return {c.path.rsplit("/", 1)[-1]: c.received_at for c in calls}

    times = arrived()
    while time.monotonic() < deadline and not factory.sent.keys() <= times.keys():
        time.sleep(0.5)
        times = arrived()
    return times


def confirmation_delays(fake: FakeSlack, factory: ClickFactory, wait: float) -> str:
    """p50/p99 from click to confirmation for one shape, waiting up to `wait` s for all."""
    times = arrived_confirmations(fake, factory, wait)
    delays = sorted(times[k] - sent for k, sent in factory.sent.items() if k in times)
    missing = len(factory.sent) - len(delays)
    if not delays:
        return f"{factory.name}: none arrived"
    p50, p99 = delays[len(delays) // 2], delays[min(len(delays) - 1, int(0.99 * len(delays)))]
    return f"{factory.name} p50 {p50 * 1000:,.0f} ms, p99 {p99 * 1000:,.0f} ms" + (
        f", {missing:,} not arrived after {wait:g} s" if missing else ""
    )


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
        fake.latency = args.slack_latency
        base_port = free_port()
        baseline = start_baseline(base_port, fake)
        try:
            wait_until_listening(base_port)
            fake_buttons = [
                {"action_id": f"pmm_vote_{i}", "value": f"abcdef01:1:{i + 1}"} for i in range(4)
            ]
            base_open, base_closed, _, _ = measure(
                base_port, fake_buttons, fake, args, "B", confirms=False
            )
        finally:
            stop(baseline)

        # A reference, not the target's baseline: the bare app posting one confirmation per
        # click too (closed loop only).
        ref_port = free_port()
        reference = start_baseline(ref_port, fake, confirm=True)
        try:
            wait_until_listening(ref_port)
            ref_factory = ClickFactory(SECRET, fake_buttons, fake.response_url(""), "WR")
            closed_loop(ref_port, ref_factory, connections=8, seconds=2)
            arrived_confirmations(fake, ref_factory, wait=60)
            ref_closed = closed_loop(
                ref_port,
                ClickFactory(SECRET, fake_buttons, fake.response_url(""), "CR"),
                connections=args.connections,
                seconds=args.closed_seconds,
            )
        finally:
            stop(reference)

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
            bot_open, bot_closed, warm, factories = measure(
                port, buttons, fake, args, "P", confirms=True
            )
            time.sleep(2 * 2.0 + 1)  # let the coalesced final tally go out (2 s interval)
            confirmations = [confirmation_delays(fake, f, wait=60) for f in factories[1:]]
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
        confirmations=confirmations,
        reference_closed=ref_closed,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--closed-seconds", type=float, default=20)
    parser.add_argument(
        "--slack-latency", type=float, default=0.05, help="seconds the fake Slack takes to answer"
    )
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    text = run(args)
    print(text)
    if args.write:
        write_section(text)


if __name__ == "__main__":
    main()
