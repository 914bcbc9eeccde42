"""Conditional GET for the calendar feed: an ETag and Last-Modified on every answer, and
304 Not Modified when the client already has this version (RFC 9110 section 13)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime


def entity_tag(body: bytes) -> str:
    """A strong ETag for `body`."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(if_none_match: str, tag: str) -> bool:
    wanted = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in wanted or tag in wanted


def _not_modified_since(if_modified_since: str, last_modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return last_modified.replace(microsecond=0) <= since


def conditional_get(
    body: bytes,
    last_modified: datetime,
    *,
    if_none_match: str | None = None,
    if_modified_since: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """Status, validator headers and body: 304 with no body when the client's copy is
    current (If-None-Match wins over If-Modified-Since, as RFC 9110 says)."""
    tag = entity_tag(body)
    headers = {
        "ETag": tag,
        "Last-Modified": format_datetime(last_modified.astimezone(UTC), usegmt=True),
    }
    if if_none_match is not None:
        fresh = _matches(if_none_match, tag)
    else:
        fresh = if_modified_since is not None and _not_modified_since(
            if_modified_since, last_modified
        )
    return (304, headers, b"") if fresh else (200, headers, body)
