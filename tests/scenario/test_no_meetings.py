"""When organisers deleted every meeting series, no command, Home tab or welcome shows (or
lets anyone act on) the built-in default sync: each says there are no meetings yet, and
`/pmm agenda add` stores nothing. Over HTTP and over Socket Mode."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.tables import AgendaItem, MeetingOverride
from tests.conftest import stop_bot
from tests.support.blockkit import all_text
from tests.support.meeting_form import click_in_home, home_button, open_home, opened_form
from tests.support.series_config import ORGANIZER, WELCOME, said, start_series_bot, two_series

NONE_YET = "No meetings are set up yet. Organisers add one in the bot's Home tab, under Meetings."
DEFAULT_TITLE = "CNCF Platform Engineering sync"
# The first series meets in Kolkata: the Add a meeting form starts from there, not from the
# built-in default series' Berlin.
CONFIG = two_series(order=("apac", "emea"), rest=WELCOME)


@pytest.fixture
def bot(fake_slack, database_url, tmp_path, transport):
    running = start_series_bot(fake_slack, database_url, tmp_path, transport, CONFIG)
    for key in ("apac", "emea"):
        running.services.meetings.delete(key, by=ORGANIZER)
    fake_slack.reset()
    yield running
    stop_bot(running)


def stored(bot, table) -> list:
    with bot.services.db.read() as session:
        return list(session.exec(select(table)).all())


@pytest.mark.parametrize(
    "command", ["next", "schedule", "schedule 3", "calendar", "agenda", "agenda add Golden paths"]
)
def test_the_meeting_commands_say_there_are_none(bot, command: str) -> None:
    text = said(bot, command)
    assert NONE_YET in text
    assert DEFAULT_TITLE not in text
    assert "pmm_agenda_add" not in text
    assert stored(bot, AgendaItem) == []
    assert bot.fake.calls_to("files.completeUploadExternal") == []  # no .ics of no meeting


def test_an_organiser_cannot_skip_a_meeting_that_does_not_exist(bot) -> None:
    bot.slack.command("meeting skip 2030-06-11", user_id=ORGANIZER)
    (reply,) = bot.fake.wait_for("response_url")
    text = all_text(reply.params["blocks"])
    assert NONE_YET in text
    assert "Skipped" not in text
    assert stored(bot, MeetingOverride) == []
    assert bot.fake.calls_to("chat.postMessage") == []


def test_home_says_so_and_organisers_can_still_add_one(bot) -> None:
    text = all_text(open_home(bot, "U0NOBODY01")["blocks"])
    assert NONE_YET in text
    assert DEFAULT_TITLE not in text
    assert "Add to calendar" not in text
    assert "pmm_series_add" not in text

    view = open_home(bot, ORGANIZER)
    assert NONE_YET in all_text(view["blocks"])
    click_in_home(bot, home_button(view, "pmm_series_add"))
    form = opened_form(bot)
    zone = next(b for b in form["blocks"] if b.get("block_id") == "zone")["element"]
    assert zone["initial_option"]["value"] == "Asia/Kolkata"  # the community's, not Berlin


def test_the_welcome_leaves_the_meetings_out(bot) -> None:
    preview = said(bot, "welcome preview", ORGANIZER)
    assert "Welcome to <#" in preview
    assert "Join the" not in preview
    assert DEFAULT_TITLE not in preview
    assert "calendar" not in preview

    event = {"type": "member_joined_channel", "user": "U0NEWBIE01", "channel": "C0WELCOME1",
             "channel_type": "C", "team": "T1"}  # fmt: skip
    assert bot.slack.event(event, event_id="EvNoMeet1").status == 200
    (message,) = bot.fake.wait_for("chat.postMessage")
    text = all_text(message.json_param("blocks")) + message.params["text"]
    assert "Join the" not in text
    assert DEFAULT_TITLE not in text
    assert "Learn the maturity model" in text
