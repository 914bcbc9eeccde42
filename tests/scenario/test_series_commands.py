"""Commands over several meeting series (issue 15): an EMEA sync every other Tuesday at 17:00
Berlin and an APAC sync every Wednesday at 08:00 Kolkata, each with its own channel.
`/pmm next`, `schedule`, `meeting`, `agenda`, `calendar`, the reminder's Add a topic button
and its form, and the welcome: over HTTP and over Socket Mode."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.models.views import View

from bot.blocks.meeting_blocks import render_reminder
from bot.meetings.reminders import ReminderDue
from tests.conftest import stop_bot
from tests.support.blockkit import all_text, assert_within_block_kit_limits
from tests.support.meeting_form import (
    FORM,
    click_in_home,
    home_button,
    open_home,
    opened_form,
    state_of,
    submission_body,
)
from tests.support.series_config import (
    APAC_CHANNEL,
    EMEA_CHANNEL,
    ORGANIZER,
    answer,
    organise,
    said,
    start_series_bot,
    two_series,
)

CONFIG = two_series(
    emea='join_url = "https://zoom.example/j/emea"\n',
    apac='display_timezones = ["Asia/Tokyo", "Australia/Sydney", "Europe/Berlin"]\n',
    rest='[welcome]\nenabled = true\nchannels = ["C0WELCOME1"]\n',
)


@pytest.fixture
def bot(fake_slack, database_url, tmp_path, transport):
    running = start_series_bot(fake_slack, database_url, tmp_path, transport, CONFIG)
    fake_slack.reset()
    yield running
    stop_bot(running)


def series(bot, key: str):
    return bot.services.meetings.get(key)


def add_buttons(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]
            if e["action_id"] == "pmm_agenda_add"]  # fmt: skip


def date_epochs(text: str) -> list[int]:
    return [int(epoch) for epoch in re.findall(r"<!date\^(\d+)\^", text)]


def test_next_shows_each_series_and_one_by_name_typo_or_suggestion(bot) -> None:
    body = answer(bot, "next")
    text = all_text(body["blocks"])
    assert "EMEA sync" in text
    assert "APAC sync" in text
    assert "https://zoom.example/j/emea" in text
    assert {b["value"].split(":")[0] for b in add_buttons(body["blocks"])} == {"emea", "apac"}
    # Soonest first: APAC on Wednesday 12 June 2030 comes after EMEA only if EMEA is sooner.
    firsts = [series(bot, k).next_meeting().start_utc for k in ("emea", "apac")]
    order = ["emea", "apac"] if firsts[0] < firsts[1] else ["apac", "emea"]
    assert [b["value"].split(":")[0] for b in add_buttons(body["blocks"])] == order

    apac = said(bot, "next apac")
    assert "APAC sync" in apac
    assert "EMEA sync" not in apac
    assert "08:00 Kolkata" in apac
    (button,) = add_buttons(answer(bot, "next APAC sync")["blocks"])
    assert button["value"].startswith("apac:")

    typo = said(bot, "next apca")
    assert "I read “apca” as apac." in typo
    assert "APAC sync" in typo

    unknown = said(bot, "next xyz")
    assert "There is no meeting called “xyz”." in unknown
    assert "`apac` (APAC sync)" in unknown
    assert "`emea` (EMEA sync)" in unknown
    assert "Did you mean `apac`?" in said(bot, "next apex")


def test_a_paused_series_says_so(bot) -> None:
    bot.services.meetings.set_paused("apac", True, by=ORGANIZER)
    text = said(bot, "next")
    assert "APAC sync" in text
    assert "paused" in text
    assert [b["value"].split(":")[0] for b in add_buttons(answer(bot, "next")["blocks"])] == [
        "emea"
    ]
    assert "is paused" in said(bot, "next apac")
    assert "is paused" in said(bot, "schedule apac")


def test_schedule_of_one_series_and_of_all_in_time_order(bot) -> None:
    apac = said(bot, "schedule apac 10")
    assert apac.count("• ") == 10
    assert "Asia/Kolkata" in apac
    assert "Europe/Berlin>" not in apac
    assert "EMEA sync" not in apac

    combined = said(bot, "schedule 8")
    lines = [line for line in combined.split("\\n") if line.startswith("• ")]
    assert len(lines) == 8
    assert all("*EMEA sync*" in line or "*APAC sync*" in line for line in lines)
    assert any("*EMEA sync*" in line for line in lines)
    epochs = date_epochs(combined)
    assert epochs == sorted(epochs)  # one list, in time order
    # APAC meets weekly and EMEA every other week: two APAC syncs per EMEA one.
    assert sum("*APAC sync*" in line for line in lines) > sum(
        "*EMEA sync*" in line for line in lines
    )


def test_skip_one_series_posts_in_its_channel_only(bot) -> None:
    day = series(bot, "apac").next_meeting().original_start.date()
    reply = organise(bot, f"skip apac {day}")
    assert f"Skipped the *APAC sync* on {day:%A %d %B %Y}." in reply
    (notice,) = bot.fake.calls_to("chat.postMessage")
    assert notice.params["channel"] == APAC_CHANNEL
    assert "APAC sync" in all_text(notice.params["blocks"])
    assert series(bot, "apac").upcoming(1)[0].cancelled
    assert not any(o.cancelled for o in series(bot, "emea").upcoming(4))
    assert (
        f"EXDATE;TZID=Asia/Kolkata:{day:%Y%m%d}T080000"
        in bot.slack.get("/calendar/apac.ics").body.decode()
    )
    assert "EXDATE" not in bot.slack.get("/calendar/emea.ics").body.decode()
    assert "There is no APAC sync on" in organise(bot, "skip apac 2030-06-11")  # a Tuesday


def test_without_a_series_the_day_decides_or_the_bot_asks(bot) -> None:
    emea_day = series(bot, "emea").next_meeting().original_start.date()
    reply = organise(bot, f"skip {emea_day}")  # only EMEA meets on a Tuesday
    assert "Skipped the *EMEA sync*" in reply
    (notice,) = bot.fake.calls_to("chat.postMessage")
    assert notice.params["channel"] == EMEA_CHANNEL

    # An APAC sync moved onto the next EMEA Tuesday: now both meet that day.
    tuesday = series(bot, "emea").upcoming(3)[1].original_start.date()
    wednesday = tuesday + timedelta(days=1)
    assert "Moved the *APAC sync*" in organise(bot, f"move apac {wednesday} {tuesday} 08:00")
    question = organise(bot, f"skip {tuesday}")
    assert "both meet on" in question
    assert "`emea`" in question
    assert "`apac`" in question
    assert f"/pmm meeting skip emea {tuesday}" in question or (
        f"/pmm meeting skip apac {tuesday}" in question
    )
    assert not series(bot, "emea").upcoming(3)[1].cancelled  # nothing was changed

    assert "No meeting takes place on Monday" in organise(bot, f"skip {tuesday - timedelta(1)}")
    unknown = organise(bot, f"skip asai {tuesday}")
    assert "There is no meeting called “asai”" in unknown


def test_agenda_per_series_by_command(bot) -> None:
    assert "Added as item 1 for the *APAC sync*" in said(bot, "agenda apac add Tooling survey")
    assert "Added as item 1 for the *EMEA sync*" in said(bot, "agenda emea add Golden paths")
    apac = said(bot, "agenda apac")
    assert "Tooling survey" in apac
    assert "Golden paths" not in apac
    # After `add` too, as the issue writes it: `/pmm agenda add [series] <topic>`.
    assert "Added as item 2 for the *APAC sync*" in said(bot, "agenda add apac Tooling budget")
    # A series word only counts when it is exactly an id: here it is part of the topic.
    first = min(("emea", "apac"), key=lambda k: series(bot, k).next_meeting().start_utc)
    said(bot, "agenda add apacs tooling")
    topics = [e.topic for e in series(bot, first).agenda.items(
        series(bot, first).next_meeting().original_start)]  # fmt: skip
    assert "apacs tooling" in topics

    listing = answer(bot, "agenda")
    text = all_text(listing["blocks"])
    assert "Tooling survey" in text
    assert "Golden paths" in text
    assert {b["value"].split(":")[0] for b in add_buttons(listing["blocks"])} == {"emea", "apac"}
    assert first == "emea"  # Tuesday 11 June 2030, before APAC's Wednesday
    # Both agendas have an item 2 now: the bot asks which.
    assert "say which" in said(bot, "agenda remove 2")
    assert "Removed item 2" in said(bot, "agenda apac remove 2")
    # Item 2 is only on the first meeting's agenda now: no need to say which.
    assert "Removed item 2" in said(bot, "agenda remove 2")
    assert "say which" in said(bot, "agenda remove 1")
    assert "Removed item 1" in said(bot, "agenda emea remove 1")


def test_organisers_close_one_series_agenda_by_name(bot) -> None:
    assert "Say which meeting's agenda" in said(bot, "agenda close", ORGANIZER)
    assert "nothing more can be added" in said(bot, "agenda apac close", ORGANIZER)
    assert "closed" in said(bot, "agenda apac add Too late")
    assert "Added as item 1 for the *EMEA sync*" in said(bot, "agenda emea add Still open")
    listing = answer(bot, "agenda")
    assert [b["value"].split(":")[0] for b in add_buttons(listing["blocks"])] == ["emea"]
    assert "The agenda is closed." in all_text(listing["blocks"])
    said(bot, "agenda apac add Second", ORGANIZER)  # refused: closed for organisers too
    assert series(bot, "apac").agenda.items(series(bot, "apac").next_meeting().original_start) == []


def test_a_closed_agenda_shows_no_add_a_topic_button(bot) -> None:
    said(bot, "agenda apac close", ORGANIZER)
    listing = answer(bot, "next")
    assert {b["value"].split(":")[0] for b in add_buttons(listing["blocks"])} == {"emea"}
    assert "The agenda is closed." in all_text(listing["blocks"])
    one = answer(bot, "next apac")
    assert add_buttons(one["blocks"]) == []
    assert "The agenda is closed." in all_text(one["blocks"])
    assert add_buttons(answer(bot, "next emea")["blocks"])  # that one is still open

    # The day-before reminder as the job posts it.
    clock, occurrence = bot.services.clock, series(bot, "apac").next_meeting()
    clock.advance(occurrence.start_utc - timedelta(hours=24) - clock.now())
    bot.fake.reset()
    assert bot.call(bot.services.reminders.fire, f"apac/{occurrence.original_start:%Y-%m-%d}/1d")
    (posted,) = bot.fake.wait_for("chat.postMessage")
    assert posted.params["channel"] == APAC_CHANNEL
    blocks = posted.json_param("blocks")
    assert_within_block_kit_limits(blocks)
    assert add_buttons(blocks) == []
    assert "The agenda is closed." in all_text(blocks)


def test_the_reminder_button_and_form_add_to_that_series(bot) -> None:
    apac = series(bot, "apac")
    occurrence = apac.next_meeting()
    due = ReminderDue(occurrence, timedelta(hours=24), occurrence.start_utc - timedelta(hours=24))
    reminder = render_reminder(due, apac.config, due.fire_at, [])
    (button,) = add_buttons(reminder.blocks)
    assert button["value"] == f"apac:{int(occurrence.original_start.timestamp())}"
    bot.slack.action(button["action_id"], button["value"], user_id="U0FORMAP01")
    (opened,) = bot.fake.wait_for("views.open")
    view = opened.json_param("view")
    View(**view).validate_json()
    assert "APAC sync" in all_text(view["blocks"])
    values = {"topic": {"value": {"type": "plain_text_input", "value": "Latency in Mumbai"}}}
    done = bot.slack.view_submission(view, values, user_id="U0FORMAP01").json()
    assert done["response_action"] == "update"
    assert "/pmm agenda apac" in all_text(done["view"]["blocks"])
    assert [e.topic for e in apac.agenda.items(occurrence.original_start)] == ["Latency in Mumbai"]
    emea = series(bot, "emea")
    assert emea.agenda.items(emea.next_meeting().original_start) == []

    # A button from before there were several series means the default one: gone here.
    bot.fake.reset()
    bot.slack.action(button["action_id"], button["value"].split(":")[1], user_id="U0FORMAP01")
    (gone,) = bot.fake.wait_for("views.open")
    assert "no longer in the calendar" in all_text(gone.json_param("view")["blocks"])


def test_a_button_and_a_form_from_before_the_agenda_closed_refuse_in_plain_words(bot) -> None:
    (button,) = add_buttons(answer(bot, "next apac")["blocks"])
    bot.slack.action(button["action_id"], button["value"], user_id="U0FORMAP01")
    (opened,) = bot.fake.wait_for("views.open")
    form = opened.json_param("view")  # left open while an organiser closes the agenda
    said(bot, "agenda apac close", ORGANIZER)
    values = {"topic": {"value": {"type": "plain_text_input", "value": "Too late"}}}
    refused = bot.slack.view_submission(form, values, user_id="U0FORMAP01").json()
    assert refused["response_action"] == "errors"
    assert "closed" in refused["errors"]["topic"]
    assert "open it again" in refused["errors"]["topic"]
    bot.fake.reset()
    bot.slack.action(button["action_id"], button["value"], user_id="U0FORMAP01")
    (closed,) = bot.fake.wait_for("views.open")
    assert "An organiser can open it again." in all_text(closed.json_param("view")["blocks"])
    apac = series(bot, "apac")
    assert apac.agenda.items(apac.next_meeting().original_start) == []


def test_an_edit_an_hour_later_keeps_the_last_meeting_and_its_agenda(bot) -> None:
    emea = series(bot, "emea")
    last = emea.last_meeting()
    now = bot.services.clock.now()
    emea.agenda.add(last.original_start, "Release retro", None, by="U0USER001", now=now)
    assert "Release retro" in said(bot, "agenda emea last")
    later = emea.config.model_copy(update={"first": emea.config.first.replace(hour=18)})
    bot.services.meetings.edit("emea", later, by=ORGANIZER)
    shown = said(bot, "agenda emea last")
    assert "Release retro" in shown
    assert int(last.start_utc.timestamp()) in date_epochs(shown)  # 17:00, as it took place
    upcoming = said(bot, "next emea")
    nxt = series(bot, "emea").next_meeting()
    assert nxt.start.hour == 18
    assert int(nxt.start_utc.timestamp()) in date_epochs(upcoming)


def test_an_edit_to_another_day_takes_its_topics_along_and_old_buttons_refuse(bot) -> None:
    emea = series(bot, "emea")  # every other Tuesday: 28 May, 11 June 2030
    now = bot.services.clock.now()
    emea.agenda.add(emea.last_meeting().original_start, "Release retro", None,
                    by="U0USER001", now=now)  # fmt: skip
    assert "Added as item 1" in said(bot, "agenda emea add Roadmap")
    (old_button,) = add_buttons(answer(bot, "next emea")["blocks"])
    bot.fake.reset()
    bot.slack.action(old_button["action_id"], old_button["value"], user_id="U0FORMEM01")
    (opened,) = bot.fake.wait_for("views.open")
    open_form = opened.json_param("view")  # left open while the organiser changes the day

    click_in_home(bot, home_button(open_home(bot), "pmm_series_edit", "emea"))
    view = opened_form(bot)
    bot.fake.reset()
    submitted = bot.slack.post(submission_body(view, state_of(view, first_date="2026-01-14")), FORM)
    assert submitted.status == 200
    bot.fake.wait_for("views.publish")  # the change is done and told
    (notice,) = [c for c in bot.fake.calls_to("chat.postMessage")
                 if c.params["channel"] == EMEA_CHANNEL]  # fmt: skip
    text = all_text(notice.json_param("blocks"))
    assert "now every 2 weeks on Wednesday at 17:00 (Europe/Berlin)" in text
    assert "1 agenda topic moved to the next meeting." in text  # the past one is no news

    upcoming = said(bot, "agenda emea")
    assert "Roadmap" in upcoming
    assert "Release retro" not in upcoming
    assert "Release retro" in said(bot, "agenda emea last")  # Wednesday 29 May's now

    bot.fake.reset()
    bot.slack.action(old_button["action_id"], old_button["value"], user_id="U0FORMEM01")
    (refused,) = bot.fake.wait_for("views.open")
    refusal = all_text(refused.json_param("view")["blocks"])
    assert "That meeting is no longer in the calendar: its series was changed." in refusal
    assert "Use `/pmm agenda` for the next one." in refusal
    values = {"topic": {"value": {"type": "plain_text_input", "value": "Lost on Tuesday"}}}
    late = bot.slack.view_submission(open_form, values, user_id="U0FORMEM01").json()
    assert late["response_action"] == "errors"
    assert "its series was changed" in late["errors"]["topic"]
    emea = series(bot, "emea")
    assert [e.topic for e in emea.agenda.items(emea.next_meeting().original_start)] == ["Roadmap"]
    tuesday = datetime.fromtimestamp(int(old_button["value"].split(":")[1]), UTC)
    assert emea.agenda.items(tuesday) == []


def test_calendar_offers_every_feed_and_sends_the_ics(bot) -> None:
    text = said(bot, "calendar")
    assert "https://pmm.example.org/calendar.ics" in text
    assert "https://pmm.example.org/calendar/apac.ics" in text
    assert "https://pmm.example.org/calendar/emea.ics" in text
    bot.fake.wait_for("files.completeUploadExternal")
    (upload,) = bot.fake.calls_to("upload")
    assert b"SUMMARY:APAC sync" in upload.raw
    assert b"SUMMARY:EMEA sync" in upload.raw

    bot.fake.reset()
    one = said(bot, "calendar apac")
    assert "https://pmm.example.org/calendar/apac.ics" in one
    assert "https://pmm.example.org/calendar.ics" in one  # every meeting in one, too
    bot.fake.wait_for("files.completeUploadExternal")
    (upload,) = bot.fake.calls_to("upload")
    assert b"SUMMARY:APAC sync" in upload.raw
    assert b"EMEA sync" not in upload.raw


def test_the_welcome_lists_every_series_in_the_newcomers_zone(bot) -> None:
    bot.fake.users = {"U0NEWBIE01": {"tz": "America/Los_Angeles"}}
    event = {"type": "member_joined_channel", "user": "U0NEWBIE01", "channel": "C0WELCOME1",
             "channel_type": "C", "team": "T1"}  # fmt: skip
    assert bot.slack.event(event, event_id="EvSeries1").status == 200
    (message,) = bot.fake.wait_for("chat.postMessage")
    assert message.params["channel"] == "U0NEWBIE01"
    blocks = message.json_param("blocks")
    assert_within_block_kit_limits(blocks)
    text = all_text(blocks)
    assert "Join the APAC sync" in text
    assert "Join the EMEA sync" in text
    assert "https://pmm.example.org/calendar.ics" in text
    fallback = message.params["text"]
    assert "APAC sync" in fallback
    assert "EMEA sync" in fallback
    # Where Slack cannot render a date token, it shows the newcomer's own zone.
    assert text.count("America/Los_Angeles>") == 2
    assert "America/Los_Angeles>" in fallback


def test_help_says_how_to_name_a_series(bot) -> None:
    text = said(bot, "help")
    assert "`apac`" in text
    assert "`emea`" in text
    assert "next [series]" in text
