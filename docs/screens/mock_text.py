"""Slack text for the mock (docs/screens/mock_slack.py): text objects, mrkdwn, mentions,
emoji and date tokens, as HTML.

Date tokens (`<!date^EPOCH^{date_long_pretty} at {time}|fallback>`) render as Slack shows
them to READER: in READER.zone, "Today"/"Tomorrow"/"Yesterday" counted from READER.now, a
12-hour clock (Slack's default). With READER.now unset they show their fallback.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

EMOJI = {
    "warning": "⚠️",
    "calendar": "📅",
    "bar_chart": "📊",
    "white_check_mark": "✅",
    "double_vertical_bar": "⏸️",
}
USERS: dict[str, str] = {}  # user id -> display name; unknown ids show as "@user"
CHANNELS: dict[str, str] = {}  # channel id -> name; unknown ids show as "#channel"
_UTC = ZoneInfo("UTC")


@dataclass
class Reader:
    """The person whose Slack the screenshots show (see the module docstring)."""

    zone: ZoneInfo = _UTC
    now: datetime | None = None


READER = Reader()


def _unentity(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _esc(text: str) -> str:
    return html.escape(_unentity(text), quote=True)


def _emoji(text: str) -> str:
    return re.sub(r":([a-z0-9_+-]+):", lambda m: EMOJI.get(m[1], m[0]), text)


def _nth(day: int) -> str:
    """18 -> `18th`, 22 -> `22nd`, as Slack's long dates write the day."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _relative(day: date, today: date) -> str | None:
    words = {-1: "Yesterday", 0: "Today", 1: "Tomorrow"}
    return words.get((day - today).days)


def _date_part(name: str, when: datetime, today: date) -> str | None:
    """One `{...}` of a date token's format; None for one the mock does not know."""
    hour = when.hour % 12 or 12
    ampm = "AM" if when.hour < 12 else "PM"
    base = name.removesuffix("_pretty")
    if name.endswith("_pretty") and (word := _relative(when.date(), today)):
        return word
    return {
        "date_num": f"{when:%Y-%m-%d}",
        "date": f"{when:%B} {_nth(when.day)}, {when.year}",
        "date_short": f"{when:%b} {when.day}, {when.year}",
        "date_long": f"{when:%A, %B} {_nth(when.day)}, {when.year}",
        "time": f"{hour}:{when:%M} {ampm}",
        "time_secs": f"{hour}:{when:%M:%S} {ampm}",
    }.get(base)


def date_token(target: str, fallback: str) -> str:
    """`!date^EPOCH^FORMAT[^link]` as READER sees it (escaped), or the fallback."""
    parts = target.split("^")
    if READER.now is None or len(parts) < 3 or not parts[1].isdigit():
        return _esc(fallback or target)
    when = datetime.fromtimestamp(int(parts[1]), READER.zone)
    today = READER.now.astimezone(READER.zone).date()
    pieces = re.split(r"\{(\w+)\}", parts[2])
    for i in range(1, len(pieces), 2):
        shown = _date_part(pieces[i], when, today)
        if shown is None:
            return _esc(fallback or target)
        pieces[i] = shown
    return _esc("".join(pieces))


def _token(inner: str) -> str:
    """One `<...>` token: a link, a mention, a channel, a date or a special mention."""
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        name = USERS.get(target[1:], label or "user")
        return f'<span class="mention">@{_esc(name)}</span>'
    if target.startswith("#"):
        name = label or CHANNELS.get(target[1:], "channel")
        return f'<span class="mention">#{_esc(name)}</span>'
    if target.startswith("!date^"):
        return date_token(target, label)
    if target.startswith("!"):
        word = target[1:].split("^")[0]
        return f'<span class="mention">@{_esc(label or word)}</span>'
    return f'<a href="{_esc(target)}">{_esc(label or target)}</a>'


_STYLES = (
    (r"\*", "b"),
    (r"_", "i"),
    (r"~", "s"),
)


def mrkdwn(text: str) -> str:
    """Slack mrkdwn as HTML; everything that is not markup is escaped."""
    stash: list[str] = []

    def keep(fragment: str) -> str:
        stash.append(fragment)
        return f"\x00{len(stash) - 1}\x00"

    text = re.sub(r"```\n?(.*?)```", lambda m: keep(f"<pre>{_esc(m[1])}</pre>"), text, flags=re.S)
    text = re.sub(r"`([^`\n]+)`", lambda m: keep(f"<code>{_esc(m[1])}</code>"), text)
    text = re.sub(r"<([^<>\n]+)>", lambda m: keep(_token(m[1])), text)
    text = _emoji(_esc(text))
    for mark, tag in _STYLES:
        pattern = rf"(?<![\w{mark}]){mark}(?=\S)([^\n]*?\S){mark}(?![\w{mark}])"
        text = re.sub(pattern, rf"<{tag}>\1</{tag}>", text)
    text = text.replace("\n", "<br>")
    while "\x00" in text:
        text = re.sub(r"\x00(\d+)\x00", lambda m: stash[int(m[1])], text)
    return text


def text_obj(obj: dict | None) -> str:
    """A plain_text or mrkdwn text object as HTML."""
    if not obj:
        return ""
    if obj.get("type") == "mrkdwn":
        return mrkdwn(obj["text"])
    return _emoji(html.escape(obj["text"])).replace("\n", "<br>")


def channel_name(channel_id: str) -> str:
    """A channel id's name (escaped), as the pickers show it."""
    return _esc(CHANNELS.get(channel_id, "channel"))
