"""Live tally edits of poll messages: at most one `chat.update` per poll per interval across
replicas (the poll's slot in the database), always ending on the final count."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.blocks.poll_blocks import render_poll
from bot.clock import Clock
from bot.polls.live_tally import LiveTally
from bot.polls.service import PollService
from bot.polls.tally_slots import TallySlots


class TallyPublisher:
    """Turns "this poll changed" into spaced-out edits of its message."""

    def __init__(
        self,
        *,
        polls: PollService,
        slots: TallySlots,
        client: AsyncWebClient,
        clock: Clock,
        interval: float,
    ) -> None:
        self._polls, self.slots, self.client, self._clock = polls, slots, client, clock
        self._interval = timedelta(seconds=interval)
        self.live = LiveTally(push=self.push, interval=interval)
        # Slots this replica took but could not give back (the database went away mid-push):
        # given back first thing next time, rather than left to run out their 30 s lease.
        self._unreleased: set[str] = set()

    def poll_changed(self, poll_id: str) -> None:
        """A vote changed the tally (call on the loop)."""
        self.live.poll_changed(poll_id)

    async def push(self, poll_id: str, final: bool) -> float | None:
        """Edit the message with the fresh tally; or say how long to wait for the slot."""
        rest = timedelta(0) if final else self._interval
        if poll_id in self._unreleased:
            await self._release(poll_id)
        now = self._clock.now()
        wait = await asyncio.to_thread(self.slots.claim, poll_id, now=now, interval=rest)
        if wait is not None:
            return wait
        self._unreleased.add(poll_id)
        try:
            poll = await asyncio.to_thread(self._polls.snapshot, poll_id)
            # A closed poll's message is the closer's: it edits it once, holding this slot.
            if poll is not None and poll.is_open and poll.message_ts is not None:
                await self.client.chat_update(
                    channel=poll.channel_id, ts=poll.message_ts, **render_poll(poll).as_kwargs()
                )
        finally:
            await self._release(poll_id)
        return None

    async def _release(self, poll_id: str) -> None:
        await asyncio.to_thread(self.slots.release, poll_id, now=self._clock.now())
        self._unreleased.discard(poll_id)

    async def flush(self) -> None:
        """At shutdown: push what is still unsent."""
        await self.live.flush()
