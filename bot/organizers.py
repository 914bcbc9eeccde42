"""Who counts as an organiser."""

from __future__ import annotations

from bot.settings import Settings


def is_organizer(user_id: str, settings: Settings) -> bool:
    """True for the user IDs listed in PMM_ORGANIZERS."""
    return user_id in settings.organizers


def organizer_refusal(action: str) -> str:
    """A polite private refusal that says who may do it."""
    return (
        f"Sorry, only the poll's creator or an organiser can {action}. "
        "Organisers are the people listed by the workspace's pmm-bot admins."
    )
