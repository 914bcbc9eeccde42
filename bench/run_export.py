"""Benchmark: export a poll with 10,000 votes as CSV + JSON + PNG, from the database.

python -m bench.run_export [--votes 10000] [--write]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.benchmarks_md import replace_section
from bench.report_votes import machine
from bot.maturity.model import default_model
from bot.polls.export import export_json
from bot.polls.export_files import ExportFile, export_files
from bot.polls.listings import PollListings
from bot.polls.options import PollRequest
from bot.polls.service import PollService
from bot.polls.structures import PollStructures
from bot.polls.voting import Click, VoteRecorder
from storage.database import Database
from storage.migrate import upgrade

SECRET = b"bench-secret-123"


def seed(db: Database, votes: int) -> str:
    """An assessment poll with `votes` votes spread over its five aspects."""
    structures = PollStructures(db)
    poll = PollService(db, structures).create(
        model=default_model(),
        request=PollRequest("aspects", "Bench", None, False, False),
        channel_id="C0BENCH01",
        creator_id="U1",
        now=datetime.now(UTC),
    )
    recorder = VoteRecorder(db, structures, voter_secret=SECRET)
    now = datetime.now(UTC)
    clicks = []
    for i in range(votes):
        question = poll.questions[i % 5]
        choice = question.choices[(i // 5) % 4]
        user = f"U{i // 5:06d}"
        clicks.append(
            Click(poll.poll_id, question.question_id, choice.choice_id, user, f"k{i}", now)
        )
    for start in range(0, len(clicks), 500):  # a few transactions, not 10,000
        results = recorder.record(clicks[start : start + 500])
        assert all(r.outcome not in ("unknown", "closed", "duplicate") for r in results)
    return poll.poll_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--votes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(db.engine)
        poll_id = seed(db, args.votes)
        listings = PollListings(db, PollService(db, PollStructures(db)), voter_secret=SECRET)
        timings: dict[str, list[float]] = {"total": [], "csv+json": []}
        for _ in range(args.runs):
            started = time.perf_counter()
            poll, export = listings.snapshot(poll_id), listings.export(poll_id)
            data_done = time.perf_counter()
            assert poll is not None
            assert export is not None
            json_file = ExportFile(f"poll-{poll_id}.json", "json", export_json(export))
            files = [*export_files(poll, export, "csv"), json_file]
            timings["total"].append(time.perf_counter() - started)
            timings["csv+json"].append(data_done - started)
        assert len(export.votes) == args.votes
        db.dispose()
        sizes = ", ".join(
            f"{f.filename.rsplit('-', 1)[-1]} {len(f.content) / 1024:,.0f} KiB" for f in files
        )
    median = statistics.median(timings["total"])
    text = (
        "## Poll export (`python -m bench.run_export`)\n\n"
        f"Machine: {machine()}. Measured {time.strftime('%Y-%m-%d')}.\n"
        f"An assessment poll with {args.votes:,} votes on SQLite; one export = read votes and "
        f"tally, build votes CSV + summary CSV + JSON + results PNG. {args.runs} runs.\n\n"
        f"- Median {median * 1000:,.0f} ms, worst {max(timings['total']) * 1000:,.0f} ms "
        f"(target under 2,000 ms); of which reading the database "
        f"{statistics.median(timings['csv+json']) * 1000:,.0f} ms.\n"
        f"- Files: {sizes}.\n"
    )
    print(text)
    if args.write:
        replace_section("## Poll export", text)


if __name__ == "__main__":
    main()
