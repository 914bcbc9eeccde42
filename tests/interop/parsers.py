"""Calendar parsers that real clients use, each expanding a feed with the feed's own
VTIMEZONE: Mozilla's ical.js (Thunderbird, Nextcloud), libical (Evolution) and vobject.

Each returns the UTC start instants of the occurrences in [start, end). A parser that is not
installed skips its tests with the command that installs it, unless PMM_REQUIRE_INTEROP is
set (as `.ci/run` does): then a missing parser fails the run instead of passing silently.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SYSTEM_PYTHON = "/usr/bin/python3"
HOW = {
    "ical.js": "npm ci --prefix tests/interop/js (Node.js 18 or newer)",
    "libical": "apt-get install python3-gi gir1.2-ical-3.0",
    "vobject": "pip install -e '.[dev]'",
}


def _missing(name: str) -> None:
    message = f"{name} is not installed here: {HOW[name]}"
    if os.environ.get("PMM_REQUIRE_INTEROP"):
        pytest.fail(message)
    pytest.skip(message)


def _instants(output: str) -> list[datetime]:
    return [datetime.fromisoformat(s.replace("Z", "+00:00")) for s in json.loads(output)]


def _run(command: list[str], ics: bytes) -> str:
    done = subprocess.run(command, input=ics, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def icaljs(ics: bytes, start: datetime, end: datetime) -> list[datetime]:
    """Expanded by ical.js under node."""
    node = shutil.which("node")
    if node is None or not (HERE / "js" / "node_modules" / "ical.js").is_dir():
        _missing("ical.js")
    script = str(HERE / "js" / "expand.mjs")
    return _instants(_run([node, script, _iso(start), _iso(end)], ics))


def libical(ics: bytes, start: datetime, end: datetime) -> list[datetime]:
    """Expanded by libical through the system Python's GObject bindings."""
    probe = "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib"
    usable = Path(SYSTEM_PYTHON).exists() and (
        subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True, check=False).returncode
        == 0
    )
    if not usable:
        _missing("libical")
    script = str(HERE / "libical_expand.py")
    return _instants(_run([SYSTEM_PYTHON, script, _iso(start), _iso(end)], ics))


def vobject_parser(ics: bytes, start: datetime, end: datetime) -> list[datetime]:
    """Expanded by vobject, in a process of its own (see vobject_expand.py)."""
    if importlib.util.find_spec("vobject") is None:
        _missing("vobject")
    script = str(HERE / "vobject_expand.py")
    return _instants(_run([sys.executable, script, _iso(start), _iso(end)], ics))


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


PARSERS = {"ical.js": icaljs, "libical": libical, "vobject": vobject_parser}
