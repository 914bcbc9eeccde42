"""The `pmm-bot` command: serve the bot, and answer model lookups offline."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli_polls import add_poll_commands

# Each command imports what it uses, inside it: an offline lookup must not pay for
# pydantic-settings, SQLAlchemy, Bolt or aiohttp (`python -m bench.run_startup` times it).


def _serve(_args: argparse.Namespace) -> int:
    from bot.app.factory import create_app
    from bot.app.serve import serve
    from bot.logging_setup import setup_logging
    from bot.settings import Settings, load_settings

    settings = load_settings(Settings)
    assert isinstance(settings, Settings)
    secrets = [settings.slack_signing_secret.get_secret_value()]
    setup_logging(settings.log_level, settings.log_format, secrets)
    serve(create_app(settings))
    return 0


def _db_upgrade(_args: argparse.Namespace) -> int:
    from bot.settings import StorageSettings, load_settings
    from storage.engine import create_db_engine
    from storage.migrate import current_revision, upgrade

    settings = load_settings(StorageSettings)
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    print(f"database is at revision {current_revision(engine)}")
    return 0


def _manifest(args: argparse.Namespace) -> int:
    from bot.app.manifest import build_manifest, features_for, manifest_yaml
    from bot.meetings.config import load_file_config
    from bot.settings import SettingsError, StorageSettings, load_settings

    url = args.http
    if url is not None and not (url.startswith("https://") and len(url) > len("https://")):
        raise SettingsError(
            "--http wants the bot's public address starting with https://, e.g. "
            "https://pmm.example.org (Slack only sends requests to HTTPS)."
        )
    features = None
    if not args.all:
        settings = load_settings(StorageSettings)
        features = features_for(settings, load_file_config(settings.pmm_config))
    print(manifest_yaml(build_manifest(features, http_url=url)), end="")
    return 0


def _catalog():
    from bot.clock import SystemClock
    from bot.meetings.catalog import MeetingCatalog, meeting_seeds
    from bot.meetings.config import load_file_config
    from bot.settings import StorageSettings, load_settings
    from storage.database import Database
    from storage.migrate import upgrade

    settings = load_settings(StorageSettings)
    db = Database.from_url(settings.database_url)
    upgrade(db.engine)
    seeds = meeting_seeds(load_file_config(settings.pmm_config), None)
    return MeetingCatalog(db, SystemClock(), seeds=seeds, public_host=settings.public_host)


def _named(catalog, words: list[str]):
    """The series the words name (a note on stderr when it was a guess), or None for all."""
    if not words:
        return None
    series, note = catalog.resolve(" ".join(words))
    if note:
        print(note, file=sys.stderr)
    return series


def _meetings(args: argparse.Namespace) -> int:
    from bot.meetings.listing import occurrence_record, occurrences_text

    catalog = _catalog()
    named = _named(catalog, args.series)
    every = [named] if named is not None else catalog.all()
    if args.json:
        # One list in time order; each record says its series.
        records = [
            {"series": s.key, "title": s.title, **occurrence_record(o, s.config)}
            for s in every
            for o in s.upcoming(args.count)
        ]
        print(json.dumps(sorted(records, key=lambda r: r["start"]), indent=2))
        return 0
    if len(every) == 1:
        print(occurrences_text(every[0].upcoming(args.count), every[0].config))
        return 0
    blocks = []
    for s in every:
        head = f"{s.title} ({s.key})" + (" — paused" if s.paused else "")
        body = occurrences_text(s.upcoming(args.count), s.config) or "nothing planned"
        blocks.append(f"{head}\n{body}")
    print("\n\n".join(blocks))
    return 0


def _calendar(args: argparse.Namespace) -> int:
    catalog = _catalog()
    named = _named(catalog, args.series)
    feed = catalog.feed(named.key if named is not None else None)
    assert feed is not None  # a series just found
    if args.output:
        Path(args.output).write_bytes(feed[0])
    else:
        sys.stdout.write(feed[0].decode())
    return 0


def _level(args: argparse.Namespace) -> int:
    from bot.maturity.model import default_model
    from bot.maturity.plain_text import level_text

    text, ok = level_text(default_model(), " ".join(args.name))
    print(text)
    return 0 if ok else 1


def _aspect(args: argparse.Namespace) -> int:
    from bot.maturity.model import default_model
    from bot.maturity.plain_text import aspect_text

    text, ok = aspect_text(default_model(), " ".join(args.name))
    print(text)
    return 0 if ok else 1


def _levels(_args: argparse.Namespace) -> int:
    from bot.maturity.model import default_model
    from bot.maturity.plain_text import levels_text

    print(levels_text(default_model()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="pmm-bot", description="Slack bot for the CNCF Platform Engineering Maturity Model."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="run the Slack bot (HTTP or Socket Mode)").set_defaults(run=_serve)
    level = sub.add_parser("level", help="explain one level across the five aspects")
    level.add_argument("name", nargs="+", help="level name or number, e.g. scalable, L3, ad-hoc")
    level.set_defaults(run=_level)
    sub.add_parser("levels", help="the four levels at a glance").set_defaults(run=_levels)
    aspect = sub.add_parser("aspect", help="walk one aspect through the four levels")
    aspect.add_argument("name", nargs="+", help="aspect name, e.g. adoption")
    aspect.set_defaults(run=_aspect)
    meetings = sub.add_parser("meetings", help="upcoming meetings of every series (or one)")
    meetings.add_argument("series", nargs="*", help="one series: its id or title (default: all)")
    meetings.add_argument("--count", type=int, default=6, help="how many (default 6)")
    meetings.add_argument("--json", action="store_true", help="machine-readable output")
    meetings.set_defaults(run=_meetings)
    calendar = sub.add_parser("calendar", help="write the meetings' calendar (.ics)")
    calendar.add_argument("series", nargs="*", help="one series: its id or title (default: all)")
    calendar.add_argument("-o", "--output", help="file to write (default: standard output)")
    calendar.set_defaults(run=_calendar)
    manifest = sub.add_parser(
        "manifest", help="print the Slack app manifest for these settings (YAML)"
    )
    manifest.add_argument(
        "--http",
        metavar="https://HOST",
        help="for HTTP mode at this public URL (default: Socket Mode)",
    )
    manifest.add_argument(
        "--all", action="store_true", help="every scope any setting can need (as manifest.yml)"
    )
    manifest.set_defaults(run=_manifest)
    add_poll_commands(sub)
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply pending migrations").set_defaults(run=_db_upgrade)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except Exception as error:
        if not isinstance(error, _explained_errors()):
            raise
        print(str(error), file=sys.stderr)
        return 2


def _explained_errors() -> tuple[type[Exception], ...]:
    """The errors whose message is the whole story (a setting, the config file, the model
    data), from the modules that could have raised them: those already imported."""
    names = {
        "bot.settings": "SettingsError",
        "bot.meetings.config": "ConfigFileError",
        "bot.maturity.model": "ModelDataError",
        "bot.meetings.series_names": "UnknownSeries",
    }
    return tuple(getattr(sys.modules[m], n) for m, n in names.items() if m in sys.modules)
