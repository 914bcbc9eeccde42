"""`pmm-bot meetings [series]` and `pmm-bot calendar [series]` over several series."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from tests.support.series_config import two_series

CONFIG = two_series(channels=False)


@pytest.fixture(autouse=True)
def settings(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    config = tmp_path / "pmm.toml"
    config.write_text(CONFIG)
    monkeypatch.setenv("PMM_CONFIG", str(config))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'pmm.db'}")
    monkeypatch.delenv("PMM_REMINDER_CHANNEL", raising=False)


def test_meetings_lists_every_series_or_the_one_named(capsys) -> None:
    assert main(["meetings", "--count", "2"]) == 0
    out = capsys.readouterr().out
    assert "EMEA sync (emea)" in out
    assert "APAC sync (apac)" in out
    assert out.count("Asia/Kolkata") == 2

    assert main(["meetings", "apca", "--json"]) == 0
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    assert [r["series"] for r in records] == ["apac"] * 6
    assert "I read “apca” as apac." in captured.err

    assert main(["meetings", "--json", "--count", "3"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert sorted(r["series"] for r in records) == ["apac"] * 3 + ["emea"] * 3
    assert [r["start"] for r in records] == sorted(r["start"] for r in records)


def test_an_unknown_series_is_explained(capsys) -> None:
    assert main(["meetings", "xyz"]) == 2
    assert "There is no meeting called “xyz”" in capsys.readouterr().err


def test_calendar_writes_one_series_or_all(tmp_path) -> None:
    one, every = tmp_path / "apac.ics", tmp_path / "all.ics"
    assert main(["calendar", "apac", "-o", str(one)]) == 0
    assert main(["calendar", "-o", str(every)]) == 0
    assert b"SUMMARY:APAC sync" in one.read_bytes()
    assert b"EMEA sync" not in one.read_bytes()
    assert b"SUMMARY:EMEA sync" in every.read_bytes()
    assert b"SUMMARY:APAC sync" in every.read_bytes()
