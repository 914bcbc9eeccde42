"""Forged, stale and unsigned requests are refused with 401 and reach nothing."""

from __future__ import annotations

import time


def test_forged_signature_gets_401_and_no_web_api_call(http_bot) -> None:
    reply = http_bot.slack.command("level 3", signature="v0=" + "0" * 64)
    assert reply.status == 401
    reply = http_bot.slack.action("pmm_share_answer", "level:3", signature="v0=deadbeef")
    assert reply.status == 401
    assert http_bot.fake.calls == []


def test_stale_timestamp_gets_401(http_bot) -> None:
    stale = int(time.time()) - 5 * 60 - 5
    assert http_bot.slack.command("level 3", timestamp=stale).status == 401
    assert http_bot.slack.action("pmm_share_answer", "level:3", timestamp=stale).status == 401
    assert http_bot.fake.calls == []


def test_request_signed_with_another_secret_gets_401(http_bot) -> None:
    from tests.support.slack_requests import SlackSender

    other = SlackSender(http_bot.server.url, "some-other-secret-xyz")
    assert other.command("level 3").status == 401


def test_healthz_answers_small_json_without_secrets(http_bot) -> None:
    reply = http_bot.slack.get("/healthz")
    assert reply.status == 200
    assert reply.json()["status"] == "ok"
    assert b"xoxb" not in reply.body
    assert b"secret" not in reply.body.lower()


def test_unknown_path_is_404(http_bot) -> None:
    assert http_bot.slack.get("/nope").status == 404
