"""Every interactive element of everything the bot sends, clicked as Slack would click it
(with the container it lives in): each gets a 200 and, unless it only opens a link, a visible
effect (a Web API call that shows something) within 3 s.

Sources: the answers to every everyday command, a live poll, `/pmm polls` with a second page,
the organiser's App Home, the welcome (its preview is the same message), a reminder (rendered
by the function the reminder job posts with) and the modals."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from bot.blocks.meeting_blocks import render_reminder
from bot.meetings.reminders import ReminderDue
from bot.polls.options import PollRequest
from tests.scenario.test_polls import start_poll
from tests.support.fake_slack import Call

# Calls by which the person sees the click did something.
EFFECTS = {
    "response_url", "chat.postMessage", "chat.update", "chat.postEphemeral", "views.open",
    "views.publish", "views.update", "files.completeUploadExternal",
}  # fmt: skip
ORGANISER = "U0ORGANIZ1"
CLICKABLE = ("button", "overflow", "static_select")
COMMANDS = ["help", "levels", "level scalable", "aspect adoption", "next", "schedule",
            "calendar", "welcome preview"]  # fmt: skip


def elements(blocks: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """(block_id, element) for each clickable element: in actions blocks and as section
    accessories (inputs of a modal are filled in, not clicked: their submission is tested
    in test_modals and test_poll_form)."""
    found = []
    for block in blocks:
        if block["type"] == "actions":
            found += [(block.get("block_id", ""), e) for e in block["elements"]]
        elif block["type"] == "section" and block.get("accessory", {}).get("type") in CLICKABLE:
            found.append((block.get("block_id", ""), block["accessory"]))
    return found


def click(bot, block_id: str, element: dict[str, Any], *, home: bool, option: int = 0) -> int:
    """One click: a button press, or choosing an overflow / select option."""
    action: dict[str, Any] = {
        "type": element["type"],
        "action_id": element["action_id"],
        "block_id": block_id,
        "action_ts": f"{time.time():.6f}",
    }
    if element["type"] == "button":
        action["value"] = element.get("value", "")
    else:
        action["selected_option"] = element["options"][option]
    reply = bot.slack.action(
        element["action_id"], user_id=ORGANISER, in_home=home, extra={"actions": [action]}
    )
    return reply.status


def effect(bot, timeout: float = 3.0) -> list[Call]:
    return bot.fake.wait_any(EFFECTS, timeout)


def answer_blocks(bot, text: str) -> list[dict[str, Any]]:
    bot.fake.reset()
    reply = bot.slack.command(text, user_id=ORGANISER)
    assert reply.status == 200
    if reply.body:
        return reply.json().get("blocks", [])
    (later,) = bot.fake.wait_for("response_url")
    return later.json_param("blocks")


def check_all(bot, where: str, blocks: list[dict[str, Any]], *, home: bool = False) -> int:
    """Click everything in `blocks`; the number of clicks made."""
    clicks = 0
    found = elements(blocks)
    # The destructive one last: closing a poll ends its other buttons.
    found.sort(key=lambda item: item[1]["action_id"] == "pmm_poll_close")
    for block_id, element in found:
        options = range(len(element.get("options", [None])))
        for option in options:
            bot.fake.reset()
            label = element.get("text", {}).get("text") or element["action_id"]
            status = click(bot, block_id, element, home=home, option=option)
            assert status == 200, f"{where}: {label} answered {status}"
            clicks += 1
            if element.get("url"):
                continue  # Slack opens the link; the ack alone keeps the warning icon away
            assert effect(bot), f"{where}: {label} (option {option}) showed nothing within 3 s"
    return clicks


def test_every_element_answers_with_something_visible(running_bot) -> None:
    bot = running_bot
    clicks = 0
    for text in COMMANDS:
        clicks += check_all(bot, f"/pmm {text}", answer_blocks(bot, text))

    services = bot.services
    for i in range(12):  # a second page of /pmm polls
        poll = services.polls.create(
            model=services.model,
            request=PollRequest("single", f"Listed {i}", None, False, False),
            channel_id="C0CHAN001",
            creator_id="U0OTHER001",
            now=datetime.now(UTC),
        )
        services.polls.attach_message(poll.poll_id, f"1700000002.{i:06d}")
    clicks += check_all(bot, "/pmm polls", answer_blocks(bot, "polls"))

    # The reminder first: App Home's Delete button deletes the series.
    series = services.meetings.primary()
    occurrence = series.next_meeting()
    due = ReminderDue(occurrence, timedelta(minutes=15), occurrence.start_utc)
    reminder = render_reminder(due, series.config, datetime.now(UTC))
    clicks += check_all(bot, "reminder", reminder.blocks)

    bot.fake.reset()
    bot.slack.event({"type": "app_home_opened", "user": ORGANISER, "tab": "home"})
    (home,) = bot.fake.wait_for("views.publish")
    clicks += check_all(bot, "App Home", home.json_param("view")["blocks"], home=True)

    bot.fake.reset()
    poll = start_poll(bot, "poll Clicked all over", user=ORGANISER)
    clicks += check_all(bot, "poll", poll["blocks"])
    (closed,) = bot.fake.wait_for(
        "chat.update", where=lambda c: "pmm_poll_close" not in json.dumps(c.params)
    )[-1:]
    assert elements(closed.json_param("blocks")) == []  # a closed poll has nothing to click

    assert clicks >= 40, clicks


def test_the_modals_have_nothing_to_click_but_their_inputs(running_bot) -> None:
    bot = running_bot
    bot.fake.reset()
    bot.slack.action("pmm_show_level_2", "2", in_home=True)
    (level,) = bot.fake.wait_for("views.open")
    bot.fake.reset()
    bot.slack.command("poll")
    (form,) = bot.fake.wait_for("views.open")
    for call in (level, form):
        view = call.json_param("view")
        assert elements(view["blocks"]) == []
        assert view["submit"]["text"]  # the one way on is submitting (tested in their files)


def test_a_stale_button_and_an_unknown_shortcut_are_acked(running_bot) -> None:
    running_bot.fake.reset()
    assert running_bot.slack.action("pmm_button_of_2025", "x").status == 200
    (note,) = running_bot.fake.wait_for("response_url")
    assert "older version" in json.dumps(note.params)

    payload = {
        "type": "shortcut",
        "callback_id": "pmm_nothing_here",
        "trigger_id": "trigger-x",
        "team": {"id": "T1"},
        "user": {"id": "U0USER001", "team_id": "T1"},
        "api_app_id": "A0PMM",
    }
    form = urlencode({"payload": json.dumps(payload)})
    reply = running_bot.slack.post(form, "application/x-www-form-urlencoded")
    assert reply.status == 200  # acked: Slack shows no error, and nothing happens
