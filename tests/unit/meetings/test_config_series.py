"""`[meeting]` and `[[meeting]]` in the config file: one series or several, and errors that
say which table is wrong."""

from __future__ import annotations

import pytest

from bot.meetings.config import ConfigFileError, MeetingConfig, load_file_config
from tests.support.series_config import two_series

TWO = two_series(channels=False)


def test_one_meeting_table_is_the_default_series(tmp_path) -> None:
    path = tmp_path / "pmm.toml"
    path.write_text('[meeting]\ntitle = "Our sync"\n')
    (only,) = load_file_config(path).meetings
    assert only.id == "default"
    assert only.title == "Our sync"
    assert load_file_config(None).meetings == (MeetingConfig(),)


def test_several_meeting_tables_are_several_series(tmp_path) -> None:
    path = tmp_path / "pmm.toml"
    path.write_text(TWO)
    emea, apac = load_file_config(path).meetings
    assert (emea.id, emea.timezone) == ("emea", "Europe/Berlin")
    assert (apac.id, apac.timezone, apac.rrule) == ("apac", "Asia/Kolkata", "FREQ=WEEKLY;BYDAY=WE")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (TWO.replace('id = "apac"', 'id = "emea"'), "two meetings have the id 'emea'"),
        (TWO.replace('"Asia/Kolkata"', '"Asia/Kolkatta"'), r"\[\[meeting\]\] number 2 timezone"),
        (TWO.replace('id = "apac"', 'id = "APAC team"'), r"\[\[meeting\]\] number 2 id"),
        ('[meeting]\nrrule = "FREQ=DAILY;BYHOUR=8,20"\n', "at most once a day"),
        (TWO.replace('id = "apac"', 'id = "close"'), "a word the commands use"),
        ('[meeting]\ntimezone = "Mars/Olympus"\n', r"\[meeting\] timezone"),
    ],
)
def test_errors_name_the_table(tmp_path, toml: str, message: str) -> None:
    path = tmp_path / "pmm.toml"
    path.write_text(toml)
    with pytest.raises(ConfigFileError, match=message):
        load_file_config(path)


def test_a_series_survives_the_database_round_trip() -> None:
    apac = MeetingConfig(id="apac", timezone="Asia/Kolkata", reminders=("2h", "5m"))
    assert MeetingConfig.model_validate_json(apac.model_dump_json()) == apac


@pytest.mark.parametrize(
    "rule", ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31"]
)
def test_a_rule_that_never_meets_is_refused_at_once(rule: str) -> None:
    # Before, dateutil searched for a date up to the year 9999 (minutes, on the loop).
    with pytest.raises(ValueError, match="never gives a meeting"):
        MeetingConfig(rrule=rule)


def test_a_rule_that_ends_or_counts_is_read() -> None:
    ends = MeetingConfig(rrule="FREQ=WEEKLY;BYDAY=WE;UNTIL=20270101T000000Z")
    assert "UNTIL" in ends.rrule
    assert MeetingConfig(rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3")
