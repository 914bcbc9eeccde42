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
