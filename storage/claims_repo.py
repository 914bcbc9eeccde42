"""The claims repository: rows whose unique key lets exactly one caller (thread, process,
replica) do a thing once: handle a request, post a reminder, push a poll's tally, welcome a
newcomer. Keyword-only functions, each taking the session or connection it runs in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, false, or_, text, update
from sqlmodel import Session, col, select

from storage.database import insert_for
from storage.tables import Poll, ProcessedRequest, ReminderPost, Welcome
from storage.votes_repo import execute_hot

_CLAIM_REQUEST = (
    "INSERT INTO processedrequest (key, created_at) VALUES (:key, :now) "
    "ON CONFLICT (key) DO NOTHING RETURNING key"
)
_RELEASE_REQUEST = text("DELETE FROM processedrequest WHERE key = :key")


# -- requests (Slack's redeliveries) -------------------------------------------------------
def claim_request(*, connection: Connection, key: str, now: datetime) -> bool:
    """Record that a request was handled; False if it had been (a retry or a replay). On
    the vote path it runs inside the vote's own transaction."""
    # RETURNING, not rowcount: psycopg reports -1 for INSERT ... ON CONFLICT.
    params = {"key": key[:200], "now": now}
    return bool(execute_hot(connection, _CLAIM_REQUEST, params).fetchall())


_CLAIM_REQUESTS = (
    "INSERT INTO processedrequest (key, created_at) "
    "SELECT k, :now FROM unnest(CAST(:keys AS text[])) AS k "
    "ON CONFLICT (key) DO NOTHING RETURNING key"
)


def claim_requests(*, connection: Connection, keys: Sequence[str], now: datetime) -> set[str]:
    """PostgreSQL: claim several requests' keys in one round trip; the keys claimed now
    (the others had been handled before)."""
    params = {"keys": sorted({key[:200] for key in keys}), "now": now}
    return {row[0] for row in execute_hot(connection, _CLAIM_REQUESTS, params).fetchall()}


def release_request(*, connection: Connection, key: str) -> None:
    """Forget a request's key after its first attempt failed, so that a retry can run."""
    connection.execute(_RELEASE_REQUEST, {"key": key[:200]})


def purge_requests(*, session: Session, before: datetime) -> int:
    """Forget request keys older than `before` (Slack stops retrying after minutes)."""
    return session.execute(
        delete(ProcessedRequest).where(col(ProcessedRequest.created_at) < before)
    ).rowcount


def claim_tally_slot(
    *, session: Session, poll_id: str, now: datetime, interval: timedelta, lease: timedelta
) -> bool:
    """Take the poll's tally-push slot if no replica holds it and the interval has passed."""
    free = or_(col(Poll.tally_lease_until).is_(None), col(Poll.tally_lease_until) < now)
    rested = or_(col(Poll.tally_pushed_at).is_(None), col(Poll.tally_pushed_at) <= now - interval)
    result = session.execute(
        update(Poll).where(Poll.id == poll_id, free, rested).values(tally_lease_until=now + lease)
    )
    return result.rowcount == 1


def next_tally_slot(*, session: Session, poll_id: str, interval: timedelta) -> datetime | None:
    """When the slot frees up: the end of the current lease or of the rest interval."""
    row = session.exec(
        select(Poll.tally_lease_until, Poll.tally_pushed_at).where(Poll.id == poll_id)
    ).first()
    if row is None:
        return None
    lease, pushed = row
    candidates = [t for t in (lease, pushed + interval if pushed else None) if t is not None]
    return max(candidates) if candidates else None


def release_tally_slot(*, session: Session, poll_id: str, now: datetime) -> None:
    """Free the slot after a push and start its rest interval."""
    session.execute(
        update(Poll).where(Poll.id == poll_id).values(tally_lease_until=None, tally_pushed_at=now)
    )


# -- reminders and welcomes ----------------------------------------------------------------
def claim_reminder(
    *, session: Session, key: str, now: datetime, stale_before: datetime | None = None
) -> bool:
    """Claim a reminder before posting it; one caller at a time gets True for a key.

    A claim that never got its message (the claimer crashed, or could not give it back) may be
    taken again once it is older than `stale_before`; a posted reminder never is.
    """
    retake = (
        ReminderPost.message_ts.is_(None) & (ReminderPost.claimed_at < stale_before)
        if stale_before is not None
        else false()
    )
    insert = insert_for(session)(ReminderPost).values(key=key, claimed_at=now)
    stmt = insert.on_conflict_do_update(
        index_elements=["key"], set_={"claimed_at": now}, where=retake
    ).returning(ReminderPost.key)
    return session.execute(stmt).first() is not None


def reminder_claimed(*, session: Session, key: str) -> bool:
    """Whether a reminder was claimed under `key`."""
    return session.get(ReminderPost, key) is not None


def record_reminder_ts(*, session: Session, key: str, message_ts: str) -> None:
    """Remember the posted message of a claimed reminder."""
    session.execute(
        update(ReminderPost).where(ReminderPost.key == key).values(message_ts=message_ts)
    )


def reminder_messages(*, session: Session, key_prefix: str) -> list[str]:
    """The message ts of every posted reminder whose key starts with `key_prefix`."""
    rows = session.exec(
        select(ReminderPost.message_ts).where(
            col(ReminderPost.key).startswith(key_prefix, autoescape=True),
            col(ReminderPost.message_ts).is_not(None),
        )
    ).all()
    return [ts for ts in rows if ts]


def release_reminder(*, session: Session, key: str) -> None:
    """Forget a claim whose post failed, so that a later attempt can claim it again."""
    session.execute(
        delete(ReminderPost).where(ReminderPost.key == key, ReminderPost.message_ts.is_(None))
    )


def claim_welcome(*, session: Session, user_id: str, channel_id: str, now: datetime) -> bool:
    """Record a welcome; only the first caller for a (user, channel) gets True."""
    result = session.execute(
        insert_for(session)(Welcome)
        .values(user_id=user_id, channel_id=channel_id, welcomed_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "channel_id"])
        .returning(Welcome.user_id)
    )
    return result.first() is not None
