"""The poll form end to end: opened by `/pmm poll` alone or by the global shortcut, submitted
with Slack's `state.values` shape, wrong entries answered under their fields."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from urllib.parse import urlencode

from slack_sdk.models.views import View

from tests.scenario.test_polls import vote_buttons
from tests.support.blockkit import all_text, assert_within_block_kit_limits
from tests.support.waiting import wait_until


def opened_form(bot) -> dict:
    (call,) = bot.fake.wait_for("views.open")
    view = call.json_param("view")
    View(**view).validate_json()
    assert_within_block_kit_limits(view["blocks"], max_blocks=100)
    return view


def state(**fields) -> dict:
    """state.values for the form: block_id -> {"value": element state}."""
    return {block: {"value": value} for block, value in fields.items()}


def selected(value: str) -> dict:
    return {"type": "radio_buttons", "selected_option": {"value": value}}


def checked(*values: str) -> dict:
    return {"type": "checkboxes", "selected_options": [{"value": v} for v in values]}


def text(value: str) -> dict:
    return {"type": "plain_text_input", "value": value}


def channel(value: str | None) -> dict:
    return {"type": "conversations_select", "selected_conversation": value}


def test_poll_alone_opens_the_form_and_own_choices_take_several_answers(running_bot) -> None:
    running_bot.fake.reset()
    reply = running_bot.slack.command("poll")
    assert reply.status == 200
    view = opened_form(running_bot)
    picker = next(b for b in view["blocks"] if b["block_id"] == "channel")["element"]
    assert picker["initial_conversation"] == "C0CHAN001"
    assert running_bot.fake.calls_to("chat.postMessage") == []

    values = state(
        question=text("Which topic next sync?"),
        kind=selected("own"),
        choices=text("Golden paths\nPlatform APIs\n\nGolden paths\nDeveloper portals"),
        multiple=checked("yes"),
        deadline={"type": "static_select", "selected_option": {"value": "1d"}},
        visibility=checked("public"),
        channel=channel("C0CHAN001"),
    )
    answer = running_bot.slack.view_submission(view, values, user_id="U0FORMUSR1")
    assert answer.status == 200
    assert not answer.body.strip(b"{}")  # closed: no errors
    (post,) = running_bot.fake.wait_for("chat.postMessage")
    message = post.params
    assert post.params["channel"] == "C0CHAN001"
    (row,) = vote_buttons(message)
    assert [b["text"]["text"] for b in row] == [
        "Golden paths",
        "Platform APIs",
        "Developer portals",
    ]
    assert "pick as many as you like" in all_text(message["blocks"])
    poll_id = row[0]["value"].split(":")[0]
    wait_until(lambda: running_bot.services.polls.snapshot(poll_id).message_ts, what="the ts")
    snapshot = running_bot.services.polls.snapshot(poll_id)
    assert snapshot.creator_id == "U0FORMUSR1"
    assert snapshot.closes_at - snapshot.created_at == timedelta(days=1)

    running_bot.slack.action(row[0]["action_id"], row[0]["value"], user_id="U0PICKER01")
    running_bot.slack.action(row[2]["action_id"], row[2]["value"], user_id="U0PICKER01")
    held = running_bot.fake.wait_for("response_url", 2)[-1]
    held_text = all_text(held.json_param("blocks"))
    assert "Golden paths" in held_text
    assert "Developer portals" in held_text
    update = running_bot.fake.wait_for(
        "chat.update", where=lambda c: "1 person has voted" in all_text(c.json_param("blocks"))
    )[-1]
    assert "(100%)" in all_text(update.json_param("blocks"))  # of the people, not the votes


def test_wrong_entries_come_back_under_their_fields(running_bot) -> None:
    running_bot.fake.reset()
    running_bot.slack.command("poll")
    view = opened_form(running_bot)
    past = int(time.time()) - 3600
    values = state(
        kind=selected("own"),
        choices=text("Only one"),
        multiple=checked("yes"),
        deadline={"type": "static_select", "selected_option": {"value": "none"}},
        closes_at={"type": "datetimepicker", "selected_date_time": past},
        channel=channel("C0CHAN001"),
    )
    answer = running_bot.slack.view_submission(view, values).json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"choices", "closes_at"}
    assert "2 to 10" in answer["errors"]["choices"]
    assert "passed" in answer["errors"]["closes_at"]

    values = state(kind=selected("levels"), multiple=checked("yes"), channel=channel("C0CHAN001"))
    answer = running_bot.slack.view_submission(view, values).json()
    assert set(answer["errors"]) == {"multiple"}
    assert running_bot.fake.calls_to("chat.postMessage") == []


def test_the_shortcut_opens_the_form_and_a_channel_without_the_bot_is_said(running_bot) -> None:
    running_bot.fake.reset()
    payload = {
        "type": "shortcut",
        "callback_id": "pmm_start_poll",
        "trigger_id": f"trigger-{time.monotonic_ns()}",
        "team": {"id": "T1", "domain": "community"},
        "user": {"id": "U0SHORTCUT", "username": "u", "team_id": "T1"},
        "api_app_id": "A0PMM",
        "action_ts": f"{time.time():.6f}",
    }
    reply = running_bot.slack.post(urlencode({"payload": json.dumps(payload)}),
                                   "application/x-www-form-urlencoded")  # fmt: skip
    assert reply.status == 200
    view = opened_form(running_bot)
    picker = next(b for b in view["blocks"] if b["block_id"] == "channel")["element"]
    assert "initial_conversation" not in picker

    running_bot.fake.fail("chat.postMessage", 200, error="not_in_channel")
    values = state(kind=selected("aspects"), channel=channel("C0NOTHERE1"))
    answer = running_bot.slack.view_submission(view, values).json()
    assert answer["response_action"] == "errors"
    assert "/invite @pmm-bot" in answer["errors"]["channel"]
    assert running_bot.services.listings.open_in_channel("C0NOTHERE1") == []


def test_the_form_starts_a_team_self_assessment_too(running_bot) -> None:
    running_bot.fake.reset()
    running_bot.slack.command("poll")
    view = opened_form(running_bot)
    values = state(
        question=text("Q3 where are we?"),
        kind=selected("assessment"),
        deadline={"type": "static_select", "selected_option": {"value": "3d"}},
        channel=channel("C0CHAN001"),
    )
    answer = running_bot.slack.view_submission(view, values, user_id="U0FORMUSR2")
    assert answer.status == 200
    (post,) = running_bot.fake.wait_for("chat.postMessage")
    shown = all_text(post.json_param("blocks"))
    assert "Take the assessment" in shown
    assert "Q3 where are we?" in shown
