"""Meeting commands, the calendar feed, and reminders posted exactly once by two bots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import start_bot, stop_bot
from tests.support.blockkit import all_text, assert_within_block_kit_limits
from tests.support.clock import QUIET_NOW, ShiftedClock

BERLIN = ZoneInfo("Europe/Berlin")


def write_config(
    tmp_path, *, first: datetime, reminders: str = '["24h", "15m"]', rrule: str | None = None
) -> str:
    """A PMM_CONFIG file; soon-starting test meetings recur daily (any weekday works)."""
    path = tmp_path / "pmm.toml"
    path.write_text(
        "[meeting]\n"
        f"first = {first.astimezone(BERLIN).replace(tzinfo=None).isoformat(timespec='seconds')}\n"
        f"reminders = {reminders}\n"
        'join_url = "https://zoom.example/j/1"\n'
        'agenda_url = "https://docs.example/agenda"\n' + (f'rrule = "{rrule}"\n' if rrule else "")
    )
    return str(path)


@pytest.fixture
def meeting_bot(fake_slack, database_url, tmp_path, transport):
    config = write_config(tmp_path, first=datetime(2026, 1, 13, 17, tzinfo=BERLIN))
    # A set clock: on the system clock a run near a sync (the day before, or 15 minutes
    # before) also saw a real reminder posted in the channel.
    settings = {"PMM_ORGANIZERS": "U0ORGANIZ1", "PMM_REMINDER_CHANNEL": "C0SYNC0001"}
    running = start_bot(
        fake_slack,
        database_url,
        PMM_CONFIG=config,
        transport=transport,
        clock=ShiftedClock(QUIET_NOW),
        **settings,
    )
    fake_slack.reset()
    yield running
    stop_bot(running)


def answer(bot, text: str, user: str = "U0USER001") -> str:
    body = bot.slack.command(text, user_id=user).json()
    assert_within_block_kit_limits(body["blocks"])
    return all_text(body["blocks"])


def test_next_shows_reader_local_time_zones_countdown_and_links(meeting_bot) -> None:
    text = answer(meeting_bot, "next")
    assert "<!date^" in text
    assert "{date_long_pretty} at {time}" in text
    assert "17:00 Berlin" in text
    assert "11:00 New York" in text
    assert "https://zoom.example/j/1" in text
    assert "calendar.google.com" in text
    assert " in " in text


def test_schedule_marks_skipped_and_moved_and_unusual_et(meeting_bot) -> None:
    upcoming = meeting_bot.services.meetings.primary().upcoming(3)
    first, second = upcoming[0].original_start.date(), upcoming[1].original_start.date()
    meeting_bot.slack.command(f"meeting skip {first}", user_id="U0ORGANIZ1")
    meeting_bot.fake.wait_for("response_url")
    meeting_bot.slack.command(f"meeting move {second} 18:30", user_id="U0ORGANIZ1")
    meeting_bot.fake.wait_for("response_url", count=2)
    skipped, moved = meeting_bot.fake.calls_to("chat.postMessage")  # one notice each
    assert {skipped.params["channel"], moved.params["channel"]} == {"C0SYNC0001"}
    assert "skipped" in all_text(skipped.params["blocks"])
    assert "moves to" in all_text(moved.params["blocks"])
    text = answer(meeting_bot, "schedule 4")
    assert "*skipped*" in text
    assert "*moved* from <!date^" in text  # the usual time in the reader's zone, too
    assert "17:00 Europe/Berlin>" in text  # ...and labelled where Slack cannot render it
    ics = meeting_bot.slack.get("/calendar.ics").body.decode()
    assert f"EXDATE;TZID=Europe/Berlin:{first:%Y%m%d}T170000" in ics
    assert f"{second:%Y%m%d}T183000" in ics


def test_only_organisers_change_meetings(meeting_bot) -> None:
    text = answer(meeting_bot, "meeting skip 2027-01-12", user="U0NOBODY01")
    assert "Sorry, only the organisers" in text
    assert meeting_bot.fake.calls_to("chat.postMessage") == []
    text = answer(meeting_bot, "meeting skip tomorrow", user="U0ORGANIZ1")
    assert "can't read" in text


def test_unknown_date_gets_a_clear_answer(meeting_bot) -> None:
    meeting_bot.slack.command("meeting skip 2027-01-13", user_id="U0ORGANIZ1")  # a Wednesday
    (reply,) = meeting_bot.fake.wait_for("response_url")
    assert "There is no CNCF Platform Engineering sync on" in all_text(reply.params["blocks"])


def test_calendar_feed_is_served_as_text_calendar(meeting_bot) -> None:
    reply = meeting_bot.slack.get("/calendar.ics")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VTIMEZONE" in reply.body
    assert b"RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" in reply.body


def test_calendar_command_explains_and_sends_the_ics_by_dm(meeting_bot) -> None:
    assert "calendar" in answer(meeting_bot, "calendar")
    meeting_bot.fake.wait_for("files.completeUploadExternal")
    (upload,) = meeting_bot.fake.calls_to("upload")
    assert upload.raw.startswith(b"BEGIN:VCALENDAR")
    (complete,) = meeting_bot.fake.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"].startswith("D")


def reminder_calls(fake):
    return [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == "C0SYNC0001"]


def test_two_bots_on_one_database_post_each_reminder_once(fake_slack, database_url, tmp_path):
    start = datetime.now(UTC) + timedelta(seconds=9)
    config = write_config(tmp_path, first=start, reminders='["6s", "3s"]', rrule="FREQ=DAILY")
    settings = {"PMM_CONFIG": config, "PMM_REMINDER_CHANNEL": "C0SYNC0001"}
    bots = [start_bot(fake_slack, database_url, **settings) for _ in range(2)]
    try:
        fake_slack.wait_for(
            "chat.postMessage",
            count=2,
            timeout=15,
            where=lambda c: c.params["channel"] == "C0SYNC0001",
        )
    finally:
        for bot in bots:
            stop_bot(bot)  # waits for running jobs, so a duplicate would be counted below
    posts = reminder_calls(fake_slack)
    assert len(posts) == 2
    texts = [all_text(p.params["blocks"]) for p in posts]
    assert any("starting in 6 seconds" in t for t in texts)
    assert any("starting in 3 seconds" in t for t in texts)


def test_restart_between_the_two_reminders_posts_each_once(fake_slack, database_url, tmp_path):
    start = datetime.now(UTC) + timedelta(seconds=10)
    config = write_config(tmp_path, first=start, reminders='["7s", "3s"]', rrule="FREQ=DAILY")
    settings = {"PMM_CONFIG": config, "PMM_REMINDER_CHANNEL": "C0SYNC0001"}
    first = start_bot(fake_slack, database_url, **settings)
    try:
        fake_slack.wait_for("chat.postMessage", count=1, timeout=10)
    finally:
        stop_bot(first)
    second = start_bot(fake_slack, database_url, **settings)
    try:
        fake_slack.wait_for("chat.postMessage", count=2, timeout=12)
    finally:
        stop_bot(second)
    assert len(reminder_calls(fake_slack)) == 2


def test_with_one_series_answers_read_as_before_and_a_paused_one_says_so(meeting_bot) -> None:
    schedule = answer(meeting_bot, "schedule 3")
    assert "*Upcoming: CNCF Platform Engineering sync*" in schedule
    assert "several meetings" not in answer(meeting_bot, "help")
    (button,) = [e for b in meeting_bot.slack.command("next").json()["blocks"]
                 if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "pmm_agenda_add"]  # fmt: skip
    assert button["value"].startswith("default:")
    meeting_bot.services.meetings.set_paused("default", True, by="U0ORGANIZ1")
    assert "is paused" in answer(meeting_bot, "next")
