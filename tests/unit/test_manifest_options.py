"""External selects (the meeting form's zone pickers) get their options from the bot: over
HTTP Slack must be told where to ask; over Socket Mode they come through the socket."""

from __future__ import annotations

from bot.app.manifest import build_manifest


def test_http_manifests_name_the_options_url() -> None:
    interactivity = build_manifest(http_url="https://pmm.example.org")["settings"]["interactivity"]
    assert interactivity["message_menu_options_url"] == "https://pmm.example.org/slack/events"


def test_socket_mode_manifests_need_no_url() -> None:
    assert "message_menu_options_url" not in build_manifest()["settings"]["interactivity"]
