"""An agenda's order and its closing: organisers move items and close an occurrence's
agenda; a closed agenda takes nothing more until it is opened again. On SQLite and
PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from bot.meetings.agenda import Agenda, AgendaClosed
from storage.database import Database
from storage.migrate import upgrade

WHEN = datetime(2027, 3, 23, 16, 0, tzinfo=UTC)
OTHER = datetime(2027, 4, 6, 15, 0, tzinfo=UTC)
NOW = datetime(2027, 3, 1, tzinfo=UTC)


@pytest.fixture
def agenda(db_url: str) -> Agenda:
    db = Database.from_url(db_url)
    upgrade(db.engine)
    yield Agenda(db, "emea")
    db.engine.dispose()


def _topics(agenda: Agenda, when: datetime = WHEN) -> list[str]:
    return [entry.topic for entry in agenda.items(when)]


@pytest.mark.parametrize(
    ("number", "to", "order"),
    [
        (4, 1, "DABC"),
        (1, 4, "BCDA"),
        (1, 9, "BCDA"),  # beyond the end: last
        (3, 2, "ACBD"),
        (2, 3, "ACBD"),
        (2, 2, "ABCD"),
    ],
)
def test_an_item_moves_to_the_number_asked(agenda: Agenda, number: int, to: int, order: str):
    for topic in "ABCD":
        agenda.add(WHEN, topic, None, by="U1", now=NOW)
    entry = agenda.items(WHEN)[number - 1]
    after = agenda.move(entry, to)
    assert "".join(e.topic for e in after) == order
    assert [e.number for e in after] == [1, 2, 3, 4]
    agenda.add(WHEN, "E", None, by="U2", now=NOW)  # a new item still comes last
    assert "".join(_topics(agenda)) == order + "E"


def test_moves_one_after_another_keep_every_item(agenda: Agenda) -> None:
    for topic in "ABCDEF":
        agenda.add(WHEN, topic, None, by="U1", now=NOW)
    for _ in range(30):  # ranks halve each time: thirty in one gap still order right
        entry = agenda.items(WHEN)[5]
        agenda.move(entry, 2)
    assert sorted(_topics(agenda)) == list("ABCDEF")
    assert len(set(_topics(agenda))) == 6


def test_a_new_item_comes_last_after_items_moved_to_the_end(agenda: Agenda) -> None:
    for topic in "ABC":
        agenda.add(WHEN, topic, None, by="U1", now=NOW)
    agenda.move(agenda.items(WHEN)[0], 3)  # A to the end: B C A
    agenda.move(agenda.items(WHEN)[0], 3)  # B to the end: C A B
    entry = agenda.add(WHEN, "D", None, by="U2", now=NOW)
    assert "".join(_topics(agenda)) == "CABD"
    assert entry.number == 4
    agenda.remove(agenda.items(WHEN)[3])  # D goes: the next one is last again
    assert agenda.add(WHEN, "E", None, by="U2", now=NOW).number == 4
    assert "".join(_topics(agenda)) == "CABE"


def test_twenty_adds_at_once_after_a_move_are_all_kept_in_order(agenda: Agenda) -> None:
    for topic in "ABC":
        agenda.add(WHEN, topic, None, by="U1", now=NOW)
    agenda.move(agenda.items(WHEN)[0], 3)
    agenda.move(agenda.items(WHEN)[0], 3)  # C A B, B ranked above the ids to come

    def add(i: int):
        return agenda.add(WHEN, f"Topic {i:02d}", None, by=f"U{i:02d}", now=NOW)

    with ThreadPoolExecutor(max_workers=20) as pool:
        entries = list(pool.map(add, range(20)))
    listed = agenda.items(WHEN)
    assert [e.topic for e in listed[:3]] == ["C", "A", "B"]
    assert sorted(e.number for e in entries) == list(range(4, 24))
    # Each one was last when it came: the number it was told is where it stays.
    for entry in entries:
        assert listed[entry.number - 1].topic == entry.topic


def test_a_closed_agenda_takes_nothing_until_opened(agenda: Agenda) -> None:
    agenda.add(WHEN, "Kept", None, by="U1", now=NOW)
    agenda.close(WHEN, by="U0ORGANIZ1", now=NOW)
    agenda.close(WHEN, by="U0ORGANIZ1", now=NOW)  # twice: no error
    assert agenda.is_closed(WHEN)
    with pytest.raises(AgendaClosed, match="closed"):
        agenda.add(WHEN, "Late", None, by="U2", now=NOW)
    agenda.add(OTHER, "Next time", None, by="U2", now=NOW)  # another meeting's is open
    assert _topics(agenda) == ["Kept"]
    agenda.reopen(WHEN)
    agenda.add(WHEN, "Late", None, by="U2", now=NOW)
    assert _topics(agenda) == ["Kept", "Late"]
