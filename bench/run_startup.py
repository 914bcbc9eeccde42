"""Benchmark: how quickly the `pmm-bot` command starts, each against a baseline measured in
the same run.

    python -m bench.run_startup            # 7 runs of each, prints min / median / max
    python -m bench.run_startup --runs 15

- `pmm-bot level scalable` (an offline lookup) against `python -c pass` (the interpreter's
  own start): the target is under 0.5 s.
- `pmm-bot serve` ready (from the process start to the first 200 from /healthz, with a fake
  Slack answering auth.test, on a database already at the newest revision, as at every
  restart) against a bare Bolt AsyncApp on uvicorn ready (the first answer
  on its port): the target is under 1.5 s.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.support.fake_slack import FakeSlack

SECRET = "bench-signing-secret-0123456789"
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed_run(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started


def answers(port: int, path: str) -> int | None:
    """The status of GET path, or None while nothing listens."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None


def time_to_ready(command: list[str], env: dict[str, str], port: int, ready: Callable) -> float:
    """From the process start to `ready(port)`, polled every 5 ms; the process is then
    stopped with SIGTERM."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while not ready(port):
            if proc.poll() is not None:
                raise RuntimeError(f"{command} exited with {proc.returncode}")
            if time.perf_counter() - started > 30:
                raise RuntimeError(f"{command} not ready after 30 s")
            time.sleep(0.005)
        return time.perf_counter() - started
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


def summary(name: str, samples: list[float]) -> str:
    return (
        f"{name:44} min {min(samples):.3f} s  median {statistics.median(samples):.3f} s  "
        f"max {max(samples):.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    pmm_bot = [sys.executable, "-m", "bot"]
    lookups = {"pmm-bot level scalable": [], "python -c pass (baseline)": []}
    for _ in range(args.runs + 1):  # the first of each is a warm-up
        lookups["pmm-bot level scalable"].append(timed_run([*pmm_bot, "level", "scalable"]))
        lookups["python -c pass (baseline)"].append(timed_run([sys.executable, "-c", "pass"]))
    serving: dict[str, list[float]] = {"pmm-bot serve ready": [], "bare AsyncApp ready": []}
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs + 1):  # the warm-up run also creates the database
            port = free_port()
            env = {
                **os.environ,
                "SLACK_BOT_TOKEN": "xoxb-bench",
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": fake.api_url,
                "PORT": str(port),
                "HOST": "127.0.0.1",
                "DATABASE_URL": f"sqlite:///{tmp}/start.db",
                "LOG_LEVEL": "ERROR",
            }
            serving["pmm-bot serve ready"].append(
                time_to_ready(
                    [*pmm_bot, "serve"], env, port, lambda p: answers(p, "/healthz") == 200
                )
            )
            port = free_port()
            serving["bare AsyncApp ready"].append(
                time_to_ready(
                    [sys.executable, "-m", "bench.bare_server", str(port), SECRET],
                    dict(os.environ),
                    port,
                    lambda p: answers(p, "/") is not None,
                )
            )
    print(
        f"{args.runs} runs after a warm-up; {os.cpu_count()} cores; Python {sys.version.split()[0]}"
    )
    for name, samples in {**lookups, **serving}.items():
        print(summary(name, samples[1:]))


if __name__ == "__main__":
    main()
