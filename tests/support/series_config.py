"""The two meeting series the tests use, as a config file says them: the EMEA sync (Berlin,
every other Tuesday 17:00) and the APAC sync (Kolkata, every Wednesday 08:00); a bot started
with them; and what its commands answer."""

from __future__ import annotations

from tests.conftest import RunningBot, start_bot
from tests.support.blockkit import all_text, assert_within_block_kit_limits
from tests.support.clock import QUIET_NOW, SetClock

EMEA_CHANNEL, APAC_CHANNEL = "C0EMEA0001", "C0APAC0001"
ORGANIZER = "U0ORGANIZ1"
WELCOME = '[welcome]\nenabled = true\nchannels = ["C0WELCOME1"]\n'
_TABLES = {
    "emea": (
        '[[meeting]]\nid = "emea"\ntitle = "EMEA sync"\ntimezone = "Europe/Berlin"\n'
        'first = 2026-01-13T17:00:00\nrrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"\n',
        EMEA_CHANNEL,
    ),
    "apac": (
        '[[meeting]]\nid = "apac"\ntitle = "APAC sync"\ntimezone = "Asia/Kolkata"\n'
        'first = 2026-01-14T08:00:00\nrrule = "FREQ=WEEKLY;BYDAY=WE"\n',
        APAC_CHANNEL,
    ),
}


def two_series(
    *,
    channels: bool = True,
    emea: str = "",
    apac: str = "",
    rest: str = "",
    order: tuple[str, str] = ("emea", "apac"),
) -> str:
    """The `[[meeting]]` tables in `order` (each with its channel unless `channels` is
    False), with extra lines for either table and `rest` after them."""
    extra = {"emea": emea, "apac": apac}
    tables = []
    for key in order:
        table, channel = _TABLES[key]
        tables.append(table + (f'channel = "{channel}"\n' if channels else "") + extra[key])
    return "\n".join(tables) + "\n" + rest


def start_series_bot(fake_slack, database_url: str, tmp_path, transport: str, config: str):
    """The bot with `config` as its PMM_CONFIG, on a set clock far from any real meeting,
    with an organiser and a public URL."""
    path = tmp_path / "pmm.toml"
    path.write_text(config)
    return start_bot(
        fake_slack,
        database_url,
        clock=SetClock(QUIET_NOW),  # a Wednesday, long after any real sync
        transport=transport,
        PMM_CONFIG=str(path),
        PMM_ORGANIZERS=ORGANIZER,
        PMM_PUBLIC_URL="https://pmm.example.org",
    )


def answer(bot: RunningBot, text: str, user: str = "U0USER001") -> dict:
    """The private answer to `/pmm <text>`, checked against Block Kit's limits."""
    body = bot.slack.command(text, user_id=user).json()
    assert_within_block_kit_limits(body["blocks"])
    return body


def said(bot: RunningBot, text: str, user: str = "U0USER001") -> str:
    """The text of the answer to `/pmm <text>`."""
    return all_text(answer(bot, text, user)["blocks"])


def organise(bot: RunningBot, text: str) -> str:
    """`/pmm meeting <text>` as an organiser: the answer that comes by response_url."""
    before = len(bot.fake.calls_to("response_url"))
    bot.slack.command(f"meeting {text}", user_id=ORGANIZER)
    reply = bot.fake.wait_for("response_url", count=before + 1)[-1]
    return all_text(reply.params["blocks"])
