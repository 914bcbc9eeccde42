"""Who counts as an organiser: PMM_ORGANIZERS, members of PMM_ORGANIZER_GROUP, and workspace
admins and owners. Web API answers are cached briefly; a burst of clicks costs one lookup."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.settings import Settings

log = logging.getLogger(__name__)


def organizer_refusal(action: str, settings: Settings | None = None) -> str:
    """A polite private refusal that says who may do it."""
    who = "the organisers (listed in PMM_ORGANIZERS"
    if settings is not None and settings.organizer_group:
        who += f", members of @{settings.organizer_group}"
    who += ", and workspace admins)"
    return f"Sorry, only {who} can {action}."


class OrganizerDirectory:
    """Answers `is_organizer(user)` with at most one Web API lookup per user (and one for the
    group) per `ttl` seconds, even when many requests ask at once."""

    def __init__(
        self, settings: Settings, client: WebClient, *, ttl: float = 300.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        self._settings, self._client, self._ttl, self._now = settings, client, ttl, monotonic
        self._lock = threading.Lock()
        self._admins: dict[str, tuple[float, bool]] = {}
        self._group: tuple[float, frozenset[str]] | None = None

    def is_organizer(self, user_id: str) -> bool:
        """True for listed organisers, organiser-group members and workspace admins/owners."""
        if user_id in self._settings.organizers:
            return True
        with self._lock:  # one lookup at a time: concurrent askers wait and reuse the answer
            return user_id in self._group_members() or self._is_admin(user_id)

    def _group_members(self) -> frozenset[str]:
        handle = self._settings.organizer_group
        if not handle:
            return frozenset()
        if self._group and self._now() - self._group[0] < self._ttl:
            return self._group[1]
        members: frozenset[str] = frozenset()
        try:
            groups = self._client.usergroups_list()["usergroups"]
            group = next((g for g in groups if g.get("handle") == handle), None)
            if group is None:
                log.warning("organiser group @%s not found", handle)
            else:
                users = self._client.usergroups_users_list(usergroup=group["id"])["users"]
                members = frozenset(users)
        except SlackApiError as error:
            log.warning("could not read organiser group: %s", error.response.get("error"))
        self._group = (self._now(), members)
        return members

    def _is_admin(self, user_id: str) -> bool:
        cached = self._admins.get(user_id)
        if cached and self._now() - cached[0] < self._ttl:
            return cached[1]
        try:
            user = self._client.users_info(user=user_id)["user"]
            admin = bool(user.get("is_admin") or user.get("is_owner"))
        except SlackApiError as error:
            log.warning("could not look up %s: %s", user_id, error.response.get("error"))
            admin = False
        self._admins[user_id] = (self._now(), admin)
        return admin
