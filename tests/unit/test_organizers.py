"""Organiser lookups: listed IDs, the user group, admins; cached so bursts cost one lookup."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_sdk import WebClient

from bot.organizers import OrganizerDirectory
from tests.conftest import make_settings
from tests.support.fake_slack import FakeSlack


def directory(fake: FakeSlack, **settings) -> OrganizerDirectory:
    client = WebClient(token="xoxb-test", base_url=fake.api_url)
    return OrganizerDirectory(make_settings(**settings), client)


def test_listed_group_and_admins_are_organisers(fake_slack) -> None:
    fake_slack.usergroups = {"wg-platforms-leads": ["U0LEAD0001"]}
    fake_slack.users = {"U0ADMIN001": {"is_admin": True}, "U0OWNER001": {"is_owner": True}}
    found = directory(
        fake_slack, PMM_ORGANIZERS="U0LISTED01", PMM_ORGANIZER_GROUP="@wg-platforms-leads"
    )
    assert found.is_organizer("U0LISTED01")
    assert found.is_organizer("U0LEAD0001")
    assert found.is_organizer("U0ADMIN001")
    assert found.is_organizer("U0OWNER001")
    assert not found.is_organizer("U0RANDOM01")


def test_a_burst_of_checks_costs_one_lookup(fake_slack) -> None:
    fake_slack.usergroups = {"leads": ["U0LEAD0001"]}
    found = directory(fake_slack, PMM_ORGANIZER_GROUP="leads")
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(lambda _: found.is_organizer("U0RANDOM01"), range(50)))
    assert answers == [False] * 50
    assert len(fake_slack.calls_to("usergroups.users.list")) == 1
    assert len(fake_slack.calls_to("users.info")) == 1
