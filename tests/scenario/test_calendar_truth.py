"""Meeting times as people read them: moves that round-trip, the feed's revisions and cache
validators, the "not the usual time" note for a New York meeting, and the fallback of every
Slack date token the bot sends."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from storage import claims_repo
from tests.conftest import start_bot, stop_bot
from tests.support.blockkit import all_text
from tests.support.clock import SetClock
from tests.support.series_config import ORGANIZER, organise

# A sync day, 17:00 Berlin (every other Tuesday from 13 January 2026). Far enough ahead that
# no reminder job comes due in real time while the tests run: the scheduler keeps real time.
NOW = datetime(2030, 11, 26, 9, tzinfo=UTC)
SYNC = date(2030, 12, 10)


def configured_bot(
    fake_slack, database_url, tmp_path, toml: str = "", transport: str = "http", **settings
):
    config = tmp_path / "pmm.toml"
    config.write_text("[meeting]\n" + toml)
    running = start_bot(
        fake_slack,
        database_url,
        clock=SetClock(NOW),
        PMM_CONFIG=str(config),
        transport=transport,
        PMM_ORGANIZERS=ORGANIZER,
        PMM_REMINDER_CHANNEL="C0SYNC0001",
        **settings,
    )
    fake_slack.reset()
    return running


@pytest.fixture
def bot(fake_slack, database_url, tmp_path, transport):
    running = configured_bot(fake_slack, database_url, tmp_path, transport=transport)
    yield running
    stop_bot(running)


def feed(bot) -> str:
    return re.sub(r"\r\n[ \t]", "", bot.slack.get("/calendar.ics").body.decode())


def test_a_move_to_another_day_round_trips(bot) -> None:
    answer = organise(bot, f"move {SYNC} 2030-12-12 18:00")
    assert "Moved the sync of Tuesday 10 December to Thursday 12 December 18:00" in answer
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20301210T170000" in feed(bot)
    assert "DTSTART;TZID=Europe/Berlin:20301212T180000" in feed(bot)
    # Found again by its original date: moved on to another week, then skipped, then back.
    assert "to Tuesday 17 December 17:00" in organise(bot, f"move {SYNC} 2030-12-17 17:00")
    assert "Skipped the sync on Tuesday 10 December 2030" in organise(bot, f"skip {SYNC}")
    assert "already skipped" in organise(bot, f"skip {SYNC}")
    assert "is back at 17:00" in organise(bot, f"unskip {SYNC}")
    ics = feed(bot)
    assert "RECURRENCE-ID" not in ics
    assert "EXDATE" not in ics
    # And by the day it was moved to, too.
    organise(bot, f"move {SYNC} 2030-12-12 18:00")
    assert "is back at 17:00" in organise(bot, "unskip 2030-12-12")


def test_a_move_onto_another_sync_is_refused(bot) -> None:
    answer = organise(bot, f"move {SYNC} 2030-12-24 17:00")
    assert "There is already a CNCF Platform Engineering sync on Tuesday 24 December 2030" in answer
    assert "RECURRENCE-ID" not in feed(bot)


def test_the_feed_tells_clients_what_changed_and_when(bot) -> None:
    first = bot.slack.get("/calendar.ics")
    assert first.body == bot.slack.get("/calendar.ics").body  # byte-identical
    text = first.body.decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text
    assert "X-PUBLISHED-TTL:PT1H" in text
    assert "SEQUENCE:0" in text
    etag = first.headers["ETag"]
    assert bot.slack.get("/calendar.ics", headers={"If-None-Match": etag}).status == 304
    since = {"If-Modified-Since": first.headers["Last-Modified"]}
    assert bot.slack.get("/calendar.ics", headers=since).status == 304

    bot.services.clock.advance(timedelta(hours=1))
    organise(bot, f"skip {SYNC}")
    changed = bot.slack.get("/calendar.ics", headers={"If-None-Match": etag})
    assert changed.status == 200
    assert changed.headers["ETag"] != etag
    assert "SEQUENCE:1" in changed.body.decode()
    assert "DTSTAMP:20301126T100000Z" in changed.body.decode()


def test_the_uid_is_this_deployments_own(fake_slack, tmp_path) -> None:
    uids = []
    for name, public in (("a", "https://pmm.example.org"), ("b", None), ("c", None)):
        extra = {"PMM_PUBLIC_URL": public} if public else {}
        folder = tmp_path / name
        folder.mkdir()
        running = configured_bot(fake_slack, f"sqlite:///{folder / 'db.sqlite'}", folder, **extra)
        try:
            uids.append(re.search(r"\r\nUID:(\S+)\r\n", feed(running)).group(1))
        finally:
            stop_bot(running)
    assert uids[0].endswith("@pmm.example.org")
    assert len(set(uids)) == 3  # the two deployments on default settings differ too
    restarted = configured_bot(
        fake_slack, f"sqlite:///{tmp_path / 'b' / 'db.sqlite'}", tmp_path / "b"
    )
    try:
        assert f"UID:{uids[1]}" in feed(restarted)  # stable across restarts
    finally:
        stop_bot(restarted)


def test_a_new_york_meeting_is_marked_only_when_europe_is_out_of_step(
    fake_slack, database_url, tmp_path
) -> None:
    toml = 'timezone = "America/New_York"\ndisplay_timezones = ["Europe/Berlin", "Asia/Kolkata"]\n'
    running = configured_bot(fake_slack, database_url, tmp_path, toml)
    try:
        text = running.slack.command("schedule 20").json()["blocks"][0]["text"]["text"]
    finally:
        stop_bot(running)
    lines = [line for line in text.splitlines() if line.startswith("•")]
    marked = [line for line in lines if "this week" in line]
    assert len(lines) == 20
    # 2031: the US changes on 9 March, Europe on 30 March; the sync of 18 March falls between.
    assert [re.search(r"\|2031-(\d\d-\d\d)", line).group(1) for line in marked] == ["03-18"]
    assert "*22:00 Berlin this week*" in marked[0]
    assert "ET this week" not in text


DATE_TOKEN = re.compile(r"<!date\^(\d+)\^[^|>]*\|([^>]*)>")


def check_tokens(texts: list[str]) -> int:
    """Every date token's fallback states its epoch's instant; how many there were."""
    count = 0
    for text in texts:
        for epoch, fallback in DATE_TOKEN.findall(text):
            shown, zone = re.fullmatch(r"(\d{4}-\d\d-\d\d \d\d:\d\d) (\S+)", fallback).groups()
            tz = UTC if zone == "UTC" else ZoneInfo(zone)
            instant = datetime.strptime(shown, "%Y-%m-%d %H:%M").replace(tzinfo=tz)
            assert instant.timestamp() == int(epoch), fallback
            count += 1
    return count


def test_every_date_token_falls_back_to_its_own_instant(fake_slack, database_url, tmp_path):
    toml = '[welcome]\nenabled = true\nchannels = ["C0WELCOME1"]\n'
    running = configured_bot(fake_slack, database_url, tmp_path, "\n" + toml)
    try:
        surfaces = {
            "next": [running.slack.command("next").body.decode()],
            "schedule": [running.slack.command("schedule 10").body.decode()],
        }
        organise(running, f"move {SYNC} 2030-12-11 17:00")
        organise(running, "skip 2031-01-07")
        surfaces["notices"] = [c.raw.decode() for c in fake_slack.calls_to("chat.postMessage")]
        fake_slack.reset()
        running.services.clock.advance(timedelta(hours=6, minutes=45))  # 15 minutes before
        assert running.call(running.services.reminders.fire, "2030-11-26/15m")
        surfaces["reminder"] = [c.raw.decode() for c in fake_slack.calls_to("chat.postMessage")]
        running.slack.event(
            {
                "type": "member_joined_channel",
                "user": "U0NEWBIE01",
                "channel": "C0WELCOME1",
                "channel_type": "C",
            }
        )
        running.slack.event({"type": "app_home_opened", "user": "U0NEWBIE01", "tab": "home"})
        fake_slack.wait_for("views.publish")
        fake_slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "U0NEWBIE01")
        surfaces["welcome"] = [
            c.raw.decode()
            for c in fake_slack.calls_to("chat.postMessage")
            if c.params["channel"] == "U0NEWBIE01"
        ]
        surfaces["home"] = [c.raw.decode() for c in fake_slack.calls_to("views.publish")]
    finally:
        stop_bot(running)
    counts = {name: check_tokens(texts) for name, texts in surfaces.items()}
    assert all(counts.values()), counts


def notices(bot) -> list[str]:
    return [
        all_text(c.params["blocks"])
        for c in bot.fake.calls_to("chat.postMessage")
        if c.params["channel"] == "C0SYNC0001"
    ]


def test_each_change_is_announced_once_and_earlier_reminders_are_corrected(bot) -> None:
    # The day-before reminder of 10 December went out before the organiser moved it.
    bot.services.clock.advance(timedelta(days=13, hours=7))  # 9 December, 16:00 UTC
    assert bot.call(bot.services.reminders.fire, "2030-12-10/1d")
    with bot.services.db.read() as session:
        (posted_ts,) = claims_repo.reminder_messages(session=session, key_prefix="2030-12-10")
    organise(bot, f"move {SYNC} 2030-12-12 18:00")
    assert "moves to" in notices(bot)[-1]
    (edit,) = bot.fake.calls_to("chat.update")
    assert (edit.params["channel"], edit.params["ts"]) == ("C0SYNC0001", posted_ts)
    assert "now" in all_text(edit.params["blocks"])
    again = organise(bot, f"move {SYNC} 2030-12-12 18:00")
    assert "already on Thursday 12 December at 18:00" in again
    organise(bot, f"skip {SYNC}")
    assert "already skipped" in organise(bot, f"skip {SYNC}")
    organise(bot, f"unskip {SYNC}")
    said = notices(bot)[1:]
    assert len(said) == 3  # moved, skipped, on again: once each, the repeats said nothing
    assert "skipped" in said[1]
    assert "on again" in said[2]
    assert "<!date^" in said[2]  # in each reader's own zone
