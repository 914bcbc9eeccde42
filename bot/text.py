"""Safe text for Slack: escaping user input for mrkdwn and trimming to Block Kit limits."""

from __future__ import annotations

import re

# Control characters other than tab and newline render as boxes or break layouts.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def escape_mrkdwn(text: str) -> str:
    """Escape &, < and > so user text can never become a link, a mention or `<!channel>`."""
    return _CONTROL.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `limit` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(ellipsis))] + ellipsis


def quote_user_text(text: str, limit: int = 80) -> str:
    """User text shortened and escaped, ready to echo back inside a sentence."""
    return escape_mrkdwn(truncate(" ".join(text.split()), limit))


# Formatting marks swapped for look-alikes in titles shown inside bold or italic text: Slack
# mrkdwn has no escape character, so `*bold*` in a title would end the bold around it.
_MARKS = str.maketrans({"*": "∗", "_": "ˍ", "~": "∼", "`": "ˋ"})


def quote_title(text: str, limit: int = 100) -> str:
    """A user's title shortened, escaped and with formatting marks neutralised, to show
    inside a sentence or between `*...*`."""
    return quote_user_text(text, limit).translate(_MARKS)


def plural(count: int, singular: str, many: str | None = None) -> str:
    """`1 vote`, `2 votes`, `1 person`, `3 people` (with `many`), thousands separated."""
    word = singular if count == 1 else (many or singular + "s")
    return f"{count:,} {word}"


def whole_number(word: str) -> int | None:
    """The number a word of ASCII digits says (`12`), else None: `²` and `٣` are digits to
    str.isdigit, but int() refuses the first and nobody types the second for an item."""
    return int(word) if word.isascii() and word.isdigit() else None


def spoken_list(parts: list[str], last: str = "and") -> str:
    """`a`, `a and b`, `a, b and c` (or `a, b or c` with `last="or"`)."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {last} {parts[-1]}"
