"""Benchmark: the team self-assessment under a crowd, against a bare Bolt baseline.

    python -m bench.run_assessment            # 1,000 people within a minute, then the close
    python -m bench.run_assessment --people 200 --seconds 12 --write

- Submissions: `--people` signed `view_submission`s of the whole 20-question form, one per
  person, offered at an even rate over `--seconds` (open loop: each one's latency counts from
  the moment it was due), to `pmm-bot serve` (HTTP, SQLite) and to the bare AsyncApp of
  bench/bare_app.py that answers each with a static view. Target: pmm-bot's ack p99 under
  100 ms.
- The close: the Close click, until the fake Slack has the team's picture and its charts in
  the thread (every person's answers read, scored, two charts drawn and uploaded). Target:
  under 3 s.
The fake Slack (tests/support/fake_slack.py) answers every call after 50 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.benchmarks_md import replace_section
from bench.processes import SECRET, baseline, pmm_bot, wait_http
from bench.report_votes import machine
from bot.assessment.questionnaire import default_questionnaire
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SlackSender

SECTION = "## Team self-assessment (`python -m bench.run_assessment`)"


def submissions(poll_id: str, people: int, seed: int = 1) -> list[tuple[str, dict, dict]]:
    """(user, view, state.values) for each person: the whole form, random levels."""
    rng, ids = random.Random(seed), [q.id for q in default_questionnaire().form("full")]
    view = {"callback_id": "pmm_assess_form", "type": "modal",
            "private_metadata": json.dumps({"poll": poll_id})}  # fmt: skip
    found = []
    for person in range(people):
        values = {
            q: {"answer": {"type": "radio_buttons",
                           "selected_option": {"value": str(rng.choice([0, 1, 2, 2, 3, 3, 4]))}}}
            for q in ids
        }  # fmt: skip
        found.append((f"U{person:09d}", view, values))
    return found


def offer(slack: SlackSender, work: list[tuple[str, dict, dict]], seconds: float) -> list[float]:
    """Each submission at its due time (open loop); latencies in ms from the due time."""
    gap = seconds / max(len(work), 1)
    start = time.perf_counter() + 0.2

    def one(index: int) -> float:
        due = start + index * gap
        time.sleep(max(0.0, due - time.perf_counter()))
        user, view, values = work[index]
        reply = slack.view_submission(view, values, user_id=user)
        assert reply.status == 200, reply.status
        return (time.perf_counter() - due) * 1000

    with ThreadPoolExecutor(max_workers=32) as pool:
        return list(pool.map(one, range(len(work))))


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]


def run(args: argparse.Namespace, tmp: Path, fake: FakeSlack) -> dict[str, float]:
    results: dict[str, float] = {}
    base, base_port = baseline("baseline", tmp, api_url=fake.api_url)
    try:
        wait_http(base, base_port, "/slack/events")
        slack = SlackSender(f"http://127.0.0.1:{base_port}", SECRET, fake.response_url())
        lat = offer(slack, submissions("p0000000", args.people), args.seconds)
        results |= {"base_p50": statistics.median(lat), "base_p99": p99(lat)}
    finally:
        base.stop()
    bot, port = pmm_bot("pmm-bot", tmp, api_url=fake.api_url,
                        database_url=f"sqlite:///{tmp / 'bench.db'}")  # fmt: skip
    try:
        wait_http(bot, port, "/healthz")
        slack = SlackSender(f"http://127.0.0.1:{port}", SECRET, fake.response_url())
        fake.reset()
        assert slack.command("assess Bench check", user_id="UCREATOR1").status == 200
        (post,) = fake.wait_for("chat.postMessage", timeout=10)
        poll_id = next(e["value"] for b in post.json_param("blocks") if b["type"] == "actions"
                       for e in b["elements"] if e["action_id"] == "pmm_assess_take")  # fmt: skip
        lat = offer(slack, submissions(poll_id, args.people), args.seconds)
        results |= {"p50": statistics.median(lat), "p99": p99(lat), "worst": max(lat)}
        # Each person's chart arrives by DM after the ack: the close is timed after all of them.
        fake.wait_for(
            "files.completeUploadExternal",
            count=len(lat),
            timeout=120,
            where=lambda c: "only for you" in c.params.get("initial_comment", ""),
        )
        fake.reset()
        started = time.perf_counter()
        slack.action("pmm_poll_close", poll_id, user_id="UCREATOR1")
        fake.wait_for(
            "files.completeUploadExternal",
            timeout=60,
            where=lambda c: "team's picture" in c.params.get("initial_comment", ""),
        )
        results["close"] = time.perf_counter() - started
    finally:
        bot.stop()
    return results


def report(args: argparse.Namespace, r: dict[str, float]) -> str:
    met = lambda ok: "**met**" if ok else "**missed**"  # noqa: E731
    return (
        f"{SECTION}\n\n"
        f"Machine: {machine()}. Measured {time.strftime('%Y-%m-%d %H:%M')} by "
        f"`python -m bench.run_assessment` ({args.people:,} people, each submitting the "
        f"20-question form once, offered evenly over {args.seconds:g} s; HTTP, SQLite; the fake "
        "Slack answers after 50 ms).\n\n"
        "| metric | baseline | pmm-bot | target |\n| --- | ---: | ---: | --- |\n"
        f"| submission ack p50 ms | {r['base_p50']:.1f} | {r['p50']:.1f} |  |\n"
        f"| submission ack p99 ms | {r['base_p99']:.1f} | {r['p99']:.1f} | "
        f"under 100 ms: {met(r['p99'] < 100)} |\n"
        f"| close of the {args.people:,}-person assessment, s (click to the team's picture "
        f"and charts in the thread) |  | {r['close']:.2f} | under 3 s: {met(r['close'] < 3)} |\n"
        "\nThe baseline is a bare Bolt AsyncApp answering each submission with a static view; "
        "pmm-bot checks the 20 answers, replaces the person's stored answers in one "
        "transaction, scores them and answers with the person's own result (their chart is "
        "drawn and sent by DM after the answer).\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    with FakeSlack() as fake, tempfile.TemporaryDirectory() as tmp:
        fake.latency = 0.05
        results = run(args, Path(tmp), fake)
    text = report(args, results)
    print(text)
    if args.write:
        replace_section(SECTION, text)


if __name__ == "__main__":
    main()
