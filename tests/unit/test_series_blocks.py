"""Block Kit over several meeting series: within Slack's limits however many series there
are and however long their titles, titles escaped, the Add a topic button's value, and the
newcomer's zone."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.blocks.agenda_blocks import add_button, read_add_value, render_agendas
from bot.blocks.kit import MAX_SECTION_TEXT
from bot.blocks.series_blocks import (
    SeriesNext,
    packed_sections,
    render_calendar_feeds,
    render_combined_schedule,
    render_next_all,
)
from bot.blocks.welcome_blocks import reader_zone, render_welcome
from bot.meetings.agenda import Entry
from bot.meetings.config import MeetingConfig, WelcomeConfig
from bot.meetings.series import Overrides, next_occurrences
from tests.support.blockkit import assert_within_block_kit_limits, mrkdwn_strings

NOW = datetime(2030, 6, 5, 9, tzinfo=UTC)
HOSTILE = "<!channel> *bold* & <@U123> " + "x" * 150


def many(count: int) -> list[MeetingConfig]:
    return [
        MeetingConfig(
            id=f"s{i:02d}",
            title=(HOSTILE + str(i))[:150],
            join_url="https://zoom.example/j/" + "9" * 400,
            agenda_url="https://docs.example/" + "a" * 400,
        )
        for i in range(count)
    ]


def no_live_syntax(message) -> None:
    for text in mrkdwn_strings({"text": message.text, "blocks": message.blocks}):
        assert "<!channel>" not in text
        assert "<@U123>" not in text


def test_the_add_a_topic_value_names_the_series_and_old_values_mean_the_default() -> None:
    value = add_button(1907461800, "apac")["value"]
    assert value == "apac:1907461800"
    assert read_add_value(value) == ("apac", 1907461800)
    assert read_add_value("1907461800") == ("default", 1907461800)
    for broken in ("", "apac:", "apac:x", "APAC:1", "a b:1", "apac\n:1", "²", "apac:²"):
        assert read_add_value(broken) is None


def test_next_of_forty_series_fits_in_one_message() -> None:
    entries = [
        SeriesNext(config, i % 7 == 0, next_occurrences(config, Overrides(), NOW, 1)[0], i)
        for i, config in enumerate(many(40))
    ]
    message = render_next_all(entries, NOW)
    assert_within_block_kit_limits(message.blocks)
    no_live_syntax(message)
    text = json.dumps(message.blocks)
    assert "more meetings" in text
    assert "paused" in text
    ids = [b["block_id"] for b in message.blocks if "block_id" in b]
    assert len(ids) == len(set(ids))  # block ids are unique within a message


def test_the_combined_schedule_is_split_into_sections_that_fit() -> None:
    configs = many(20)
    items = [(c, o) for c in configs for o in next_occurrences(c, Overrides(), NOW, 20)]
    message = render_combined_schedule(items, 20, configs[:3])
    assert_within_block_kit_limits(message.blocks)
    no_live_syntax(message)
    assert json.dumps(message.blocks, ensure_ascii=False).count("• ") == 20


def test_calendar_feeds_and_agendas_of_many_series_fit() -> None:
    configs = many(40)
    feeds = [(c, f"https://pmm.example.org/calendar/{c.id}.ics") for c in configs]
    for message in (
        render_calendar_feeds("https://pmm.example.org/calendar.ics", feeds),
        render_calendar_feeds(None, [(c, None) for c in configs]),
    ):
        assert_within_block_kit_limits(message.blocks)
        no_live_syntax(message)
    entries = [Entry(n, n, HOSTILE, None, "U0ME") for n in range(1, 30)]
    agendas = [(c.title, c.id, "soon", entries, 1907461800) for c in configs]
    message = render_agendas(agendas)
    assert_within_block_kit_limits(message.blocks)
    no_live_syntax(message)


def test_the_welcome_of_many_series_fits_and_uses_the_newcomers_zone() -> None:
    configs = many(30)
    meetings = [(c, next_occurrences(c, Overrides(), NOW, 1)[0]) for c in configs]
    message = render_welcome(WelcomeConfig(), meetings, "C0WELCOME1", None, zone="Asia/Tokyo")
    assert_within_block_kit_limits(message.blocks)
    no_live_syntax(message)
    assert "Asia/Tokyo>" in message.text
    assert all(len(b["text"]["text"]) <= MAX_SECTION_TEXT for b in message.blocks[1:-1])


def test_reader_zone_takes_only_a_known_zone() -> None:
    assert reader_zone("America/Los_Angeles") == "America/Los_Angeles"
    for unknown in (None, "", "Mars/Olympus", 7, "../etc"):
        assert reader_zone(unknown) is None


def test_packed_sections_keep_every_line_within_the_limit() -> None:
    lines = [f"• line {i} " + "y" * 200 for i in range(40)]
    blocks = packed_sections("*Head*", lines)
    assert len(blocks) > 1
    joined = "\n".join(b["text"]["text"] for b in blocks)
    assert all(line in joined for line in lines)
    assert all(len(b["text"]["text"]) <= MAX_SECTION_TEXT for b in blocks)


def test_a_closed_agenda_in_the_listing_has_no_add_a_topic_button() -> None:
    agendas = [("EMEA sync", "emea", "soon", [], 1907461800), ("APAC sync", "apac", "soon", [],
               1907500000)]  # fmt: skip
    message = render_agendas(agendas, closed=frozenset({"apac"}))
    assert_within_block_kit_limits(message.blocks)
    buttons = [e["value"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [add_button(1907461800, "emea")["value"]]
    assert "The agenda is closed." in json.dumps(message.blocks)
