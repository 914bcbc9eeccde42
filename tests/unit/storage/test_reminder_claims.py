"""Reminder claims: one holder at a time; a stuck unposted claim can be taken again once
stale; a posted reminder never."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from storage import claims_repo as q

T0 = datetime(2026, 3, 24, 15, 0, tzinfo=UTC)


def claim(engine, now: datetime, stale_before: datetime | None = None) -> bool:
    with Session(engine) as session, session.begin():
        return q.claim_reminder(session=session, key="k", now=now, stale_before=stale_before)


def test_a_claim_is_held_until_it_goes_stale(engine) -> None:
    assert claim(engine, T0)
    assert not claim(engine, T0 + timedelta(seconds=30), stale_before=T0 - timedelta(minutes=2))
    assert claim(engine, T0 + timedelta(minutes=3), stale_before=T0 + timedelta(minutes=1))


def test_a_posted_reminder_is_never_claimed_again(engine) -> None:
    assert claim(engine, T0)
    with Session(engine) as session, session.begin():
        q.record_reminder_ts(session=session, key="k", message_ts="1.2")
    assert not claim(engine, T0 + timedelta(hours=1), stale_before=T0 + timedelta(minutes=59))


def test_a_released_claim_can_be_taken_at_once(engine) -> None:
    assert claim(engine, T0)
    with Session(engine) as session, session.begin():
        q.release_reminder(session=session, key="k")
    assert claim(engine, T0 + timedelta(seconds=1))
