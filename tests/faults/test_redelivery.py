"""Every handler under redelivery: the same request four times at once (the original and
retries 1..3, arriving while the first still runs) takes effect once. Votes have their own
test in tests/scenario/test_poll_concurrency.py."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.blocks.kit import text_message
from tests.conftest import RunningBot, start_bot, stop_bot
from tests.scenario.test_exports import voted_poll
from tests.scenario.test_meetings import write_config
from tests.scenario.test_polls import start_poll, vote_buttons, wait_for_voters
from tests.support.clock import QUIET_NOW, ShiftedClock
from tests.support.slack_requests import FORM

RETRIES = [{}] + [
    {"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"} for n in (1, 2, 3)
]


def deliver_four_times(bot: RunningBot, body: str, content_type: str = FORM) -> list[int]:
    """Send one body as the original and three retries, all at once; their HTTP statuses."""
    with ThreadPoolExecutor(max_workers=len(RETRIES)) as pool:
        replies = pool.map(lambda h: bot.slack.post(body, content_type, headers=h), RETRIES)
        return [reply.status for reply in replies]


def finish_follow_up_work(bot: RunningBot) -> None:
    """Wait until the work queued after each ack (Web API calls) is done."""
    bot.finish_background_work()


@pytest.fixture
def organiser_bot(fake_slack, database_url, tmp_path, transport):
    config = write_config(
        tmp_path, first=datetime(2026, 1, 13, 17, tzinfo=ZoneInfo("Europe/Berlin"))
    )
    path = Path(config)
    path.write_text(path.read_text() + '[welcome]\nenabled = true\nchannels = ["C0WELCOME1"]\n')
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


def test_a_repeated_poll_command_posts_one_poll(organiser_bot) -> None:
    body = organiser_bot.slack.command_body("poll Redelivered?")
    assert deliver_four_times(organiser_bot, body) == [200] * 4
    finish_follow_up_work(organiser_bot)
    assert len(organiser_bot.fake.calls_to("chat.postMessage")) == 1
    assert len(organiser_bot.services.listings.open_in_channel("C0CHAN001")) == 1


def test_a_repeated_export_sends_the_files_once(organiser_bot) -> None:
    poll_id = voted_poll(organiser_bot, voters=2)
    body = organiser_bot.slack.command_body(f"export {poll_id}", user_id="U0ORGANIZ1")
    assert deliver_four_times(organiser_bot, body) == [200] * 4
    finish_follow_up_work(organiser_bot)
    assert len(organiser_bot.fake.calls_to("files.completeUploadExternal")) == 1


def test_a_repeated_close_click_closes_once(organiser_bot) -> None:
    row = vote_buttons(start_poll(organiser_bot, user="U0CREATOR"))[0]
    organiser_bot.slack.action(row[1]["action_id"], row[1]["value"], user_id="U0VOTER001")
    wait_for_voters(organiser_bot, 1)
    poll_id = row[0]["value"].split(":")[0]
    body = organiser_bot.slack.action_body("pmm_poll_close", poll_id, user_id="U0CREATOR")
    assert deliver_four_times(organiser_bot, body) == [200] * 4
    finish_follow_up_work(organiser_bot)
    assert len(organiser_bot.fake.calls_to("files.completeUploadExternal")) == 1
    notes = [c.raw for c in organiser_bot.fake.calls_to("response_url")]
    assert not [n for n in notes if b"already closed" in n]


def test_a_repeated_meeting_skip_posts_one_notice(organiser_bot) -> None:
    day = organiser_bot.services.meetings.primary().upcoming(1)[0].original_start.date()
    body = organiser_bot.slack.command_body(f"meeting skip {day}", user_id="U0ORGANIZ1")
    assert deliver_four_times(organiser_bot, body) == [200] * 4
    finish_follow_up_work(organiser_bot)
    notices = organiser_bot.fake.calls_to("chat.postMessage")
    assert [n.params["channel"] for n in notices] == ["C0SYNC0001"]
    assert len(organiser_bot.fake.calls_to("response_url")) == 1


@pytest.mark.parametrize(
    ("event", "method"),
    [
        ({"type": "app_home_opened", "user": "U0HOME0001", "tab": "home"}, "views.publish"),
        (
            {"type": "member_joined_channel", "user": "U0JOINER01", "channel": "C0WELCOME1"},
            "chat.postMessage",
        ),
    ],
)
def test_a_retried_event_takes_effect_once(organiser_bot, event, method) -> None:
    body = organiser_bot.slack.event_body(event)
    assert deliver_four_times(organiser_bot, body, "application/json") == [200] * 4
    finish_follow_up_work(organiser_bot)
    assert len(organiser_bot.fake.calls_to(method)) == 1


def test_a_retry_after_a_failed_first_attempt_runs(organiser_bot) -> None:
    attempts: list[int] = []

    async def flaky(ctx) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("the first attempt fails")
        await ctx.reply(text_message("worked the second time"))

    organiser_bot.services.commands.add("flaky", flaky, usage="flaky", summary="test only")
    body = organiser_bot.slack.command_body("flaky")
    first = organiser_bot.slack.post(body, FORM)
    retry = organiser_bot.slack.post(body, FORM, headers=RETRIES[1])
    assert first.status == 500
    assert retry.status == 200
    assert "worked the second time" in retry.body.decode()
    assert len(attempts) == 2


def test_commands_still_work_when_the_claim_cannot_be_made(organiser_bot, monkeypatch) -> None:
    services = organiser_bot.services
    runs: list[int] = []

    async def second_run_fails(ctx) -> None:
        runs.append(1)
        if len(runs) == 2:
            raise RuntimeError("the database is unwell")
        await ctx.reply(text_message("done"))

    services.commands.add("once", second_run_fails, usage="once", summary="test only")
    body = organiser_bot.slack.command_body("once")
    assert organiser_bot.slack.post(body, FORM).status == 200  # claimed and handled

    def broken(*_args, **_kwargs):
        raise TimeoutError("the SQLite write lock was not released in time")

    with monkeypatch.context() as patch:
        patch.setattr(services.claims, "claim", broken)
        help_reply = organiser_bot.slack.command("help")
        assert help_reply.status == 200  # fails open: answered without a claim
        assert b"/pmm" in help_reply.body
        repeat = organiser_bot.slack.post(body, FORM, headers=RETRIES[1])
        assert repeat.status == 500  # handled without a claim, and failed
    # The repeat never held the key, so it did not give back the first delivery's.
    assert organiser_bot.slack.post(body, FORM, headers=RETRIES[2]).status == 200
    assert len(runs) == 2
