"""Malformed interactivity payloads and any command text, signed (so they pass the signature
check): a clear private answer or a 4xx, never a 500, never user text as a live mention."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.blockkit import (
    assert_plain_words,
    assert_within_block_kit_limits,
    mrkdwn_strings,
)
from tests.support.waiting import wait_until

ACTION_IDS = [
    "pmm_vote_0",
    "pmm_poll_close",
    "pmm_share_answer",
    "pmm_show_level_1",
    "pmm_home_poll",
]
junk = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=50),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
values = st.one_of(
    junk,
    st.sampled_from(
        ["ffffffff:1:1", "deadbeef:99:99", "level:9", "aspect:nope", "export-csv:ffffffff"]
    ),
)
actions = st.fixed_dictionaries(
    {"action_id": st.sampled_from(ACTION_IDS), "type": st.just("button")},
    optional={
        "value": values,
        "selected_option": st.one_of(junk, st.fixed_dictionaries({"value": values})),
        "action_ts": junk,
    },
)
payloads = st.fixed_dictionaries(
    {"type": st.just("block_actions"), "actions": st.lists(actions, min_size=1, max_size=2)},
    optional={
        "user": st.one_of(junk, st.fixed_dictionaries({"id": junk})),
        "channel": junk,
        "response_url": st.one_of(junk, st.just("http://127.0.0.1:9/nowhere")),
        "container": junk,
        "team": junk,
        "enterprise": junk,
        "trigger_id": junk,
        "message": st.one_of(junk, st.fixed_dictionaries({}, optional={"user": junk})),
        "authorizations": st.one_of(junk, st.lists(st.fixed_dictionaries({"team_id": junk}))),
        "is_ext_shared_channel": st.booleans(),
        "response_urls": st.one_of(junk, st.lists(st.fixed_dictionaries({"response_url": junk}))),
    },
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=payloads)
@example(  # found by hypothesis: Bolt itself failed on a channel that is a number
    payload={"type": "block_actions", "actions": [{"action_id": "pmm_vote_0"}], "channel": 0}
)
def test_malformed_actions_never_get_a_500(running_bot, payload) -> None:
    body = urlencode({"payload": json.dumps(payload)})
    reply = running_bot.slack.post(body, "application/x-www-form-urlencoded")
    assert reply.status < 500, (payload, reply.status)


events = st.fixed_dictionaries(
    {"type": st.just("event_callback"), "team_id": st.just("T1")},
    optional={
        "event_id": junk,
        "authorizations": st.one_of(junk, st.lists(st.fixed_dictionaries({"user_id": junk}))),
        "is_ext_shared_channel": st.booleans(),
        "enterprise_id": junk,
        "event": st.one_of(
            junk,
            st.fixed_dictionaries(
                {"type": st.sampled_from(["app_home_opened", "member_joined_channel"])},
                optional={"user": junk, "channel": junk, "tab": junk},
            ),
        ),
    },
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(envelope=events)
def test_malformed_events_never_get_a_500(running_bot, envelope) -> None:
    reply = running_bot.slack.post(json.dumps(envelope), "application/json")
    assert reply.status < 500, (envelope, reply.status)


SUBCOMMANDS = ["", "level ", "aspect ", "poll ", "poll aspects ", "export ", "meeting skip ",
               "schedule ", "welcome ", "help ", "lvl ", "polls "]  # fmt: skip
LIVE = ["<!channel>", "<!here>", "<!everyone>", "<@U0VICTIM1>", "<#C0SECRET1|x>", "<https://x|y>"]
command_texts = st.tuples(
    st.sampled_from(SUBCOMMANDS),
    st.one_of(
        st.text(max_size=200),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=2_000, max_size=10_000),
        st.lists(st.sampled_from([*LIVE, "scalable", "for 30m", "public", "\x00", "\u202e"])).map(
            " ".join
        ),
    ),
).map("".join)


@pytest.mark.echoes_user_text  # the answers quote the text: checked here, with what was typed
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=command_texts)
@example(text="poll <!channel> <@U0VICTIM1> are we there?")
@example(text="poll aspects <!here> for 30m")
@example(text="level <!everyone>")
@example(text="meeting move 2027-02-30 25:00")
@example(text="meeting skip 2031-13-01")
@example(text="poll for 99x")
@example(text="export nope")
@example(text="000%a and %H:%M, PMM_ORGANIZERS")  # echoed back: not the bot's own words
def test_any_command_text_gets_a_safe_private_answer(running_bot, text) -> None:
    reply = running_bot.slack.command(text, user_id="U0ORGANIZ1")
    assert reply.status == 200, (text, reply.status)
    if not reply.body:  # acked empty: the answer follows through the Web API
        wait_until(lambda: running_bot.fake.calls, what=f"the follow-up to {text!r}")
    messages = [c.params for c in running_bot.fake.calls]
    if reply.body:
        messages.append(reply.json())
    for rendered in (s for m in messages for s in mrkdwn_strings(m)):
        for live in LIVE:
            assert live not in rendered, (text, live)
        assert_plain_words(rendered, typed=text)
    if reply.body:
        body = reply.json()
        assert body.get("response_type", "ephemeral") == "ephemeral"
        assert_within_block_kit_limits(body.get("blocks", []))
    running_bot.fake.reset()
