"""`/pmm level|levels|aspect|help` over real HTTP, signed exactly as Slack signs them."""

from __future__ import annotations

import time

import pytest

from tests.conftest import RunningBot
from tests.support.blockkit import all_text, assert_within_block_kit_limits

ASPECTS = ["Investment", "Adoption", "Interfaces", "Operations", "Measurement"]


def answer(bot: RunningBot, text: str) -> dict:
    reply = bot.slack.command(text)
    assert reply.status == 200, reply.body
    body = reply.json()
    assert body["response_type"] == "ephemeral"
    assert_within_block_kit_limits(body["blocks"])
    return body


def test_level_scalable_names_the_level_and_all_five_aspects_within_3s(running_bot) -> None:
    started = time.monotonic()
    body = answer(running_bot, "level scalable")
    assert time.monotonic() - started < 3.0
    text = all_text(body["blocks"])
    assert "Level 3 · Scalable" in text
    for aspect in ASPECTS:
        assert aspect in text
    for cell in ["As product", "Intrinsic pull", "Self-service solutions", "Centrally enabled"]:
        assert cell in text
    assert "CC BY 4.0" in text
    assert body["blocks"][-1]["elements"][0]["action_id"] == "pmm_share_answer"
    # The answer came in the ack itself: nothing was sent to Slack's Web API.
    assert running_bot.fake.calls == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("level ad-hoc", "Level 1 · Provisional"),
        ("level ADHOC", "Level 1 · Provisional"),
        ("level L3", "Level 3 · Scalable"),
        ("level level 2", "Level 2 · Operational"),
        ("level operationalized", "Level 2 · Operational"),
        ("level optimized", "Level 4 · Optimizing"),
        ("level scalabel", "Level 3 · Scalable"),
        ("level 4", "Level 4 · Optimizing"),
        ("scalable", "Level 3 · Scalable"),
    ],
)
def test_names_people_really_use_resolve(running_bot, text: str, expected: str) -> None:
    assert expected in all_text(answer(running_bot, text)["blocks"])


def test_enabled_is_no_level_and_points_to_its_cells(running_bot) -> None:
    text = all_text(answer(running_bot, "level enabled")["blocks"])
    assert "not a level" in text
    assert "Enabled ecosystem" in text
    assert "Centrally enabled" in text


def test_unknown_level_gets_suggestions_and_the_valid_names(running_bot) -> None:
    text = all_text(answer(running_bot, "level scal")["blocks"]) + all_text(
        answer(running_bot, "level provisinoal operations")["blocks"]
    )
    assert "Scalable" in text
    unknown = all_text(answer(running_bot, "level kubernetes")["blocks"])
    assert "I don't know the level" in unknown
    assert "1 Provisional, 2 Operational, 3 Scalable, 4 Optimizing" in unknown


def test_aspect_walks_through_the_four_levels(running_bot) -> None:
    text = all_text(answer(running_bot, "aspect adoption")["blocks"])
    for cell in ["Erratic", "Extrinsic push", "Intrinsic pull", "Participatory"]:
        assert cell in text
    assert "Did you mean" in all_text(answer(running_bot, "aspect adopshun")["blocks"]) or (
        "Adoption" in all_text(answer(running_bot, "aspect adopshun")["blocks"])
    )


def test_levels_shows_the_four_levels_side_by_side(running_bot) -> None:
    body = answer(running_bot, "levels")
    grid = next(b for b in body["blocks"] if b.get("fields"))
    assert len(grid["fields"]) == 4
    assert "Optimizing" in grid["fields"][3]["text"]


@pytest.mark.parametrize("text", ["", "help", "HELP"])
def test_help_lists_every_subcommand(running_bot, text: str) -> None:
    rendered = all_text(answer(running_bot, text)["blocks"])
    for usage in ["/pmm level <name>", "/pmm levels", "/pmm aspect <name>", "/pmm help",
                  "/pmm poll aspects"]:  # fmt: skip
        assert usage in rendered


def test_unknown_subcommand_answers_help_with_the_closest_match(running_bot) -> None:
    rendered = all_text(answer(running_bot, "lvel 3")["blocks"])
    assert "I don't know `/pmm lvel`" in rendered
    assert "Did you mean `/pmm level`?" in rendered


@pytest.mark.parametrize(
    "text",
    [
        "level " + "x" * 5000,
        "aspect " + "ü🚀名前" * 800,
        "level <!channel> <@U123> <https://evil.example|click>",
        "<!here> " + "<!channel>" * 400,
        "level \x00\x07\u202e",
    ],
)
def test_hostile_arguments_get_a_normal_escaped_answer(running_bot, text: str) -> None:
    body = answer(running_bot, text)
    rendered = all_text(body["blocks"])
    assert "<!channel>" not in rendered
    assert "<!here>" not in rendered
    assert "<@U123>" not in rendered
    assert len(body["text"]) <= 3000


def test_share_button_posts_the_answer_in_channel_crediting_the_sharer(running_bot) -> None:
    reply = running_bot.slack.action("pmm_share_answer", "level:3", user_id="U0SHARER1")
    assert reply.status == 200
    (post,) = running_bot.fake.wait_for("response_url")
    assert post.params["response_type"] == "in_channel"
    rendered = all_text(post.params["blocks"])
    assert "Level 3 · Scalable" in rendered
    assert "Shared by <@U0SHARER1>" in rendered
    assert "pmm_share_answer" not in rendered


def test_learn_more_button_answers_privately(running_bot) -> None:
    running_bot.slack.action("pmm_show_level_2", "2")
    (post,) = running_bot.fake.wait_for("response_url")
    assert post.params["response_type"] == "ephemeral"
    assert "Level 2 · Operational" in all_text(post.params["blocks"])


def test_app_home_is_published_on_open(running_bot) -> None:
    running_bot.slack.event({"type": "app_home_opened", "user": "U0HOME001", "tab": "home"})
    (call,) = running_bot.fake.wait_for("views.publish")
    view = call.json_param("view")
    assert view["type"] == "home"
    assert call.params["user_id"] == "U0HOME001"
    assert_within_block_kit_limits(view["blocks"], max_blocks=100)
