"""The agenda people add to: from a command or the Add a topic button, concurrently and
through Slack's retries, listed on `/pmm agenda`, `/pmm next` and the reminders."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from slack_sdk.models.views import View

from bot.blocks.meeting_blocks import render_reminder
from bot.meetings.reminders import ReminderDue
from tests.support.blockkit import all_text, assert_within_block_kit_limits

FORM = "application/x-www-form-urlencoded"


def reply_text(reply) -> str:
    body = reply.json()
    assert_within_block_kit_limits(body["blocks"])
    return all_text(body["blocks"])


def test_twenty_people_add_at_once_and_a_retry_adds_nothing(running_bot) -> None:
    bot = running_bot

    def add(i: int) -> str:
        return reply_text(
            bot.slack.command(f"agenda add Topic {i:02d}", user_id=f"U0AGENDA{i:02d}")
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(add, range(20)))
    assert all("Added as item" in a for a in answers)

    body = bot.slack.command_body("agenda add Retried topic", user_id="U0RETRY001")
    assert bot.slack.post(body, FORM).status == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert bot.slack.post(body, FORM, headers=retry).status == 200

    listing = reply_text(bot.slack.command("agenda"))
    for i in range(20):
        assert f"Topic {i:02d}" in listing
    assert listing.count("Retried topic") == 1
    items = bot.services.meetings.primary().agenda.items(
        bot.services.meetings.primary().next_meeting().original_start
    )
    assert [e.number for e in items] == list(range(1, 22))
    assert sorted(e.topic for e in items[:20]) == [f"Topic {i:02d}" for i in range(20)]


def test_the_button_opens_a_form_and_text_is_escaped(running_bot) -> None:
    bot = running_bot
    next_answer = bot.slack.command("next").json()
    button = next(e for b in next_answer["blocks"] if b["type"] == "actions"
                  for e in b["elements"] if e["action_id"] == "pmm_agenda_add")  # fmt: skip
    bot.fake.reset()
    bot.slack.action(button["action_id"], button["value"], user_id="U0FORMAG01")
    (opened,) = bot.fake.wait_for("views.open")
    view = opened.json_param("view")
    View(**view).validate_json()

    empty = {"topic": {"value": {"type": "plain_text_input", "value": " "}}}
    assert bot.slack.view_submission(view, empty).json()["errors"].keys() == {"topic"}
    values = {
        "topic": {"value": {"type": "plain_text_input", "value": "Ping <!channel> about *DX*"}},
        "link": {"value": {"type": "url_text_input", "value": "https://docs.example/dx"}},
    }
    answer = bot.slack.view_submission(view, values, user_id="U0FORMAG01").json()
    assert answer["response_action"] == "update"
    listing = reply_text(bot.slack.command("agenda"))
    assert "&lt;!channel&gt;" in listing
    assert "<!channel>" not in listing
    assert "<https://docs.example/dx|" in listing
    assert "<@U0FORMAG01>" in listing


def test_reminders_list_the_agenda_and_only_the_day_before_asks_for_more(running_bot) -> None:
    bot = running_bot
    meetings = bot.services.meetings.primary()
    bot.slack.command("agenda add Golden paths review", user_id="U0REMIND01")
    occurrence = meetings.next_meeting()
    items = meetings.agenda.items(occurrence.original_start)
    for offset, asks in ((timedelta(hours=24), True), (timedelta(minutes=15), False)):
        due = ReminderDue(occurrence, offset, occurrence.start_utc - offset)
        message = render_reminder(due, meetings.config, due.fire_at, items)
        text = all_text(message.blocks)
        assert "Golden paths review" in text
        assert "<@U0REMIND01>" in text
        assert ("pmm_agenda_add" in text) is asks


def test_only_the_proposer_or_an_organiser_removes_and_last_shows_the_past(running_bot) -> None:
    bot = running_bot
    bot.slack.command("agenda add Mine", user_id="U0OWNER001")
    refused = reply_text(bot.slack.command("agenda remove 1", user_id="U0OTHER001"))
    assert "organisers" in refused
    assert "Removed item 1" in reply_text(
        bot.slack.command("agenda remove 1", user_id="U0OWNER001")
    )
    assert "no item 1" in reply_text(bot.slack.command("agenda remove 1", user_id="U0OWNER001"))
    last = reply_text(bot.slack.command("agenda last"))
    assert "Agenda:" in last


def test_a_link_cannot_break_out_into_a_mention(running_bot) -> None:
    bot = running_bot
    bot.slack.command("agenda add my topic https://a.example><!channel>", user_id="U0SNEAKY01")
    listing = reply_text(bot.slack.command("agenda"))
    assert "<!channel" not in listing
    assert "|my topic" not in listing  # not turned into a link at all


def test_a_button_from_before_there_were_series_adds_to_the_default_one(running_bot) -> None:
    bot = running_bot
    meetings = bot.services.meetings.primary()
    occurrence = meetings.next_meeting()
    bot.slack.action("pmm_agenda_add", str(int(occurrence.original_start.timestamp())))
    (opened,) = bot.fake.wait_for("views.open")
    view = opened.json_param("view")
    values = {"topic": {"value": {"type": "plain_text_input", "value": "An old button"}}}
    assert bot.slack.view_submission(view, values).json()["response_action"] == "update"
    assert [e.topic for e in meetings.agenda.items(occurrence.original_start)] == ["An old button"]


def test_a_closed_agenda_refuses_in_plain_words(running_bot) -> None:
    bot = running_bot
    meetings = bot.services.meetings.primary()
    occurrence = meetings.next_meeting()
    button = next(e for b in bot.slack.command("next").json()["blocks"] if b["type"] == "actions"
                  for e in b["elements"] if e["action_id"] == "pmm_agenda_add")  # fmt: skip
    meetings.agenda.close(occurrence.original_start, by="U0ORGANIZ1", now=occurrence.start_utc)
    assert "closed" in reply_text(bot.slack.command("agenda add Too late"))
    bot.fake.reset()
    bot.slack.action(button["action_id"], button["value"])
    (opened,) = bot.fake.wait_for("views.open")
    assert "closed" in all_text(opened.json_param("view")["blocks"])
    assert meetings.agenda.items(occurrence.original_start) == []


def test_organisers_reorder_and_close_the_agenda(running_bot) -> None:
    bot = running_bot
    for topic in ("First", "Second", "Third"):
        bot.slack.command(f"agenda add {topic}", user_id="U0SOMEONE1")
    refused = reply_text(bot.slack.command("agenda move 3 1", user_id="U0SOMEONE1"))
    assert "organis" in refused.lower()
    moved = reply_text(bot.slack.command("agenda move 3 1", user_id="U0ORGANIZ1"))
    assert "Moved item 3 to number 1." in moved
    assert moved.index("Third") < moved.index("First") < moved.index("Second")
    closed = reply_text(bot.slack.command("agenda close", user_id="U0ORGANIZ1"))
    assert "nothing more can be added" in closed
    late = reply_text(bot.slack.command("agenda add Too late", user_id="U0SOMEONE1"))
    assert "closed" in late
    listing = bot.slack.command("agenda", user_id="U0SOMEONE1").json()
    assert "Too late" not in all_text(listing["blocks"])
    assert not [b for b in listing["blocks"] if b["type"] == "actions"]  # no Add a topic
    assert "Open again" in reply_text(bot.slack.command("agenda reopen", user_id="U0ORGANIZ1"))
    assert "Added as item 4" in reply_text(bot.slack.command("agenda add Now", user_id="U0A"))
    bad = reply_text(bot.slack.command("agenda move 9 1", user_id="U0ORGANIZ1"))
    assert "There is no item 9" in bad


def test_a_move_to_number_zero_says_number_one_and_new_topics_still_come_last(running_bot):
    bot = running_bot
    for topic in ("First", "Second", "Third"):
        bot.slack.command(f"agenda add {topic}", user_id="U0SOMEONE1")
    moved = reply_text(bot.slack.command("agenda move 2 0", user_id="U0ORGANIZ1"))
    assert "Moved item 2 to number 1." in moved
    assert moved.index("Second") < moved.index("First") < moved.index("Third")
    for _ in range(2):  # the first item to the end, twice: Third, Second, First
        bot.slack.command("agenda move 1 3", user_id="U0ORGANIZ1")
    added = reply_text(bot.slack.command("agenda add Fourth", user_id="U0SOMEONE1"))
    assert "Added as item 4" in added
    listing = reply_text(bot.slack.command("agenda"))
    order = [listing.index(t) for t in ("Third", "Second", "First", "Fourth")]
    assert order == sorted(order)
