"""Organiser lookups: listed IDs, the user group, admins; cached so bursts cost one lookup."""

from __future__ import annotations

import asyncio

from slack_sdk.web.async_client import AsyncWebClient

from handlers.support.organizers import OrganizerCheck
from tests.support.fake_slack import FakeSlack


def check(fake: FakeSlack, *, ids: tuple[str, ...] = (), group: str | None = None):
    client = AsyncWebClient(token="xoxb-test", base_url=fake.api_url)
    return OrganizerCheck(client, organizers=frozenset(ids), group=group)


def test_listed_group_and_admins_are_organisers(fake_slack) -> None:
    fake_slack.usergroups = {"wg-platforms-leads": ["U0LEAD0001"]}
    fake_slack.users = {"U0ADMIN001": {"is_admin": True}, "U0OWNER001": {"is_owner": True}}
    found = check(fake_slack, ids=("U0LISTED01",), group="wg-platforms-leads")

    async def ask() -> list[bool]:
        users = ["U0LISTED01", "U0LEAD0001", "U0ADMIN001", "U0OWNER001", "U0RANDOM01"]
        return [await found.is_organizer(u) for u in users]

    assert asyncio.run(ask()) == [True, True, True, True, False]


def test_a_burst_of_checks_costs_one_lookup(fake_slack) -> None:
    fake_slack.usergroups = {"leads": ["U0LEAD0001"]}
    found = check(fake_slack, group="leads")

    async def burst() -> list[bool]:
        return list(await asyncio.gather(*(found.is_organizer("U0RANDOM01") for _ in range(50))))

    assert asyncio.run(burst()) == [False] * 50
    assert len(fake_slack.calls_to("usergroups.users.list")) == 1
    assert len(fake_slack.calls_to("users.info")) == 1


def test_the_refusal_names_the_people_never_a_setting(fake_slack) -> None:
    text = check(fake_slack, ids=("U0ALICE001", "U0BOB00001"), group="wg-leads").refusal(
        "export poll results"
    )
    assert text == (
        "Sorry, only the organisers (<@U0ALICE001>, <@U0BOB00001>, members of @wg-leads or a "
        "workspace admin) can export poll results."
    )
    assert "PMM_" not in check(fake_slack).refusal("close it")
