"""Socket Mode as Slack runs it: connections that Slack rotates, closes without warning or
loses at the TCP level, redelivered envelopes, and tokens Slack refuses.

The bot holds two connections (Slack delivers each envelope to one of them); here both are
cut at once, so the time until the bot answers again is its own reconnection time.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterator

import pytest

from tests.conftest import RunningBot, start_bot, stop_bot
from tests.support.fake_socket_mode import FakeSocketMode
from tests.support.serve_process import serve_until_exit

# The bot must answer again within this after losing every connection.
BACK_WITHIN = 3.0


@pytest.fixture
def socket_bot(fake_slack, database_url) -> Iterator[RunningBot]:
    running = start_bot(fake_slack, database_url, transport="socket")
    try:
        yield running
    finally:
        stop_bot(running)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def answered_again(bot: RunningBot, cut: Callable[[int], object]) -> tuple[float, float]:
    """Cut every open connection with `cut`, then send `/pmm help` until one is acked:
    (seconds until the bot answered, CPU seconds this process used meanwhile)."""
    socket = bot.socket
    assert socket is not None
    for conn in socket.wait_connected(2):
        cut(conn)
    started, cpu = time.monotonic(), cpu_seconds()
    newest = max(c.id for c in socket.connections)
    socket.wait_new_connection(newest, timeout=BACK_WITHIN + 2)
    reply = bot.slack.command("help")
    took = time.monotonic() - started
    assert reply.status == 200
    assert "pmm-bot commands" in reply.body.decode()
    return took, cpu_seconds() - cpu


@pytest.mark.parametrize(
    "fault",
    ["rotate", "close", "drop"],
    ids=["disconnect-then-close", "bare-close-frame", "tcp-dropped"],
)
def test_the_bot_answers_again_soon_after_losing_its_connections(socket_bot, fault) -> None:
    cut = getattr(socket_bot.socket, fault)
    took, cpu = answered_again(socket_bot, cut)
    assert took < BACK_WITHIN, f"deaf for {took:.1f} s"
    assert cpu < 0.8 * took + 0.3, f"{cpu:.2f} CPU s in {took:.2f} s: a core was spinning"
    socket_bot.socket.wait_connected(2, timeout=BACK_WITHIN)  # both connections are back


def test_one_connection_lost_never_leaves_the_bot_deaf(socket_bot) -> None:
    socket = socket_bot.socket
    first, _second = socket.wait_connected(2)
    socket.drop(first)
    for _ in range(5):  # at once, while the dropped one reconnects
        assert socket_bot.slack.command("help").status == 200


def test_a_redelivered_event_takes_effect_once(socket_bot) -> None:
    event = {"type": "app_home_opened", "user": "U0HOMEUSR1", "tab": "home"}
    body = socket_bot.slack.event_body(event, event_id="EvRETRY1")
    for retry in ("", "1", "2"):
        headers = {"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "timeout"} if retry else {}
        assert socket_bot.slack.post(body, "application/json", headers=headers).status == 200
    socket_bot.finish_background_work()
    assert len(socket_bot.fake.calls_to("views.publish")) == 1


def test_each_envelope_logs_under_its_own_request_id(socket_bot, caplog) -> None:
    import logging

    from bot.logging_setup import RequestIdFilter

    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(RequestIdFilter())
    for user in ("U0SOCKET01", "U0SOCKET02"):
        socket_bot.slack.command("level 2", user_id=user)
    ids = [r.request_id for r in caplog.records if r.name == "pmm_bot.requests"]
    assert len(ids) == 2
    assert len(set(ids)) == 2
    assert "-" not in ids


def test_a_refused_app_token_stops_serve_with_the_settings_message(fake_slack, tmp_path):
    with FakeSocketMode() as socket:
        socket.install(fake_slack).reject_open("invalid_auth")
        server = serve_until_exit(tmp_path, fake_slack, SLACK_APP_TOKEN="xapp-1-A0PMM-refused")
    assert server.returncode == 2
    message = server.stderr
    assert "pmm-bot can't start: SLACK_APP_TOKEN was refused by Slack (invalid_auth)" in message
    assert "connections:write" in message
    assert "Traceback" not in message


def test_a_refused_bot_token_stops_serve_with_the_settings_message(fake_slack, tmp_path):
    fake_slack.handlers["auth.test"] = lambda call: {"ok": False, "error": "invalid_auth"}
    server = serve_until_exit(tmp_path, fake_slack)
    assert server.returncode == 2
    message = server.stderr
    assert "pmm-bot can't start: SLACK_BOT_TOKEN was refused by Slack (invalid_auth)" in message
    assert "Traceback" not in message
