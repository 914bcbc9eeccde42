"""Conditional GET: 304 exactly when the client's copy is current."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.http_cache import conditional_get, entity_tag

BODY = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
CHANGED = datetime(2026, 12, 1, 10, 30, 15, 500, tzinfo=UTC)


def test_first_fetch_gets_the_body_and_validators() -> None:
    status, headers, body = conditional_get(BODY, CHANGED)
    assert (status, body) == (200, BODY)
    assert headers["ETag"] == entity_tag(BODY)
    assert headers["Last-Modified"] == "Tue, 01 Dec 2026 10:30:15 GMT"


def test_a_matching_etag_gets_304_and_no_body() -> None:
    tag = entity_tag(BODY)
    for sent in (tag, f"W/{tag}", f'"other", {tag}', "*"):
        status, _, body = conditional_get(BODY, CHANGED, if_none_match=sent)
        assert (status, body) == (304, b""), sent


def test_another_etag_gets_the_new_body_even_if_the_date_says_otherwise() -> None:
    status, _, body = conditional_get(
        BODY, CHANGED, if_none_match='"old"', if_modified_since="Wed, 01 Dec 2027 00:00:00 GMT"
    )
    assert (status, body) == (200, BODY)


def test_if_modified_since_alone() -> None:
    assert (
        conditional_get(BODY, CHANGED, if_modified_since="Tue, 01 Dec 2026 10:30:15 GMT")[0] == 304
    )
    assert (
        conditional_get(BODY, CHANGED, if_modified_since="Tue, 01 Dec 2026 10:30:14 GMT")[0] == 200
    )
    assert conditional_get(BODY, CHANGED, if_modified_since="not a date")[0] == 200
