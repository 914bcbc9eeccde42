"""Every payload kind Slack sends, signed, with fields removed, nulled or mistyped: never a
5xx (Bolt reads some of these fields before any code of ours runs); and real payloads as
Slack documents them, objects where ids usually are, extra fields, event types nobody
handles: accepted, never refused as malformed."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.slack_requests import FORM

junk = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
user = st.one_of(junk, st.fixed_dictionaries({"id": st.one_of(junk, st.just("U0HOSTILE1"))}))
view = st.one_of(
    junk,
    st.fixed_dictionaries(
        {},
        optional={
            "type": st.one_of(junk, st.just("modal")),
            "callback_id": st.one_of(junk, st.just("pmm_anything")),
            "id": junk,
            "state": junk,
            "private_metadata": junk,
        },
    ),
)
common = {"user": user, "team": junk, "trigger_id": junk, "response_url": junk, "token": junk}
KINDS: dict[str, Any] = {
    "view_submission": st.fixed_dictionaries(
        {"type": st.just("view_submission")}, optional={**common, "view": view}
    ),
    "view_closed": st.fixed_dictionaries(
        {"type": st.just("view_closed")}, optional={**common, "view": view, "is_cleared": junk}
    ),
    "shortcut": st.fixed_dictionaries(
        {"type": st.just("shortcut")}, optional={**common, "callback_id": junk}
    ),
    "message_action": st.fixed_dictionaries(
        {"type": st.just("message_action")},
        optional={**common, "callback_id": junk, "message": junk, "channel": junk},
    ),
    "block_suggestion": st.fixed_dictionaries(
        {"type": st.just("block_suggestion")},
        optional={**common, "action_id": junk, "block_id": junk, "value": junk, "view": view},
    ),
}
FIELDS = ["command", "text", "user_id", "channel_id", "trigger_id", "response_url", "team_id"]
commands = st.dictionaries(
    st.sampled_from(FIELDS), st.one_of(st.text(max_size=30), st.just("/pmm")), max_size=7
)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_malformed_payloads_of_every_kind_never_get_a_5xx(running_bot, kind: str) -> None:
    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(payload=KINDS[kind])
    def check(payload: dict[str, Any]) -> None:
        reply = running_bot.slack.post(urlencode({"payload": json.dumps(payload)}), FORM)
        assert reply.status < 500, (payload, reply.status)

    check()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(form=commands)
def test_slash_commands_with_fields_missing_never_get_a_5xx(running_bot, form) -> None:
    reply = running_bot.slack.post(urlencode(form), FORM)
    assert reply.status < 500, (form, reply.status)


REAL_EVENTS = [
    # team_join: `user` is a whole user object (api.slack.com/events/team_join)
    {
        "type": "team_join",
        "user": {
            "id": "U0NEWBIE01",
            "name": "newbie",
            "is_bot": False,
            "profile": {"real_name": "New Bie"},
        },
    },
    # im_created: `channel` is an object (api.slack.com/events/im_created)
    {"type": "im_created", "user": "U0NEWBIE01", "channel": {"id": "D0NEWDM01", "created": 1}},
    # a message with fields we never read, and a shape Slack added later
    {
        "type": "message",
        "channel": "C0CHAN001",
        "user": "U0USER001",
        "text": "hi",
        "ts": "1700000000.000100",
        "blocks": [],
        "client_msg_id": "x",
        "new_field": {"a": [1]},
    },
    {
        "type": "reaction_added",
        "user": "U0USER001",
        "reaction": "tada",
        "item": {"type": "message", "channel": "C0CHAN001", "ts": "1.2"},
    },
    {"type": "an_event_type_from_the_future", "whatever": {"nested": True}},
    {
        "type": "member_joined_channel",
        "user": "U0NEWBIE01",
        "channel": "C0OTHER01",
        "channel_type": "C",
        "team": "T1",
        "inviter": "U0USER001",
    },
]


@pytest.mark.parametrize("event", REAL_EVENTS, ids=lambda e: e["type"])
def test_real_events_as_slack_documents_them_are_accepted(running_bot, event) -> None:
    reply = running_bot.slack.event(event)
    assert reply.status == 200, reply.body


def test_a_real_view_closed_and_block_suggestion_are_not_refused(running_bot) -> None:
    user = {"id": "U0USER001", "username": "u", "team_id": "T1"}
    modal = {"id": "V1", "type": "modal", "callback_id": "pmm_future_modal", "state": {}}
    for payload in (
        {
            "type": "view_closed",
            "user": user,
            "team": {"id": "T1"},
            "view": modal,
            "is_cleared": False,
        },
        {
            "type": "block_suggestion",
            "user": user,
            "team": {"id": "T1"},
            "action_id": "zone",
            "block_id": "b",
            "value": "berl",
            "view": modal,
        },
    ):
        reply = running_bot.slack.post(urlencode({"payload": json.dumps(payload)}), FORM)
        assert reply.status != 400, payload
        assert reply.status < 500, payload
