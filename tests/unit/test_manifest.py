"""manifest.yml validates against Slack's schema and declares exactly what handlers/ use."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import yaml

from handlers import slack_needs

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT.parent / "shared" / "slack-manifest-schema" / "manifest.schema.1.0.0.json"


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_validates_against_slacks_schema(manifest: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"Slack's manifest schema is not at {SCHEMA}")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator(schema).validate(manifest)
    assert manifest["_metadata"]["major_version"] == 1


def test_manifest_declares_exactly_the_commands_events_and_scopes_in_use(manifest: dict) -> None:
    needs = slack_needs()
    declared_commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    declared_events = set(manifest["settings"].get("event_subscriptions", {}).get("bot_events", []))
    assert declared_commands == needs.commands
    assert declared_events == needs.bot_events
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == needs.bot_scopes
    assert manifest["settings"]["interactivity"]["is_enabled"] is needs.interactivity
    assert manifest["features"]["app_home"]["home_tab_enabled"] is needs.home_tab
    declared_shortcuts = {
        (s["callback_id"], s["name"], s["description"]) for s in manifest["features"]["shortcuts"]
    }
    assert declared_shortcuts == needs.shortcuts


def test_slash_commands_have_description_and_usage_hint(manifest: dict) -> None:
    for command in manifest["features"]["slash_commands"]:
        assert command["description"]
        assert command["usage_hint"]


def test_the_shipped_manifest_is_the_generated_one() -> None:
    from bot.app.manifest import build_manifest, manifest_yaml

    assert (ROOT / "manifest.yml").read_text() == manifest_yaml(build_manifest()), (
        "regenerate it: pmm-bot manifest --all > manifest.yml"
    )


COMBINATIONS = [
    frozenset(c)
    for n in range(4)
    for c in itertools.combinations(sorted(["welcome", "organizer_group", "channel_names"]), n)
]


@pytest.mark.parametrize("http_url", [None, "https://pmm.example.org"])
@pytest.mark.parametrize("features", COMBINATIONS, ids=lambda f: "+".join(sorted(f)) or "none")
def test_every_generated_manifest_validates_and_asks_only_for_what_is_used(
    features: frozenset[str], http_url: str | None
) -> None:
    from bot.app.manifest import build_manifest, manifest_yaml

    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.is_file():
        pytest.skip(f"Slack's manifest schema is not at {SCHEMA}")
    manifest = yaml.safe_load(manifest_yaml(build_manifest(features, http_url=http_url)))
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).validate(manifest)

    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert ("usergroups:read" in scopes) is ("organizer_group" in features)
    assert ("groups:read" in scopes) is bool(features & {"welcome", "channel_names"})
    assert ("member_joined_channel" in events) is ("welcome" in features)
    assert manifest["settings"]["socket_mode_enabled"] is (http_url is None)
    urls = [
        manifest["features"]["slash_commands"][0].get("url"),
        manifest["settings"]["interactivity"].get("request_url"),
        manifest["settings"]["event_subscriptions"].get("request_url"),
    ]
    expected = f"{http_url}/slack/events" if http_url else None
    assert urls == [expected] * 3


def test_features_follow_the_settings_and_config(tmp_path, monkeypatch) -> None:
    from bot.app.manifest import features_for
    from bot.meetings.config import load_file_config
    from bot.settings import StorageSettings

    config = tmp_path / "pmm.toml"
    config.write_text('[welcome]\nenabled = true\nchannels = ["#welcome"]\n')
    settings = StorageSettings(PMM_ORGANIZER_GROUP="wg-leads", PMM_CONFIG=str(config))
    assert features_for(settings, load_file_config(config)) == {
        "welcome",
        "organizer_group",
        "channel_names",
    }
    plain = StorageSettings(PMM_REMINDER_CHANNEL="C0REMIND01")
    assert features_for(plain, load_file_config(None)) == frozenset()


def test_the_manifest_command_prints_yaml_for_http(tmp_path, monkeypatch, capsys) -> None:
    from bot.cli import main

    monkeypatch.chdir(tmp_path)
    for name in ("PMM_CONFIG", "PMM_ORGANIZER_GROUP", "PMM_REMINDER_CHANNEL"):
        monkeypatch.delenv(name, raising=False)
    assert main(["manifest", "--http", "https://pmm.example.org/"]) == 0
    manifest = yaml.safe_load(capsys.readouterr().out)
    assert manifest["settings"]["interactivity"]["request_url"] == (
        "https://pmm.example.org/slack/events"
    )
    assert main(["manifest", "--http", "pmm.example.org"]) == 2
    assert "starting with https://" in capsys.readouterr().err
