"""One private welcome per person per configured channel; none for bots or other channels."""

from __future__ import annotations

import pytest

from tests.conftest import start_bot, stop_bot
from tests.support.blockkit import all_text, assert_within_block_kit_limits
from tests.support.fake_slack import BOT_USER_ID


@pytest.fixture
def welcome_bot(fake_slack, database_url, tmp_path, transport):
    config = tmp_path / "pmm.toml"
    config.write_text(
        '[meeting]\nagenda_url = "https://docs.example/agenda"\n'
        '[welcome]\nenabled = true\nchannels = ["C0WELCOME1"]\n'
        'text = "Say hi in the thread of the weekly intro post!"\n'
    )
    running = start_bot(
        fake_slack,
        database_url,
        PMM_CONFIG=str(config),
        PMM_ORGANIZERS="U0ORGANIZ1",
        PMM_PUBLIC_URL="https://pmm.example.org",
        transport=transport,
    )
    fake_slack.users = {"U0ROBOT001": {"is_bot": True}}
    fake_slack.reset()
    yield running
    stop_bot(running)


def join(bot, user: str, channel: str = "C0WELCOME1", event_id: str = "Ev1", **kw):
    event = {
        "type": "member_joined_channel",
        "user": user,
        "channel": channel,
        "channel_type": "C",
        "team": "T1",
    }
    assert bot.slack.event(event, event_id=event_id, **kw).status == 200


def welcomes(bot) -> list:
    return [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"].startswith("U")]


def test_newcomer_gets_one_welcome_with_how_to_take_part(welcome_bot) -> None:
    join(welcome_bot, "U0NEWBIE01")
    (message,) = welcome_bot.fake.wait_for("chat.postMessage")
    assert message.params["channel"] == "U0NEWBIE01"
    assert_within_block_kit_limits(message.params["blocks"])
    text = all_text(message.params["blocks"])
    assert "<!date^" in text
    assert "https://pmm.example.org/calendar.ics" in text
    assert "https://docs.example/agenda" in text
    assert "/pmm levels" in text
    assert "Say hi in the thread" in text


def test_redelivery_rejoin_bots_and_other_channels_get_nothing(welcome_bot) -> None:
    join(welcome_bot, "U0NEWBIE02")
    welcome_bot.fake.wait_for("chat.postMessage")
    join(
        welcome_bot,
        "U0NEWBIE02",
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    join(welcome_bot, "U0NEWBIE02", event_id="Ev2")  # left and joined again
    join(welcome_bot, "U0ROBOT001", event_id="Ev3")
    join(welcome_bot, BOT_USER_ID, event_id="Ev4")
    join(welcome_bot, "U0NEWBIE03", channel="C0ELSEWHERE", event_id="Ev5")
    join(welcome_bot, "U0SENTINEL", event_id="Ev6")  # processed after the others
    welcome_bot.fake.wait_for("chat.postMessage", count=2)
    assert [c.params["channel"] for c in welcomes(welcome_bot)] == ["U0NEWBIE02", "U0SENTINEL"]


def test_organiser_previews_the_welcome(welcome_bot) -> None:
    body = welcome_bot.slack.command(
        "welcome preview", user_id="U0ORGANIZ1", channel_id="C0WELCOME1"
    ).json()
    assert "Say hi in the thread" in all_text(body["blocks"])
    body = welcome_bot.slack.command("welcome preview", user_id="U0NOBODY01").json()
    assert "Sorry, only" in all_text(body["blocks"])


def test_channel_names_in_the_config_are_resolved_at_start(
    fake_slack, database_url, tmp_path, transport
) -> None:
    fake_slack.channels = {"announcements": "C0ANNOUNCE", "welcome": "C0WELCOME9", "x": "C0X0000"}
    config = tmp_path / "pmm.toml"
    config.write_text('[welcome]\nenabled = true\nchannels = ["#welcome", "C0OTHERID1"]\n')
    running = start_bot(fake_slack, database_url, PMM_CONFIG=str(config), transport=transport)
    try:
        assert running.services.welcomes.config.channels == ("C0WELCOME9", "C0OTHERID1")
        pages = fake_slack.calls_to("conversations.list")
        assert [p.params.get("cursor") for p in pages] == [None, "2"]  # both pages read
        fake_slack.reset()
        join(running, "U0NEWBIE09", channel="C0WELCOME9")
        (message,) = fake_slack.wait_for("chat.postMessage")
        assert message.params["channel"] == "U0NEWBIE09"
    finally:
        stop_bot(running)


def test_dates_fall_back_to_the_newcomers_own_zone(welcome_bot) -> None:
    welcome_bot.fake.users = {"U0NEWBIE07": {"tz": "Asia/Tokyo"}}
    join(welcome_bot, "U0NEWBIE07")
    (message,) = welcome_bot.fake.wait_for("chat.postMessage")
    assert "Asia/Tokyo>" in all_text(message.params["blocks"])  # where Slack cannot render it
    assert "Asia/Tokyo>" in message.params["text"]  # and in the notification
    assert "CNCF Platform Engineering sync" in message.params["text"]
