"""The meeting form's answers: cadences and their RRULEs, short names, reminder offsets, the
zone search, every refusal a plain sentence under its own field, and the live preview."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from slack_sdk.models.views import View

from bot.blocks.meeting_admin import SeriesLine, home_meeting_blocks, render_series_notice
from bot.blocks.series_modal import series_view
from bot.meetings.cadence import (
    cadence_of,
    cadence_options,
    cadence_rule,
    describe_schedule,
    fitting_cadence,
)
from bot.meetings.catalog import SeriesChange
from bot.meetings.config import MeetingConfig
from bot.meetings.reminder_offsets import parse_reminders
from bot.meetings.series import Overrides, next_occurrences
from bot.meetings.series_form import (
    SeriesForm,
    form_from_config,
    preview,
    read_series_form,
    suggest_key,
)
from bot.meetings.service import MeetingService
from bot.meetings.zone_notes import time_note
from bot.meetings.zone_search import MAX_OPTIONS, search_zones, zone_label
from tests.support.blockkit import all_text, assert_plain_words, assert_within_block_kit_limits

NOW = datetime(2030, 6, 5, 9, tzinfo=UTC)  # a Wednesday
ORGANISER = "U0ORGANIZ1"
APAC = SeriesForm(
    title="APAC meeting",
    zone="Asia/Kolkata",
    first_date="2030-06-12",
    first_time="08:00",
    cadence="weekly",
    channel="C0APAC0001",
)


def values(form: SeriesForm, **changes) -> SeriesForm:
    return SeriesForm(**(form.__dict__ | changes))


@pytest.mark.parametrize(
    ("cadence", "day", "rule"),
    [
        ("weekly", date(2030, 6, 12), "FREQ=WEEKLY;BYDAY=WE"),
        ("2weeks", date(2026, 1, 13), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("3weeks", date(2030, 6, 14), "FREQ=WEEKLY;INTERVAL=3;BYDAY=FR"),
        ("4weeks", date(2030, 6, 10), "FREQ=WEEKLY;INTERVAL=4;BYDAY=MO"),
        ("monthly", date(2030, 6, 11), "FREQ=MONTHLY;BYDAY=2TU"),
        ("monthly", date(2030, 6, 25), "FREQ=MONTHLY;BYDAY=4TU"),
        ("monthly-last", date(2030, 6, 25), "FREQ=MONTHLY;BYDAY=-1TU"),
        ("monthly", date(2030, 7, 30), "FREQ=MONTHLY;BYDAY=-1TU"),  # a fifth is the last
    ],
)
def test_each_cadence_gives_its_rule(cadence: str, day: date, rule: str) -> None:
    assert cadence_rule(cadence, day) == rule


def test_monthly_choices_name_the_weekday_and_last_only_when_it_is() -> None:
    second = dict(cadence_options(date(2030, 6, 11)))
    assert second["monthly"] == "Monthly on the 2nd Tuesday"
    assert "monthly-last" not in second
    fourth = dict(cadence_options(date(2030, 6, 25)))  # the 4th Tuesday, and the last
    assert fourth["monthly"] == "Monthly on the 4th Tuesday"
    assert fourth["monthly-last"] == "Monthly on the last Tuesday"
    fifth = dict(cadence_options(date(2030, 7, 30)))
    assert "monthly" not in fifth
    assert fifth["monthly-last"] == "Monthly on the last Tuesday"
    assert fitting_cadence("monthly", date(2030, 7, 30)) == "monthly-last"
    assert fitting_cadence("monthly-last", date(2030, 6, 11)) == "monthly"
    assert all(len(label) <= 75 for label, _ in cadence_options(None))


def test_a_stored_series_fills_the_form_back() -> None:
    config = MeetingConfig(channel="C0SYNC0001")
    form = form_from_config(config)
    assert (form.cadence, form.first_time, form.reminders) == ("2weeks", "17:00", "24h, 15m")
    again, errors = read_series_form(form, now=NOW, editing=config)
    assert errors == {}
    assert again == config
    odd = MeetingConfig(rrule="FREQ=MONTHLY;BYMONTHDAY=1")
    assert cadence_of(odd) == ("custom", "FREQ=MONTHLY;BYMONTHDAY=1")
    assert describe_schedule(odd) == "on its own schedule at 17:00 (Europe/Berlin)"


def test_an_edit_of_the_time_zone_or_rule_forgets_the_usual_new_york_time() -> None:
    seeded = MeetingConfig(channel="C0SYNC0001", usual_et_time="11:00")  # 17:00 Berlin
    form = form_from_config(seeded)
    same, _ = read_series_form(values(form, title="Platform sync"), now=NOW, editing=seeded)
    assert same.usual_et_time == "11:00"  # still meets at 17:00 Berlin: still true
    for changed in (
        values(form, first_time="18:00"),
        values(form, zone="Europe/London"),
        values(form, cadence="weekly"),
    ):
        config, errors = read_series_form(changed, now=NOW, editing=seeded)
        assert errors == {}
        assert config.usual_et_time is None, changed
    later, _ = read_series_form(values(form, first_time="18:00"), now=NOW, editing=seeded)
    upcoming = next_occurrences(later, Overrides(), NOW, 1)[0]
    assert time_note(upcoming, later) is None  # no "not the usual 11:00" in New York


def test_the_schedule_in_words() -> None:
    config, _ = read_series_form(APAC, now=NOW)
    assert describe_schedule(config) == "weekly on Wednesday at 08:00 (Asia/Kolkata)"
    assert describe_schedule(MeetingConfig()) == "every 2 weeks on Tuesday at 17:00 (Europe/Berlin)"
    monthly = MeetingConfig(first=datetime(2030, 6, 11, 9), rrule="FREQ=MONTHLY;BYDAY=2TU")
    assert describe_schedule(monthly).startswith("monthly on the 2nd Tuesday at 09:00")


def test_a_valid_form_gives_the_series() -> None:
    config, errors = read_series_form(
        values(APAC, reminders="1d; 15m, 15m", join_url="https://zoom.example/j/2"), now=NOW
    )
    assert errors == {}
    assert config.id == "apac-meeting"
    assert config.first == datetime(2030, 6, 12, 8)
    assert config.reminders == (timedelta(days=1), timedelta(minutes=15))
    assert config.join_url == "https://zoom.example/j/2"
    assert config.agenda_url is None


def test_short_names() -> None:
    assert suggest_key("APAC meeting") == "apac-meeting"
    assert suggest_key("APAC meeting", frozenset({"apac-meeting"})) == "apac-meeting-2"
    assert suggest_key("2026 Sync!") == "m-2026-sync"
    assert suggest_key("!!!") == "series"
    assert suggest_key("Next") == "next-2"  # a word the commands use
    assert len(suggest_key("A very long title for a meeting that goes on and on")) <= 24
    _, errors = read_series_form(values(APAC, key="apac"), now=NOW, taken=frozenset({"apac"}))
    assert errors == {"key": "The short name “apac” is taken. Pick another."}


def test_every_wrong_field_is_named_in_a_plain_sentence() -> None:
    bad = SeriesForm(
        title="  ",
        key="Bad Key!",
        zone="Mars/Olympus",
        cadence="custom",
        custom_rule="every other tuesday",
        duration=25,
        reminders="soon",
        display_zones=("Atlantis/Capital",),
        join_url="https://x.example/<!channel>",
    )
    config, errors = read_series_form(bad, now=NOW)
    assert config is None
    assert set(errors) == {
        "title",
        "key",
        "zone",
        "first_date",
        "first_time",
        "custom_rule",
        "duration",
        "channel",
        "reminders",
        "display_zones",
        "join_url",
    }
    for sentence in errors.values():
        assert_plain_words(sentence)
        assert sentence[0].isupper() or sentence[0] == "“"
        assert sentence.endswith((".", ")", "https://"))
    assert "“soon” is not a length of time" in errors["reminders"]
    assert "Mars/Olympus" in errors["zone"]


def test_rules_that_cannot_be_used() -> None:
    hourly = values(APAC, cadence="custom", custom_rule="FREQ=HOURLY")
    assert "at most once a day" in read_series_form(hourly, now=NOW)[1]["custom_rule"]
    never = values(APAC, cadence="custom", custom_rule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
    assert "never gives a meeting" in read_series_form(never, now=NOW)[1]["custom_rule"]
    empty = values(APAC, cadence="custom", custom_rule="")
    assert "Write the repeat rule" in read_series_form(empty, now=NOW)[1]["custom_rule"]
    over = values(
        APAC, cadence="custom", custom_rule="FREQ=WEEKLY;COUNT=2", first_date="2026-01-01"
    )
    assert read_series_form(over, now=NOW)[1] == {
        "custom_rule": "This schedule has no meetings from today on."
    }
    prefixed = values(APAC, cadence="custom", custom_rule="RRULE:freq=monthly;bymonthday=1")
    config, errors = read_series_form(prefixed, now=NOW)
    assert errors == {}
    assert config.rrule == "FREQ=MONTHLY;BYMONTHDAY=1"


def test_reminder_offsets() -> None:
    assert parse_reminders("") == ()
    assert parse_reminders("15m, 2h,1d") == (
        timedelta(days=1),
        timedelta(hours=2),
        timedelta(minutes=15),
    )
    with pytest.raises(ValueError, match="at most 7 days"):
        parse_reminders("8d")
    with pytest.raises(ValueError, match="At most 5"):
        parse_reminders("1m, 2m, 3m, 4m, 5m, 6m")


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("berlin", "Europe/Berlin"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("new_york", "America/New_York"),
        ("kolkata", "Asia/Kolkata"),
        ("india", "Asia/Kolkata"),
        ("los ang", "America/Los_Angeles"),
        ("utc", "UTC"),
        ("london", "Europe/London"),
    ],
)
def test_the_zone_search_puts_the_place_first(typed: str, first: str) -> None:
    assert search_zones(typed)[0] == first


def test_the_zone_search_stays_within_a_selects_limits() -> None:
    assert len(search_zones("a")) == MAX_OPTIONS
    assert search_zones("  ") == []
    assert search_zones("zzzz") == []
    assert search_zones("eastern")[:2] == ["Canada/Eastern", "US/Eastern"]  # old names still found
    assert zone_label("Asia/Kolkata", NOW) == "Asia/Kolkata (now UTC+05:30)"
    assert zone_label("America/New_York", NOW) == "America/New York (now UTC−04:00)"


def test_the_preview_shows_the_next_five_in_every_zone() -> None:
    _config, found, why = preview(APAC, now=NOW)
    assert why == ""
    assert len(found) == 5
    assert found[0].start.isoformat() == "2030-06-12T08:00:00+05:30"
    view = series_view(APAC, now=NOW)
    View(**view).validate_json()
    text = next(b for b in view["blocks"] if b.get("block_id") == "preview")["text"]["text"]
    assert text.count("<!date^") == 5
    assert "Wed 08:00 Kolkata" in text
    assert "Tue 22:30 New York" in text
    nothing, _, why = preview(SeriesForm(zone="Europe/Berlin"), now=NOW)
    assert nothing is None
    assert "Pick the first date" in why


def test_the_form_and_home_section_are_valid_block_kit() -> None:
    for view in (
        series_view(SeriesForm(), now=NOW),
        series_view(
            form_from_config(MeetingConfig(channel="C0SYNC0001", duration="75m")),
            now=NOW,
            editing="default",
        ),
    ):
        View(**view).validate_json()
        assert_within_block_kit_limits(view["blocks"], max_blocks=100)
        assert len(json.dumps(view.get("private_metadata"))) < 100
    lines = [
        SeriesLine(MeetingConfig(id=f"s{i}", channel="C0X0000001"), i % 2 == 0, None)
        for i in range(20)
    ]
    blocks = home_meeting_blocks(lines, [], organizer=True)
    assert_within_block_kit_limits(blocks, max_blocks=100)
    assert len(blocks) <= 30
    # Everyone may page through the series; only organisers get Edit, Pause and Delete.
    shown = [b for b in home_meeting_blocks(lines, [], organizer=False) if b["type"] == "actions"]
    assert [e["action_id"] for b in shown for e in b["elements"]] == ["pmm_series_more"]


def test_a_long_hostile_title_keeps_the_confirm_dialogs_within_slacks_limits() -> None:
    title = ("<!channel> & <b>" * 10)[:150]  # each & and < grows four or three times escaped
    config = MeetingConfig(id="apac", title=title, channel="C0APAC0001")
    blocks = home_meeting_blocks([SeriesLine(config, False, None)], [], organizer=True)
    assert_within_block_kit_limits(blocks, max_blocks=100)  # 300 characters at most
    asks = [e["confirm"] for b in blocks if b["type"] == "actions" for e in b["elements"]
            if "confirm" in e]  # fmt: skip
    assert [a["title"]["text"] for a in asks] == ["Pause this meeting?", "Delete this meeting?"]
    for ask in asks:
        text = ask["text"]["text"]
        assert text.startswith("*&lt;!channel&gt; &amp; &lt;b&gt;")
        assert text.endswith("Its channel is told.")  # the title is shortened, not the why
        assert "…*: " in text
        assert "<" not in text
        assert not re.search(r"&[a-z]*…", text)  # no entity cut in half


def test_the_edit_notice_says_what_changed_and_escapes_the_title() -> None:
    before = MeetingConfig(id="apac", title="APAC", channel="C0APAC0001")
    after = before.model_copy(
        update={
            "title": "APAC <!channel>",
            "first": datetime(2026, 1, 14, 8),
            "rrule": "FREQ=WEEKLY;BYDAY=WE",
        }
    )
    change = SeriesChange(
        "edit",
        ORGANISER,
        NOW,
        MeetingService(before, before.channel, None, None),
        MeetingService(after, after.channel, None, None),
        dropped=2,
    )
    upcoming = next_occurrences(after, Overrides(), NOW, 1)[0]
    notice = render_series_notice(change, upcoming)
    text = all_text(notice.blocks)
    assert f"<@{ORGANISER}> changed *APAC &lt;!channel&gt;*: now weekly on Wednesday" in text
    assert "Before, it met every 2 weeks on Tuesday at 17:00 (Europe/Berlin)." in text
    assert "It was called *APAC*." in text
    assert "2 skipped or moved meetings no longer fell on a meeting day and were dropped." in text
    assert "<!channel>" not in text + notice.text
    assert "2030-06-12 08:00 Europe/Berlin" in notice.text  # the fallback states the instant
