"""Block Kit -> a self-contained HTML page that looks roughly like Slack (for screenshots).

Only what the bot sends is covered: header, section (text, fields, accessory), context,
divider, actions, input; buttons, overflow menus and the modal input elements.
"""

from __future__ import annotations

import html
import re
from typing import Any

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


CSS = """
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1d1c1d; -webkit-font-smoothing: antialiased;
  font: 15px/1.46668 Lato, "Helvetica Neue", Helvetica, Arial, "Noto Color Emoji", sans-serif; }
#page { width: 800px; padding-bottom: 16px; }
#page:has(.backdrop) { padding-bottom: 0; }
.bar { height: 49px; border-bottom: 1px solid #e2e2e2; padding: 0 20px; display: flex;
  align-items: center; font-weight: 900; font-size: 18px; gap: 24px; }
.bar .tab { font-size: 14px; font-weight: 700; color: #616061; padding: 14px 0; }
.bar .tab.on { color: #1d1c1d; border-bottom: 2px solid #1264a3; }
.msg { display: flex; gap: 8px; padding: 12px 20px 4px; }
.avatar { flex: 0 0 36px; height: 36px; border-radius: 6px; background: #326ce5; color: #fff;
  font: 900 12px/36px Lato, sans-serif; text-align: center; }
.content { flex: 1; min-width: 0; }
.meta { line-height: 22px; } .meta b { font-weight: 900; }
.badge { background: rgba(29,28,29,.13); color: rgba(29,28,29,.7); font-size: 10px;
  font-weight: 700; padding: 1px 3px; border-radius: 2px; vertical-align: 2px; }
.time { color: #616061; font-size: 12px; margin-left: 4px; }
.header { font-size: 18px; font-weight: 900; line-height: 1.33; margin: 6px 0 4px; }
.section { display: flex; gap: 12px; margin: 6px 0; align-items: flex-start; }
.section .main { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.text, .fields > div, .context span { white-space: pre-wrap; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 6px; }
.context { font-size: 12px; color: #616061; margin: 6px 0; line-height: 1.5; }
.context b { color: #1d1c1d; }
.divider { border: 0; border-top: 1px solid #e2e2e2; margin: 12px 0; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; }
.btn { display: inline-block; height: 28px; line-height: 26px; padding: 0 12px;
  border: 1px solid rgba(29,28,29,.3); border-radius: 4px; font-size: 13px; font-weight: 700;
  background: #fff; white-space: nowrap; }
.btn.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.btn.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.btn.overflow { padding: 0 8px; font-size: 16px; }
b { font-weight: 900; }
a { color: #1264a3; text-decoration: none; }
.mention { color: #1264a3; background: rgba(29,155,209,.1); border-radius: 3px; padding: 0 2px; }
code { font: 12px Monaco, Menlo, "DejaVu Sans Mono", monospace; color: #e01e5a;
  background: rgba(29,28,29,.04); border: 1px solid rgba(29,28,29,.13); border-radius: 3px;
  padding: 1px 3px; }
pre { font: 12px Monaco, Menlo, "DejaVu Sans Mono", monospace; background: rgba(29,28,29,.04);
  border: 1px solid rgba(29,28,29,.13); border-radius: 4px; padding: 8px; margin: 4px 0;
  white-space: pre-wrap; }
.backdrop { background: rgba(0,0,0,.45); padding: 32px 0; }
.modal { width: 560px; margin: 0 auto; background: #fff; border-radius: 8px;
  box-shadow: 0 18px 48px rgba(0,0,0,.35); }
.modal .title { display: flex; align-items: center; gap: 10px; padding: 16px 24px;
  font-size: 22px; font-weight: 900; border-bottom: 1px solid #e2e2e2; }
.modal .title .avatar { flex-basis: 28px; height: 28px; font-size: 10px; line-height: 28px; }
.modal .title .x { margin-left: auto; color: #616061; font-weight: 400; }
.modal .body { padding: 12px 24px 8px; }
.modal .foot { display: flex; justify-content: flex-end; gap: 12px; padding: 20px 24px;
  border-top: 1px solid #e2e2e2; }
.modal .foot .btn { height: 36px; line-height: 34px; padding: 0 16px; font-size: 15px; }
.input { margin: 14px 0 18px; }
.label { font-weight: 900; margin-bottom: 8px; }
.optional { font-weight: 400; color: #616061; }
.hint { font-size: 13px; color: #616061; margin-top: 6px; }
.box { border: 1px solid rgba(29,28,29,.3); border-radius: 4px; padding: 8px 12px;
  min-height: 40px; background: #fff; }
.box.multi { min-height: 96px; white-space: pre-line; }
.box.select { position: relative; padding-right: 32px; }
.box.select::after { content: ""; position: absolute; right: 14px; top: 14px; width: 7px;
  height: 7px; border: solid #616061; border-width: 0 2px 2px 0; transform: rotate(45deg); }
.box.date { flex: 1; }
.ph { color: #868686; }
.row { display: flex; gap: 12px; }
.opts { display: flex; flex-direction: column; gap: 8px; }
.opt { display: flex; gap: 10px; align-items: flex-start; }
.opt .desc { font-size: 13px; color: #616061; }
.radio, .check { flex: 0 0 16px; height: 16px; margin-top: 3px; border: 1px solid #868686;
  background: #fff; }
.radio { border-radius: 50%; } .check { border-radius: 3px; }
.radio.on { border: 5px solid #1264a3; }
.check.on { background: #1264a3; border-color: #1264a3; }
"""


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
