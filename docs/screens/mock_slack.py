"""Block Kit -> a self-contained HTML page that looks roughly like Slack (for screenshots).

Only what the bot sends is covered: header, section (text, fields, accessory), context,
divider, actions, input; the elements are mock_elements.py's, the text mock_text.py's.
Pages: a channel with one bot message, the App Home tab, a modal.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from mock_elements import element
from mock_text import CHANNELS, READER, USERS, mrkdwn, text_obj

# What make_screens.py uses, text and elements included.
__all__ = [
    "CHANNELS",
    "READER",
    "USERS",
    "blocks",
    "element",
    "home_page",
    "message_page",
    "modal_page",
    "mrkdwn",
    "text_obj",
]

# Slack-like look of the mock, in its own file.
CSS = (Path(__file__).parent / "mock_slack.css").read_text()


def block(b: dict[str, Any]) -> str:
    """One block as HTML."""
    kind = b["type"]
    if kind == "header":
        return f'<div class="header">{text_obj(b["text"])}</div>'
    if kind == "divider":
        return '<hr class="divider">'
    if kind == "context":
        parts = [f"<span>{text_obj(e)}</span>" for e in b["elements"] if "text" in e]
        return f'<div class="context">{" ".join(parts)}</div>'
    if kind == "actions":
        return f'<div class="actions">{"".join(element(e) for e in b["elements"])}</div>'
    if kind == "section":
        body = f'<div class="text">{text_obj(b.get("text"))}</div>' if b.get("text") else ""
        if b.get("fields"):
            cells = "".join(f"<div>{text_obj(f)}</div>" for f in b["fields"])
            body += f'<div class="fields">{cells}</div>'
        side = b.get("accessory")
        aside = f'<div class="accessory">{element(side)}</div>' if side else ""
        return f'<div class="section"><div class="main">{body}</div>{aside}</div>'
    if kind == "input":
        optional = ' <span class="optional">(optional)</span>' if b.get("optional") else ""
        hint = f'<div class="hint">{text_obj(b["hint"])}</div>' if b.get("hint") else ""
        label = f'<div class="label">{text_obj(b["label"])}{optional}</div>'
        return f'<div class="input">{label}{element(b["element"])}{hint}</div>'
    return f'<div class="context">[{html.escape(kind)} block]</div>'


def blocks(items: list[dict[str, Any]]) -> str:
    """A list of blocks as HTML."""
    return "\n".join(block(b) for b in items)


def _page(body: str) -> str:
    script = (
        "<script>addEventListener('load',()=>{document.body.dataset.h="
        "Math.ceil(document.getElementById('page').getBoundingClientRect().bottom)})</script>"
    )
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<style>{CSS}</style></head><body><div id="page">{body}</div>{script}</body></html>'
    )


def _bot_message(items: list[dict[str, Any]], time: str) -> str:
    return (
        '<div class="msg"><div class="avatar">PMM</div><div class="content">'
        '<div class="meta"><b>pmm-bot</b> <span class="badge">APP</span>'
        f'<span class="time">{html.escape(time)}</span></div>{blocks(items)}</div></div>'
    )


def message_page(items: list[dict[str, Any]], channel: str, time: str = "10:42 AM") -> str:
    """A channel pane with one bot message."""
    bar = f'<div class="bar"># {html.escape(channel)}</div>'
    return _page(bar + _bot_message(items, time))


def home_page(view: dict[str, Any]) -> str:
    """The bot's App Home tab."""
    tabs = "".join(
        f'<span class="tab{" on" if t == "Home" else ""}">{t}</span>'
        for t in ("Home", "Messages", "About")
    )
    bar = f'<div class="bar">pmm-bot {tabs}</div>'
    return _page(f'{bar}<div class="msg"><div class="content">{blocks(view["blocks"])}</div></div>')


def modal_page(view: dict[str, Any]) -> str:
    """A modal over a dimmed window: title bar, blocks, Close and Submit."""
    buttons = f'<span class="btn">{text_obj(view.get("close"))}</span>'
    if view.get("submit"):
        buttons += f'<span class="btn primary">{text_obj(view["submit"])}</span>'
    return _page(
        '<div class="backdrop"><div class="modal"><div class="title">'
        f'<div class="avatar">PMM</div>{text_obj(view["title"])}<span class="x">✕</span></div>'
        f'<div class="body">{blocks(view["blocks"])}</div>'
        f'<div class="foot">{buttons}</div></div></div>'
    )
