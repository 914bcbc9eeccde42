"""The one organiser check: the listed organisers, members of the organisers' user group, and
workspace admins and owners. Web API answers are cached briefly; a burst of clicks costs one
lookup. Refusals name the people, never a setting."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.text import spoken_list

log = logging.getLogger(__name__)


def organizer_refusal(action: str, organizers: frozenset[str], group: str | None = None) -> str:
    """A polite private refusal that says, in people's names, who may do it."""
    who = [f"<@{user}>" for user in sorted(organizers)]
    if group:
        who.append(f"members of @{group}")
    who.append("a workspace admin")
    return f"Sorry, only the organisers ({spoken_list(who, 'or')}) can {action}."


class OrganizerCheck:
    """Answers `is_organizer(user)` with at most one Web API lookup per user (and one for the
    group) per `ttl` seconds, even when many requests ask at once."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        organizers: frozenset[str],
        group: str | None,
        ttl: float = 300.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client, self._ids, self.group = client, organizers, group
        self._ttl, self._now = ttl, monotonic
        self._lock = asyncio.Lock()  # one lookup at a time: concurrent askers reuse it
        self._admins: dict[str, tuple[float, bool]] = {}
        self._members: tuple[float, frozenset[str]] | None = None

    def refusal(self, action: str) -> str:
        """What someone who is not an organiser is told."""
        return organizer_refusal(action, self._ids, self.group)

    async def is_organizer(self, user_id: str) -> bool:
        """True for listed organisers, organiser-group members and workspace admins/owners."""
        if user_id in self._ids:
            return True
        async with self._lock:
            return user_id in await self._group_members() or await self._is_admin(user_id)

    async def _group_members(self) -> frozenset[str]:
        if not self.group:
            return frozenset()
        if self._members and self._now() - self._members[0] < self._ttl:
            return self._members[1]
        members: frozenset[str] = frozenset()
        try:
            groups = (await self._client.usergroups_list())["usergroups"]
            found = next((g for g in groups if g.get("handle") == self.group), None)
            if found is None:
                log.warning("organiser group @%s not found", self.group)
            else:
                answer = await self._client.usergroups_users_list(usergroup=found["id"])
                members = frozenset(answer["users"])
        except SlackApiError as error:
            log.warning("could not read organiser group: %s", error.response.get("error"))
        self._members = (self._now(), members)
        return members

    async def _is_admin(self, user_id: str) -> bool:
        cached = self._admins.get(user_id)
        if cached and self._now() - cached[0] < self._ttl:
            return cached[1]
        try:
            user = (await self._client.users_info(user=user_id))["user"]
            admin = bool(user.get("is_admin") or user.get("is_owner"))
        except SlackApiError as error:
            log.warning("could not look up %s: %s", user_id, error.response.get("error"))
            admin = False
        self._admins[user_id] = (self._now(), admin)
        return admin
