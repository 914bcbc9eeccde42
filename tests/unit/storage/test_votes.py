"""Vote storage on every supported database: toggling, uniqueness under concurrency,
exactly-once close and request deduplication."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from bot.maturity.model import default_model
from bot.polls.options import PollRequest
from bot.polls.service import PollService
from bot.polls.structures import PollStructures
from bot.polls.voting import Click, VoteRecorder
from bot.redelivery import RequestClaims
from storage.database import Database
from storage.migrate import current_revision, upgrade

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


class PollStore:
    """The poll services these tests drive, over one database."""

    def __init__(self, engine, *, voter_secret: bytes) -> None:
        db = Database(engine)
        self.engine = engine
        structures = PollStructures(db)
        self.polls = PollService(db, structures)
        self.recorder = VoteRecorder(db, structures, voter_secret=voter_secret)
        self.claims = RequestClaims(db)
        self.create, self.snapshot = self.polls.create, self.polls.snapshot

    def vote(self, **fields) -> object:
        return self.recorder.record([Click(**fields)])[0]

    def close(self, *, poll_id: str, now: datetime):
        return self.polls.close(poll_id, now=now)

    def purge_request_keys(self, *, now: datetime) -> int:
        return self.claims.purge(now=now)


def new_poll(store: PollStore, *, public: bool = False, kind: str = "single"):
    request = PollRequest(kind, "Where are we?", None, public, False)
    return store.create(
        model=default_model(), request=request, channel_id="C1", creator_id="U1", now=NOW
    )


def click(store: PollStore, poll, choice: int, user: str, key: str | None = None):
    question = poll.questions[0]
    return store.vote(
        poll_id=poll.poll_id,
        question_id=question.question_id,
        choice_id=question.choices[choice].choice_id,
        user_id=user,
        request_key=key or f"{user}-{choice}-{id(object())}",
        now=NOW,
    )


def test_migrations_are_idempotent(engine) -> None:
    upgrade(engine)
    assert current_revision(engine) is not None


def test_add_move_retract(engine) -> None:
    store = PollStore(engine, voter_secret=b"s" * 16)
    poll = new_poll(store)
    assert click(store, poll, 0, "U2", "k1").outcome == "added"
    assert click(store, poll, 2, "U2", "k2").outcome == "moved"
    result = click(store, poll, 2, "U2", "k3")
    assert result.outcome == "retracted"
    assert result.holding == ()
    assert store.snapshot(poll.poll_id).total_votes == 0


def test_repeated_request_key_changes_nothing(engine) -> None:
    store = PollStore(engine, voter_secret=b"s" * 16)
    poll = new_poll(store)
    assert click(store, poll, 1, "U2", "same").outcome == "added"
    assert click(store, poll, 1, "U2", "same").outcome == "duplicate"
    assert store.snapshot(poll.poll_id).total_votes == 1


def test_200_distinct_voters_at_once(engine) -> None:
    store = PollStore(engine, voter_secret=b"s" * 16)
    poll = new_poll(store)
    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(
            pool.map(lambda i: click(store, poll, i % 4, f"U{i:04d}").outcome, range(200))
        )
    assert outcomes.count("added") == 200
    snapshot = store.snapshot(poll.poll_id)
    assert snapshot.total_votes == 200
    assert snapshot.voters == 200


def test_one_voter_clicking_50_times_at_once_never_holds_two_votes(engine) -> None:
    store = PollStore(engine, voter_secret=b"s" * 16)
    poll = new_poll(store)
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda i: click(store, poll, i % 3, "USAME"), range(50)))
    assert store.snapshot(poll.poll_id).total_votes in (0, 1)


def test_close_happens_exactly_once_and_blocks_later_votes(engine) -> None:
    store = PollStore(engine, voter_secret=b"s" * 16)
    poll = new_poll(store)
    click(store, poll, 0, "U2")
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: store.close(poll_id=poll.poll_id, now=NOW), range(8)))
    assert sum(r is not None for r in results) == 1
    assert click(store, poll, 1, "U3").outcome == "closed"
    assert store.snapshot(poll.poll_id).total_votes == 1


def test_anonymous_votes_cannot_be_linked_after_close(engine) -> None:
    store = PollStore(engine, voter_secret=b"s" * 16)
    poll = new_poll(store)
    click(store, poll, 0, "U0PERSON1")
    from sqlmodel import Session, select

    from storage.tables import Poll, Vote

    with Session(engine) as session:
        (voter,) = session.exec(select(Vote.voter)).all()
    assert "U0PERSON1" not in voter
    store.close(poll_id=poll.poll_id, now=NOW + timedelta(minutes=1))
    with Session(engine) as session:
        assert session.get(Poll, poll.poll_id).salt is None


def test_public_votes_store_the_user(engine) -> None:
    store = PollStore(engine, voter_secret=b"s" * 16)
    poll = new_poll(store, public=True)
    click(store, poll, 3, "U0PUBLIC1")
    (choice,) = [c for c in store.snapshot(poll.poll_id).questions[0].choices if c.count]
    assert choice.voters == ("U0PUBLIC1",)


def test_old_request_keys_are_purged_and_recent_ones_kept(engine) -> None:
    store = PollStore(engine, voter_secret=b"s" * 16)
    poll = new_poll(store)
    click(store, poll, 0, "U2", "old-key")
    assert store.purge_request_keys(now=NOW + timedelta(hours=23)) == 0
    assert store.purge_request_keys(now=NOW + timedelta(days=2)) == 1


def test_the_head_that_skips_alembic_at_start_is_alembics_own_head() -> None:
    from alembic.script import ScriptDirectory

    from storage.migrate import HEAD, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD
