"""The poll feature's parts, built together from the shared dependencies."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.schedulers.base import BaseScheduler
from slack_sdk import WebClient

from bot.blocks.poll_blocks import render_poll
from bot.clock import Clock
from bot.polls.closing import PollCloser
from bot.polls.live_updates import LiveTally
from bot.polls.store import PollStore
from bot.polls.vote_batches import LoopVoteBatcher
from bot.slack_client import build_bounded_client
from storage.engine import is_postgres


@dataclass
class Polls:
    """Storage, live tally updates and closing for polls."""

    store: PollStore
    live: LiveTally
    closer: PollCloser
    edit_client: WebClient  # the bounded client the live tally edits go through
    # Vote clicks over HTTP on SQLite: group commit on the event loop, and the one thread
    # that takes the batches that must wait for the database. None on PostgreSQL.
    batcher: LoopVoteBatcher | None = None
    vote_writer: ThreadPoolExecutor | None = None

    def close(self) -> None:
        """Finish the batches still waiting for the database."""
        if self.vote_writer is not None:
            self.vote_writer.shutdown(wait=True)


def build_polls(
    *,
    store: PollStore,
    client: WebClient,
    clock: Clock,
    scheduler: BaseScheduler,
    update_interval: float,
) -> Polls:
    """Wire the poll feature: tally pushes read the database fresh and edit the message."""

    interval = timedelta(seconds=update_interval)
    live_client = build_bounded_client(client)  # an edit must end within TALLY_LEASE

    def push_tally(poll_id: str, final: bool) -> float | None:
        # The slot is claimed in the database, so replicas take turns: one edit per poll
        # per interval overall, and never two in flight (an older one cannot land last).
        rest = timedelta(0) if final else interval
        wait = store.claim_tally(poll_id, now=clock.now(), interval=rest)
        if wait is not None:
            return wait
        try:
            poll = store.snapshot(poll_id)
            # A closed poll's message is the closer's: it edits it once, holding this slot.
            if poll is not None and poll.is_open and poll.message_ts is not None:
                live_client.chat_update(
                    channel=poll.channel_id, ts=poll.message_ts, **render_poll(poll).as_kwargs()
                )
        finally:
            store.release_tally(poll_id, now=clock.now())
        return None

    live = LiveTally(scheduler=scheduler, push=push_tally, interval=update_interval)
    closer = PollCloser(store=store, client=client, clock=clock, scheduler=scheduler)
    polls = Polls(store=store, live=live, closer=closer, edit_client=live_client)
    if not is_postgres(store.engine):
        polls.vote_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pmm-vote-writer")
        polls.batcher = LoopVoteBatcher(store, writer=polls.vote_writer)
    return polls
