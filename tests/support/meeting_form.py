"""Slack's side of App Home and of a modal with live inputs, for the meeting form's tests:
clicks in Home, the form's state as Slack sends it, its submission (sent again unchanged for
a redelivery), and block_suggestion / block_actions from inside the open form."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.models.views import View

from tests.support.blockkit import assert_within_block_kit_limits

FORM = "application/x-www-form-urlencoded"
ORGANISER = "U0ORGANIZ1"


def open_home(bot, user: str = ORGANISER) -> dict[str, Any]:
    """`user` opens the Home tab: the view published, checked by slack_sdk's model."""
    bot.fake.reset()
    bot.slack.event({"type": "app_home_opened", "user": user, "tab": "home"})
    (call,) = bot.fake.wait_for("views.publish")
    view = call.json_param("view")
    View(**view).validate_json()
    assert_within_block_kit_limits(view["blocks"], max_blocks=100)
    return view


def home_button(view: dict[str, Any], action_id: str, value: str = "") -> dict[str, Any]:
    """The button `action_id` (with `value`, when given) of a Home view."""
    return next(
        element
        for block in view["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == action_id and (not value or element.get("value") == value)
    )


def click_in_home(bot, element: dict[str, Any], user: str = ORGANISER) -> None:
    """`user` clicks `element` in their Home tab (a fresh trigger_id each time)."""
    bot.fake.reset()
    assert (
        bot.slack.action(
            element["action_id"], element.get("value", ""), user_id=user, in_home=True
        ).status
        == 200
    )


def opened_form(bot) -> dict[str, Any]:
    """The view of the one views.open call, with the id and hash Slack gives it."""
    (call,) = bot.fake.wait_for("views.open")
    view = call.json_param("view")
    View(**view).validate_json()
    assert_within_block_kit_limits(view["blocks"], max_blocks=100)
    return view | {"id": "VFORM00001", "hash": "1700000000.abcdef"}


def state_of(view: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """state.values as Slack sends it for the form as opened, with `changes` (field ->
    the element's state) typed over it."""
    kinds = {
        "external_select": "selected_option",
        "static_select": "selected_option",
        "datepicker": "selected_date",
        "timepicker": "selected_time",
        "conversations_select": "selected_conversation",
        "multi_external_select": "selected_options",
    }
    initial = {
        "selected_option": "initial_option",
        "selected_date": "initial_date",
        "selected_time": "initial_time",
        "selected_conversation": "initial_conversation",
        "selected_options": "initial_options",
    }
    values = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        key = kinds.get(element["type"], "value")
        field = block["block_id"]
        given = changes.get(field, element.get(initial.get(key, "initial_value")))
        values[field] = {element["action_id"]: {"type": element["type"], key: given}}
    return values


def option(value: str) -> dict[str, Any]:
    """A select option as Slack reports the one picked."""
    return {"text": {"type": "plain_text", "text": value}, "value": value}


def submission_body(view: dict[str, Any], values: dict[str, Any], user: str = ORGANISER) -> str:
    """A view_submission exactly as Slack sends it (its redelivery sends the same body)."""
    payload = {
        "type": "view_submission",
        "team": {"id": "T1", "domain": "community"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A0PMM",
        "trigger_id": f"trigger-{time.monotonic_ns()}",
        "view": view | {"state": {"values": values}},
        "response_urls": [],
    }
    return urlencode({"payload": json.dumps(payload)})


def in_form(bot, kind: str, view: dict[str, Any], fields: dict[str, Any], **typed: Any) -> Any:
    """A block_suggestion or block_actions sent from inside the open form (filled in as it
    was opened, and with `typed`)."""
    payload = {
        "type": kind,
        "team": {"id": "T1", "domain": "community"},
        "user": {"id": ORGANISER, "username": "organiser", "team_id": "T1"},
        "api_app_id": "A0PMM",
        "container": {"type": "view", "view_id": view["id"]},
        "view": view | {"state": {"values": state_of(view, **typed)}},
        **fields,
    }
    return bot.slack.post(urlencode({"payload": json.dumps(payload)}), FORM)
