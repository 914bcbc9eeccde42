"""App Home: for a newcomer with nothing, and for an organiser with 300 polls."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.polls.options import PollRequest
from tests.scenario.test_polls import start_poll, vote_buttons, wait_for_voters
from tests.support.blockkit import all_text, assert_within_block_kit_limits


def open_home(bot, user: str) -> dict:
    bot.fake.reset()
    bot.slack.event({"type": "app_home_opened", "user": user, "tab": "home"})
    (call,) = bot.fake.wait_for("views.publish")
    view = call.json_param("view")
    assert_within_block_kit_limits(view["blocks"], max_blocks=100)
    assert len(call.params["view"]) < 250_000
    return view


def test_home_for_someone_with_no_data(running_bot) -> None:
    text = all_text(open_home(running_bot, "U0NEWBIE01")["blocks"])
    assert "Next: CNCF Platform Engineering sync" in text
    assert "Learn more" in text
    assert "Organiser" not in text


def test_home_shows_your_polls_and_the_ones_you_voted_in(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot, "poll Mine", user="U0HOMEUSR1"))[0]
    running_bot.slack.action(row[0]["action_id"], row[0]["value"], user_id="U0VOTERX01")
    wait_for_voters(running_bot, 1)
    assert "Your open polls" in all_text(open_home(running_bot, "U0HOMEUSR1")["blocks"])
    assert "Open polls you voted in" in all_text(open_home(running_bot, "U0VOTERX01")["blocks"])


def test_home_for_an_organiser_with_300_polls_stays_within_limits(running_bot) -> None:
    services = running_bot.services
    for i in range(300):
        services.polls.create(
            model=services.model,
            request=PollRequest("single", f"Poll {i}", None, False, False),
            channel_id="C0MANY0001",
            creator_id="U0OTHER001",
            now=datetime.now(UTC),
        )
    view = open_home(running_bot, "U0ORGANIZ1")
    text = all_text(view["blocks"])
    assert "Organiser: recent polls" in text
    assert "Polls 1–20 of 300" in text
    assert "Poll 299" in text
    assert "Poll 279" not in text

    running_bot.fake.reset()
    (older,) = [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["text"]["text"] == "Older polls"]  # fmt: skip
    running_bot.slack.action(older["action_id"], older["value"], user_id="U0ORGANIZ1", in_home=True)
    (call,) = running_bot.fake.wait_for("views.publish")
    page = all_text(call.json_param("view")["blocks"])
    assert "Polls 21–40 of 300" in page
    assert "Poll 279" in page
    assert "Newer polls" in page


def test_organiser_exports_from_home_into_a_dm(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot, "poll From home"))[0]
    poll_id = row[0]["value"].split(":")[0]
    running_bot.fake.reset()
    running_bot.slack.action(
        "pmm_home_poll",
        user_id="U0ORGANIZ1",
        extra={
            "actions": [
                {
                    "type": "overflow",
                    "action_id": "pmm_home_poll",
                    "block_id": "b",
                    "selected_option": {"value": f"export-csv:{poll_id}"},
                }
            ],
            "container": {"type": "view", "view_id": "V1"},
        },
    )
    (complete,) = running_bot.fake.wait_for("files.completeUploadExternal")
    assert complete.params["channel_id"].startswith("D")
