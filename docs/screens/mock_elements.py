"""Block Kit elements as Slack-like HTML, for the mock (docs/screens/mock_slack.py).

Buttons and overflow menus; text and URL inputs (the value, else the placeholder); radio
buttons and checkboxes; static, external and conversation selects (the chosen option, else
the placeholder, and a chevron); their multi-select forms (a chip per chosen option); date,
time and date-time pickers (a calendar or clock icon and the value).
"""

from __future__ import annotations

import html
from datetime import date, time
from typing import Any

from mock_text import channel_name, text_obj

_TEXT_INPUTS = ("plain_text_input", "url_text_input", "email_text_input", "number_input")
_SELECTS = ("static_select", "external_select", "conversations_select", "channels_select")


def _text_input(el: dict[str, Any]) -> str:
    multi = " multi" if el.get("multiline") else ""
    if el.get("initial_value"):
        return f'<div class="box{multi}">{html.escape(el["initial_value"])}</div>'
    return f'<div class="box ph{multi}">{text_obj(el.get("placeholder"))}</div>'


def _choices(el: dict[str, Any]) -> list[str]:
    """What a select shows as chosen, as HTML: option texts, or `# channel`."""
    options = [*el.get("initial_options", []), *filter(None, [el.get("initial_option")])]
    channels = [*el.get("initial_conversations", []), *el.get("initial_channels", [])]
    channels += filter(None, [el.get("initial_conversation"), el.get("initial_channel")])
    return [text_obj(o["text"]) for o in options] + [f"# {channel_name(c)}" for c in channels]


def _select(el: dict[str, Any]) -> str:
    chosen = _choices(el)
    if not chosen:
        return f'<div class="box select ph">{text_obj(el.get("placeholder"))}</div>'
    if el["type"].startswith("multi_"):
        chips = "".join(f'<span class="chip">{c}<span class="x">✕</span></span>' for c in chosen)
        return f'<div class="box select chips">{chips}</div>'
    return f'<div class="box select">{chosen[0]}</div>'


def _picker(icon: str, shown: str | None, placeholder: dict[str, Any] | None, empty: str) -> str:
    if shown:
        return f'<div class="box pick"><span class="icon">{icon}</span>{shown}</div>'
    hint = text_obj(placeholder) if placeholder else empty
    return f'<div class="box pick ph"><span class="icon">{icon}</span>{hint}</div>'


def _day(value: str | None) -> str | None:
    """`2026-03-18` as the date picker shows it: `Mar 18, 2026`."""
    if not value:
        return None
    day = date.fromisoformat(value)
    return f"{day:%b} {day.day}, {day.year}"


def _clock(value: str | None) -> str | None:
    """`08:00` as the time picker shows it on a 12-hour clock: `8:00 AM`."""
    if not value:
        return None
    at = time.fromisoformat(value)
    return f"{at.hour % 12 or 12}:{at:%M} {'AM' if at.hour < 12 else 'PM'}"


def _options(el: dict[str, Any]) -> str:
    kind = el["type"]
    initial = [o["value"] for o in el.get("initial_options", [])]
    if el.get("initial_option"):
        initial.append(el["initial_option"]["value"])
    mark = "radio" if kind == "radio_buttons" else "check"
    rows = []
    for o in el["options"]:
        on = " on" if o["value"] in initial else ""
        desc = o.get("description")
        desc_html = f'<div class="desc">{text_obj(desc)}</div>' if desc else ""
        rows.append(
            f'<div class="opt"><span class="{mark}{on}"></span>'
            f"<div>{text_obj(o['text'])}{desc_html}</div></div>"
        )
    return f'<div class="opts">{"".join(rows)}</div>'


def element(el: dict[str, Any]) -> str:
    """A block element: button, overflow or one of the input elements."""
    kind = el["type"]
    if kind == "button":
        style = el.get("style", "")
        return f'<span class="btn {style}">{text_obj(el["text"])}</span>'
    if kind == "overflow":
        return '<span class="btn overflow">⋯</span>'
    if kind in _TEXT_INPUTS:
        return _text_input(el)
    if kind in ("radio_buttons", "checkboxes"):
        return _options(el)
    if kind in _SELECTS or kind.removeprefix("multi_") in _SELECTS:
        return _select(el)
    if kind == "datepicker":
        shown = _day(el.get("initial_date"))
        return _picker("📅", shown, el.get("placeholder"), "Select a date")
    if kind == "timepicker":
        shown = _clock(el.get("initial_time"))
        return _picker("🕘", shown, el.get("placeholder"), "Select time")
    if kind == "datetimepicker":
        return (
            '<div class="row"><div class="box ph date">📅 Select a date</div>'
            '<div class="box ph date">🕘 Select time</div></div>'
        )
    return f'<span class="box">[{html.escape(kind)}]</span>'
