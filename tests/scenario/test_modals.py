"""Modals end to end: App Home's Learn more opens a level with Share, and an organiser's
Close poll asks first; each opened with views.open, then submitted as Slack sends it."""

from __future__ import annotations

from slack_sdk.models.views import View

from tests.scenario.test_polls import start_poll, vote_buttons
from tests.support.blockkit import all_text, assert_within_block_kit_limits


def home_click(bot, action_id: str, value: str = "", user: str = "U0USER001", **action) -> None:
    """A click inside App Home (`action`: the element's own fields, as for an overflow)."""
    extra = {"actions": [{"action_id": action_id, "block_id": "b", **action}]} if action else None
    reply = bot.slack.action(action_id, value, user_id=user, in_home=True, extra=extra)
    assert reply.status == 200


def opened_view(bot) -> dict:
    """The view of the one views.open call, checked by slack_sdk's own model."""
    (call,) = bot.fake.wait_for("views.open")
    view = call.json_param("view")
    View(**view).validate_json()
    assert_within_block_kit_limits(view["blocks"], max_blocks=100)
    assert call.params["trigger_id"].startswith("trigger-")
    return view


def test_learn_more_in_app_home_opens_the_level_and_shares_it(running_bot) -> None:
    running_bot.fake.reset()
    home_click(running_bot, "pmm_show_level_3", "3")
    view = opened_view(running_bot)
    assert "Level 3" in view["title"]["text"]
    assert "Scalable" in all_text(view["blocks"])

    running_bot.fake.reset()
    picked = {"type": "conversations_select", "selected_conversation": "C0SHARE001"}
    values = {"share_channel": {"pmm_share_channel": picked}}
    reply = running_bot.slack.view_submission(view, values, user_id="U0SHARER01")
    assert reply.status == 200
    assert not reply.body.strip(b"{}")  # an empty ack: the modal closes
    (post,) = running_bot.fake.wait_for("chat.postMessage")
    assert post.params["channel"] == "C0SHARE001"
    assert "Shared by <@U0SHARER01>" in all_text(post.json_param("blocks"))


def test_share_without_a_channel_just_closes(running_bot) -> None:
    running_bot.fake.reset()
    home_click(running_bot, "pmm_show_level_1", "1")
    view = opened_view(running_bot)
    reply = running_bot.slack.view_submission(view, {"share_channel": {"pmm_share_channel": {}}})
    assert reply.status == 200
    assert running_bot.fake.calls_to("chat.postMessage") == []


def test_share_where_the_bot_is_not_says_so_on_the_field(running_bot) -> None:
    running_bot.fake.reset()
    home_click(running_bot, "pmm_show_level_2", "2")
    view = opened_view(running_bot)
    running_bot.fake.fail("chat.postMessage", 200, error="not_in_channel")
    values = {"share_channel": {"pmm_share_channel": {"selected_conversation": "C0PRIVATE1"}}}
    reply = running_bot.slack.view_submission(view, values)
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert "/invite @pmm-bot" in answer["errors"]["share_channel"]


def test_closing_a_poll_from_home_asks_first_then_closes_and_refreshes(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot, "poll Close me *please*"))[0]
    poll_id = row[0]["value"].split(":")[0]
    running_bot.fake.reset()
    selected = {"type": "overflow", "selected_option": {"value": f"close:{poll_id}"}}
    home_click(running_bot, "pmm_home_poll", user="U0ORGANIZ1", **selected)
    view = opened_view(running_bot)
    assert "Close me ∗please∗" in all_text(view["blocks"])  # the title cannot turn bold
    assert running_bot.fake.calls_to("chat.update") == []  # nothing closed before confirming

    reply = running_bot.slack.view_submission(view, user_id="U0ORGANIZ1")
    assert reply.status == 200
    (final,) = running_bot.fake.wait_for("chat.update")
    assert "Close poll" not in all_text(final.json_param("blocks"))
    (upload,) = running_bot.fake.wait_for("files.completeUploadExternal")
    assert "closed by <@U0ORGANIZ1>" in upload.params["initial_comment"]
    running_bot.fake.wait_for("views.publish")

    running_bot.fake.reset()
    again = running_bot.slack.view_submission(view, user_id="U0ORGANIZ1").json()
    assert again["response_action"] == "update"
    assert "already closed" in all_text(again["view"]["blocks"])
