"""Block Kit -> a self-contained HTML page that looks roughly like Slack (for screenshots).

Only what the bot sends is covered: header, section (text, fields, accessory), context,
divider, actions, input; buttons, overflow menus and the modal input elements.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

# Slack-like look of the mock, in its own file.
CSS = (Path(__file__).parent / "mock_slack.css").read_text()
EMOJI = {"warning": "⚠️", "calendar": "📅", "bar_chart": "📊", "white_check_mark": "✅"}
USERS: dict[str, str] = {}  # user id -> display name; unknown ids show as "@user"
CHANNELS: dict[str, str] = {}  # channel id -> name; unknown ids show as "#channel"


def _unentity(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _esc(text: str) -> str:
    return html.escape(_unentity(text), quote=True)


def _emoji(text: str) -> str:
    return re.sub(r":([a-z0-9_+-]+):", lambda m: EMOJI.get(m[1], m[0]), text)


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
        return _esc(label or target)
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


def text_obj(obj: dict[str, Any] | None) -> str:
    """A plain_text or mrkdwn text object as HTML."""
    if not obj:
        return ""
    if obj.get("type") == "mrkdwn":
        return mrkdwn(obj["text"])
    return _emoji(html.escape(obj["text"])).replace("\n", "<br>")


def element(el: dict[str, Any]) -> str:
    """A block element: button, overflow or one of the input elements."""
    kind = el["type"]
    if kind == "button":
        style = el.get("style", "")
        return f'<span class="btn {style}">{text_obj(el["text"])}</span>'
    if kind == "overflow":
        return '<span class="btn overflow">⋯</span>'
    if kind == "plain_text_input":
        hint = text_obj(el.get("placeholder"))
        cls = "box ph multi" if el.get("multiline") else "box ph"
        return f'<div class="{cls}">{hint}</div>'
    if kind in ("radio_buttons", "checkboxes"):
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
    if kind == "static_select":
        chosen = el.get("initial_option")
        shown = text_obj(chosen["text"]) if chosen else text_obj(el.get("placeholder"))
        return f'<div class="box select{"" if chosen else " ph"}">{shown}</div>'
    if kind == "conversations_select":
        cid = el.get("initial_conversation")
        if cid:
            return f'<div class="box select"># {_esc(CHANNELS.get(cid, "channel"))}</div>'
        return f'<div class="box select ph">{text_obj(el.get("placeholder"))}</div>'
    if kind == "datetimepicker":
        return (
            '<div class="row"><div class="box ph date">📅 Select a date</div>'
            '<div class="box ph date">🕘 Select time</div></div>'
        )
    return f'<span class="box">[{html.escape(kind)}]</span>'


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
