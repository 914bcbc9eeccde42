"""What `/pmm agenda add` and `remove N` read from the text typed."""

from __future__ import annotations

import pytest

from handlers.commands.agenda_items import number_of, split_link


@pytest.mark.parametrize(
    ("text", "expected"), [("2", 2), (" 12 ", 12), ("", None), ("two", None), ("²", None)]
)
def test_number_of(text: str, expected: int | None) -> None:
    assert number_of(text) == expected


def test_split_link_takes_a_trailing_link_slack_may_have_wrapped() -> None:
    assert split_link("Golden paths <https://docs.example/gp>") == (
        "Golden paths",
        "https://docs.example/gp",
    )
    assert split_link("apac tooling") == ("apac tooling", None)
    assert split_link("https://only.example") == ("", "https://only.example")  # no topic
