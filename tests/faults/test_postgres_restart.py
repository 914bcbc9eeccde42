"""PostgreSQL restarts in the middle of a vote burst: every click either lands and is
confirmed, or the voter is told privately that nothing changed. No silent loss, and once
the server is back the bot serves again without a restart of its own."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from handlers.middleware.errors import SORRY
from storage.tables import Vote
from tests.conftest import RunningBot, start_bot, stop_bot
from tests.scenario.test_polls import start_poll, vote_buttons, wait_for_voters
from tests.support.fake_slack import Call, FakeSlack
from tests.support.postgres_server import NO_BINARIES, PostgresServer, find_bin_dir
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

COUNTED = "Your vote is in."  # the private confirmation of a stored vote
CLICKERS = 4


@pytest.fixture
def private_postgres() -> Iterator[PostgresServer]:
    """A cluster of this test's own: restarting the shared server would break other tests."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip(NO_BINARIES)
    server = PostgresServer(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.destroy()


def answers_by_user(fake: FakeSlack) -> dict[str, list[Call]]:
    """What each voter's own response_url received, in order."""
    answers: dict[str, list[Call]] = {}
    for call in fake.calls_to("response_url"):
        answers.setdefault(call.path.rsplit("/", 1)[1], []).append(call)
    return answers


class Burst:
    """Threads clicking one vote button, each click as a new user, until told to stop."""

    def __init__(self, bot: RunningBot, button: dict, prefix: str, phase: str = "before") -> None:
        self.bot, self.button = bot, button
        self.phase = phase  # before, down, starting or back: where the server is
        self.results: dict[str, tuple[int, str]] = {}  # user -> (HTTP status, phase)
        self._users = (f"U0{prefix}{i:05d}" for i in itertools.count())
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._threads = [threading.Thread(target=self._click) for _ in range(CLICKERS)]

    def _click(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                user, phase = next(self._users), self.phase
            # Each voter gets a response_url of their own, so answers can be told apart.
            reply = self.bot.slack.action(
                self.button["action_id"],
                self.button["value"],
                user_id=user,
                extra={"response_url": self.bot.fake.response_url(user)},
            )
            with self._lock:
                # A click counts for a phase only if it started and ended within it.
                self.results[user] = (reply.status, phase if phase == self.phase else "")

    def enter(self, phase: str) -> None:
        """Clicks starting from now on belong to `phase`."""
        with self._lock:
            self.phase = phase

    def users(self, phase: str) -> set[str]:
        """Users whose click started and was answered in `phase`."""
        with self._lock:
            return {u for u, (_, p) in self.results.items() if p == phase}

    def __enter__(self) -> Burst:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=15)


def check_answers(bot: RunningBot, results: dict[str, tuple[int, str]]) -> tuple[set, set]:
    """Every click got one private answer; a "counted" one means the vote is stored, and a
    vote that is not stored was owned up to. Returns the counted and the refused users."""
    wait_until(
        lambda: set(answers_by_user(bot.fake)) >= set(results),
        timeout=10,
        what="a private answer to every click",
    )
    with Session(bot.services.db.engine) as session:
        stored = set(session.exec(select(Vote.voter)).all())
    answers = answers_by_user(bot.fake)
    assert all(len(answers[u]) == 1 for u in results)  # one answer per click
    assert all(answers[u][0].params["response_type"] == "ephemeral" for u in results)
    texts = {user: answers[user][0].params["text"] for user in results}
    counted = {u for u, t in texts.items() if t.startswith(COUNTED)}
    refused = {u for u, t in texts.items() if t == SORRY}
    assert counted | refused == set(results), set(texts.values()) - {SORRY}
    assert counted <= stored  # a confirmed vote is in the database...
    assert set(results) - stored <= refused  # ...and a missing one was owned up to
    # The HTTP answer agrees: 200 for a stored vote, 500 (Slack marks the button) otherwise.
    assert all(results[u][0] == 200 for u in counted)
    assert all(results[u][0] == 500 for u in refused)
    return counted, refused


def test_postgres_restart_mid_burst_loses_no_vote_silently(fake_slack, private_postgres):
    bot = start_bot(fake_slack, private_postgres.url)
    try:
        row = vote_buttons(start_poll(bot, "poll Restart me public"))[0]
        with Burst(bot, row[2], "PG") as burst:
            wait_until(lambda: len(burst.users("before")) >= 40, timeout=10, what="votes")
            private_postgres.stop()  # fast: sessions in the middle of a vote are cut off
            burst.enter("down")
            wait_until(lambda: len(burst.users("down")) >= 10, timeout=10, what="down clicks")
            burst.enter("starting")  # pg_ctl start: accepting before it returns
            private_postgres.start()
            burst.enter("back")
            wait_until(lambda: len(burst.users("back")) >= 40, timeout=10, what="votes after")
        counted, refused = check_answers(bot, burst.results)
        assert burst.users("down") <= refused  # nothing can be stored while it is down
        assert burst.users("back") <= counted  # and the bot serves again at once
        assert bot.slack.get("/healthz").status == 200
        # Once the clicks stop, the message shows the database's count.
        poll_id = row[2]["value"].split(":")[0]
        wait_for_voters(bot, bot.services.polls.snapshot(poll_id).voters)
    finally:
        stop_bot(bot)


def test_the_first_clicks_after_an_idle_restart_are_counted(fake_slack, private_postgres):
    bot = start_bot(fake_slack, private_postgres.url)
    try:
        row = vote_buttons(start_poll(bot, "poll Quiet restart public"))[0]
        with Burst(bot, row[1], "WARM") as warm:  # leaves connections in the pool
            wait_until(lambda: len(warm.users("before")) >= 20, timeout=10, what="votes")
        # Nobody clicks meanwhile, so the pool still holds connections to the old server;
        # the engine's pre-ping finds them dead and connects afresh instead of failing.
        private_postgres.restart()
        with Burst(bot, row[1], "BACK", phase="back") as back:
            wait_until(lambda: len(back.users("back")) >= 20, timeout=10, what="votes after")
        counted, _ = check_answers(bot, {**warm.results, **back.results})
        assert back.users("back") <= counted
        assert bot.slack.get("/healthz").status == 200
    finally:
        stop_bot(bot)
