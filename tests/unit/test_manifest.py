"""manifest.yml validates against Slack's schema and declares exactly what handlers/ use."""

from __future__ import annotations

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


def test_slash_commands_have_description_and_usage_hint(manifest: dict) -> None:
    for command in manifest["features"]["slash_commands"]:
        assert command["description"]
        assert command["usage_hint"]
