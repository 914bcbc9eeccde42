"""`pmm-bot polls` and `pmm-bot export`: poll results from the database, on the server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.polls.listings import PollListings


def _store() -> PollListings:
    # Imported here: the offline lookups (`pmm-bot level`) must not pay for SQLAlchemy.
    from bot.polls.listings import PollListings
    from bot.polls.service import PollService
    from bot.polls.structures import PollStructures
    from bot.settings import StorageSettings, load_settings
    from storage.database import Database
    from storage.migrate import upgrade

    settings = load_settings(StorageSettings)
    db = Database.from_url(settings.database_url)
    upgrade(db.engine)
    # Exports never need the voter key: anonymous voters are pseudonymised from stored hashes.
    return PollListings(db, PollService(db, PollStructures(db)), voter_secret=b"")


def list_polls(_args: argparse.Namespace) -> int:
    """Print id, channel, status, votes and title of every poll, newest first."""
    rows = _store().overview()
    print(f"{'id':8}  {'channel':12}  {'status':6}  {'votes':>5}  title")
    for poll in rows:
        row = f"{poll.poll_id:8}  {poll.channel_id:12}  {poll.status:6}  {poll.votes:5d}"
        print(f"{row}  {poll.title}")
    return 0


def export_poll(args: argparse.Namespace) -> int:
    """Write a poll's export (CSV, JSON or PNG) to a file or standard output."""
    from bot.polls.export import export_json
    from bot.polls.export_csv import summary_csv, votes_csv
    from bot.polls.export_files import export_files

    store = _store()
    poll_id = store.latest_id() if args.latest or not args.poll_id else args.poll_id
    poll = store.snapshot(poll_id) if poll_id else None
    export = store.export(poll_id) if poll_id else None
    if poll is None or export is None:
        print(f"no poll {poll_id or ''}".strip() + "; `pmm-bot polls` lists them", file=sys.stderr)
        return 1
    if args.format == "png":
        data = export_files(poll, export, "png")[-1].content
    elif args.format == "json":
        data = export_json(export)
    else:
        data = votes_csv(export) if not args.summary else summary_csv(export)
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"wrote {args.output} ({len(data):,} bytes)", file=sys.stderr)
    elif args.format == "png":
        print("a PNG needs -o FILE", file=sys.stderr)
        return 2
    else:
        sys.stdout.buffer.write(data)
    return 0


def add_poll_commands(sub: argparse._SubParsersAction) -> None:
    """Add `polls` and `export` to the CLI."""
    sub.add_parser("polls", help="list polls with id, channel, status and votes").set_defaults(
        run=list_polls
    )
    export = sub.add_parser("export", help="export a poll's results")
    export.add_argument("poll_id", nargs="?", help="poll id (default: the latest poll)")
    export.add_argument("--latest", action="store_true", help="the latest poll")
    export.add_argument("--format", choices=["csv", "json", "png"], default="csv")
    export.add_argument("--summary", action="store_true", help="CSV: the per-question summary")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    export.set_defaults(run=export_poll)
