"""Organisers set meeting series up from App Home, over HTTP and Socket Mode: the form opened
from Home, its zone search, its live preview, a submission stored and announced once (and
its redelivery adding nothing), wrong entries answered under their fields, Pause, Resume and
Delete; and a series moved an hour later between its two reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import recurring_ical_events
from icalendar import Calendar
from slack_sdk.models.views import View

from bot.meetings.config import MeetingConfig
from tests.conftest import start_bot, stop_bot
from tests.support.blockkit import all_text, assert_plain_words
from tests.support.clock import SetClock
from tests.support.meeting_form import (
    FORM,
    ORGANISER,
    click_in_home,
    home_button,
    in_form,
    open_home,
    opened_form,
    option,
    state_of,
    submission_body,
)

SOMEONE = "U0NOBODY01"
CHANNEL = "C0SYNC0001"
# The day before a sync (every other Tuesday, 17:00 Berlin, from 13 January 2026), a minute
# after its day-before reminder was due. The scheduler keeps real time: nothing comes due
# by itself; the test fires reminders when its clock says so.
NOW = datetime(2030, 11, 25, 16, 1, tzinfo=UTC)


@pytest.fixture
def bot(fake_slack, db_url, tmp_path, transport):
    config = tmp_path / "pmm.toml"
    config.write_text('[meeting]\njoin_url = "https://zoom.example/j/1"\n')
    running = start_bot(
        fake_slack,
        db_url,
        clock=SetClock(NOW),
        PMM_CONFIG=str(config),
        transport=transport,
        PMM_ORGANIZERS=ORGANISER,
        PMM_REMINDER_CHANNEL=CHANNEL,
    )
    fake_slack.reset()
    yield running
    stop_bot(running)


def channel_posts(bot, channel: str = CHANNEL) -> list[str]:
    posts = bot.fake.calls_to("chat.postMessage")
    return [all_text(c.json_param("blocks")) for c in posts if c.params["channel"] == channel]


APAC = {
    "title": "APAC meeting",
    "key": "apac",
    "zone": option("Asia/Kolkata"),
    "first_date": "2030-12-04",
    "first_time": "08:00",
    "cadence": option("weekly"),
    "channel": "C0APAC0001",
}


def test_an_organiser_adds_a_meeting_from_home(bot) -> None:
    click_in_home(bot, home_button(open_home(bot), "pmm_series_add"))
    view = opened_form(bot)
    assert view["callback_id"] == "pmm_series_form"
    assert view["title"]["text"] == "Add a meeting"
    zone = next(b for b in view["blocks"] if b.get("block_id") == "zone")["element"]
    assert zone["type"] == "external_select"
    assert zone["min_query_length"] == 2
    assert zone["initial_option"]["value"] == "Europe/Berlin"  # the community's to start from

    found = in_form(
        bot,
        "block_suggestion",
        view,
        {"action_id": "pmm_series_zone", "block_id": "zone", "value": "berlin"},
    )
    assert found.json()["options"][0]["value"] == "Europe/Berlin"
    found = in_form(
        bot,
        "block_suggestion",
        view,
        {"action_id": "pmm_series_display_zones", "block_id": "display_zones", "value": "new york"},
    )
    assert found.json()["options"][0]["value"] == "America/New_York"

    action = {
        "type": "timepicker",
        "action_id": "pmm_series_first_time",
        "block_id": "first_time",
        "selected_time": "08:00",
        "action_ts": "1.2",
    }
    bot.fake.reset()
    in_form(bot, "block_actions", view, {"actions": [action], "trigger_id": "trigger-live"}, **APAC)
    (update,) = bot.fake.wait_for("views.update")
    assert (update.params["view_id"], update.params["hash"]) == ("VFORM00001", view["hash"])
    redrawn = update.json_param("view")
    View(**redrawn).validate_json()
    preview = next(b for b in redrawn["blocks"] if b.get("block_id") == "preview")
    assert preview["text"]["text"].count("<!date^") >= 1

    bot.fake.reset()
    body = submission_body(view, state_of(view, **APAC))
    reply = bot.slack.post(body, FORM)
    assert reply.status == 200
    assert not reply.body or reply.json() in (None, {})  # the form closes
    bot.fake.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "C0APAC0001")
    (home,) = bot.fake.wait_for("views.publish")
    assert home.params["user_id"] == ORGANISER
    assert "APAC meeting" in all_text(home.json_param("view")["blocks"])
    series = bot.services.meetings.get("apac")
    assert series.config.rrule == "FREQ=WEEKLY;BYDAY=WE"
    assert series.config.first == datetime(2030, 12, 4, 8)
    (notice,) = channel_posts(bot, "C0APAC0001")
    assert f"<@{ORGANISER}> set up" in notice
    assert "weekly on Wednesday at 08:00 (Asia/Kolkata)" in notice
    assert "<!date^" in notice

    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert bot.slack.post(body, FORM, headers=retry).status == 200
    bot.finish_background_work()
    assert len(channel_posts(bot, "C0APAC0001")) == 1
    assert [s.key for s in bot.services.meetings.all()] == ["default", "apac"]


def test_wrong_entries_are_answered_under_their_fields_and_nothing_is_stored(bot) -> None:
    click_in_home(bot, home_button(open_home(bot), "pmm_series_add"))
    view = opened_form(bot)
    bad = {
        "title": "Bad one",
        "key": "Not OK!",
        "zone": option("Mars/Olympus"),
        "first_date": None,
        "first_time": None,
        "cadence": option("custom"),
        "custom_rule": "FREQ=HOURLY",
        "reminders": "soon",
        "channel": None,
    }
    bot.fake.reset()
    answer = bot.slack.post(submission_body(view, state_of(view, **bad)), FORM).json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {
        "key",
        "zone",
        "first_date",
        "first_time",
        "custom_rule",
        "reminders",
        "channel",
    }
    for sentence in answer["errors"].values():
        assert_plain_words(sentence, typed="Mars/Olympus")
    clash = state_of(view, **(APAC | {"key": "default"}))
    taken = bot.slack.post(submission_body(view, clash), FORM)
    assert set(taken.json()["errors"]) == {"key"}
    stranger = bot.slack.post(submission_body(view, state_of(view, **APAC), SOMEONE), FORM)
    assert "Only the organisers" in stranger.json()["errors"]["title"]
    bot.finish_background_work()
    assert [s.key for s in bot.services.meetings.all()] == ["default"]
    assert bot.fake.calls_to("chat.postMessage") == []


def test_pause_resume_and_delete_from_home(bot) -> None:
    home = open_home(bot)
    pause = home_button(home, "pmm_series_pause", "default")
    delete = home_button(home, "pmm_series_delete", "default")
    assert pause["confirm"]["confirm"]["text"] == "Pause"
    assert delete["confirm"]["confirm"]["text"] == "Delete"

    click_in_home(bot, pause, user=SOMEONE)  # a forged click: refused, nothing changes
    (note,) = bot.fake.wait_for("views.open")
    assert "Only the organisers" in all_text(note.json_param("view")["blocks"])
    assert not bot.services.meetings.get("default").paused

    click_in_home(bot, pause)
    (home_call,) = bot.fake.wait_for("views.publish")
    assert bot.services.meetings.get("default").paused
    (paused,) = channel_posts(bot)
    assert f"<@{ORGANISER}> paused" in paused
    resume = home_button(home_call.json_param("view"), "pmm_series_resume", "default")

    click_in_home(bot, pause)  # a second tab still showing Pause
    (note,) = bot.fake.wait_for("views.open")
    assert "already paused" in all_text(note.json_param("view")["blocks"])
    bot.fake.wait_for("views.publish")  # Home shows how things stand

    click_in_home(bot, resume)
    bot.fake.wait_for("views.publish")
    assert not bot.services.meetings.get("default").paused
    (resumed,) = channel_posts(bot)
    assert "resumed" in resumed
    assert "<!date^" in resumed

    click_in_home(bot, delete)
    (after,) = bot.fake.wait_for("views.publish")
    assert bot.services.meetings.get("default") is None
    (deleted,) = channel_posts(bot)
    assert "deleted" in deleted
    changes = all_text(after.json_param("view")["blocks"])
    for done in ("paused", "resumed", "deleted"):
        assert f"<@{ORGANISER}> {done}" in changes


def test_a_refused_pause_shows_the_title_escaped(bot) -> None:
    hostile = MeetingConfig(id="loud", title="Loud <!channel> & co", channel="C0LOUD0001")
    bot.services.meetings.add(hostile, by=ORGANISER)
    pause = home_button(open_home(bot), "pmm_series_pause", "loud")
    click_in_home(bot, pause)
    bot.fake.wait_for("views.publish")
    click_in_home(bot, pause)  # a second tab still showing Pause
    (note,) = bot.fake.wait_for("views.open")
    text = all_text(note.json_param("view")["blocks"])
    assert "Loud &lt;!channel&gt; &amp; co is already paused." in text
    assert "<!channel>" not in text


def test_everyone_sees_the_meetings_but_only_organisers_get_buttons(bot) -> None:
    text = all_text(open_home(bot, SOMEONE)["blocks"])
    assert "Meetings" in text
    assert "every 2 weeks on Tuesday at 17:00 (Europe/Berlin)" in text
    assert "pmm_series_" not in text
    assert "pmm_series_edit" in all_text(open_home(bot)["blocks"])


def reminder_posts(bot) -> list[str]:
    return [t for t in channel_posts(bot) if "changed" not in t]


def test_an_edit_an_hour_later_between_the_two_reminders(bot) -> None:
    services = bot.services
    assert bot.call(services.reminders.fire, "2030-11-26/1d")  # 24 hours before 17:00
    (day_before,) = reminder_posts(bot)
    assert "in 24 hours" in day_before

    click_in_home(bot, home_button(open_home(bot), "pmm_series_edit", "default"))
    view = opened_form(bot)
    assert view["title"]["text"] == "Change the meeting"
    time_picker = next(b for b in view["blocks"] if b.get("block_id") == "first_time")["element"]
    assert time_picker["initial_time"] == "17:00"
    bot.fake.reset()
    reply = bot.slack.post(submission_body(view, state_of(view, first_time="18:00")), FORM)
    assert reply.status == 200
    (notice,) = [c for c in bot.fake.wait_for("chat.postMessage") if c.params["channel"] == CHANNEL]
    text = all_text(notice.json_param("blocks"))
    assert "now every 2 weeks on Tuesday at 18:00 (Europe/Berlin)" in text
    assert "Before, it met every 2 weeks on Tuesday at 17:00 (Europe/Berlin)." in text
    eighteen = int(datetime(2030, 11, 26, 17, tzinfo=UTC).timestamp())  # 18:00 Berlin
    (corrected,) = bot.fake.wait_for("chat.update")
    assert f"<!date^{eighteen}^" in all_text(corrected.json_param("blocks"))
    bot.fake.wait_for("views.publish")
    assert services.meetings.get("default").config.first.hour == 18
    # The feed: the meetings before the edit where they took place, the next at 18:00.
    feed = Calendar.from_ical(bot.slack.get("/calendar.ics").body)
    window = datetime(2030, 11, 1, tzinfo=UTC), datetime(2030, 12, 1, tzinfo=UTC)
    starts = [e.decoded("DTSTART") for e in recurring_ical_events.of(feed).between(*window)]
    assert [s.astimezone(UTC).hour for s in starts] == [16, 17]  # 12 Nov 17:00, 26 Nov 18:00
    assert len({str(e["UID"]) for e in feed.walk("VEVENT")}) == 2

    bot.fake.reset()
    services.clock.advance(timedelta(hours=1))  # the day-before reminder of the new time
    assert not bot.call(services.reminders.fire, "2030-11-26/1d")
    services.clock.advance(timedelta(hours=23, minutes=44))  # 16:45 UTC: 17:45 Berlin
    assert bot.call(services.reminders.fire, "2030-11-26/15m")
    assert not bot.call(services.reminders.fire, "2030-11-26/15m")
    (soon,) = reminder_posts(bot)
    assert "starting in 15 minutes" in soon
    assert f"<!date^{eighteen}^" in soon


def edit_keys(view: dict) -> list[str]:
    """The series a Home view lists with an Edit button, in order."""
    return [e["value"] for b in view["blocks"] if b["type"] == "actions"
            for e in b["elements"] if e["action_id"] == "pmm_series_edit"]  # fmt: skip


def test_more_than_a_page_of_series_pages_in_home(bot) -> None:
    for n in range(1, 15):  # with the default one: 15 series, a page holds 12
        config = MeetingConfig(id=f"team-{n:02d}", title=f"Team {n:02d} sync", channel=CHANNEL)
        bot.services.meetings.add(config, by=ORGANISER)
    first = open_home(bot)
    assert edit_keys(first) == ["default"] + [f"team-{n:02d}" for n in range(1, 12)]
    more = home_button(first, "pmm_series_more")
    assert more["text"]["text"] == "3 more meetings"
    click_in_home(bot, more)
    (call,) = bot.fake.wait_for("views.publish")
    second = call.json_param("view")
    View(**second).validate_json()
    assert edit_keys(second) == ["team-12", "team-13", "team-14"]
    assert "Team 14 sync" in all_text(second["blocks"])
    edit = home_button(second, "pmm_series_edit", "team-14")  # organisers manage every page
    click_in_home(bot, edit)
    (opened,) = bot.fake.wait_for("views.open")
    assert "Team 14 sync" in all_text(opened.json_param("view")["blocks"])
    click_in_home(bot, home_button(second, "pmm_series_earlier"))
    (back,) = bot.fake.wait_for("views.publish")
    assert edit_keys(back.json_param("view"))[:2] == ["default", "team-01"]
