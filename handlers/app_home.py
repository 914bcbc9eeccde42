"""The App Home tab: published whenever someone opens it; organisers act on polls from it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.home_blocks import HOME_POLL_ACTION, HomeData, render_home
from bot.deps import Deps
from handlers.exports import send_export
from handlers.needs import SlackNeeds

NEEDS = SlackNeeds(bot_events=frozenset({"app_home_opened"}), home_tab=True, interactivity=True)


def home_view(deps: Deps, user_id: str) -> dict[str, Any]:
    """Everything the user's Home tab shows, rendered."""
    own, voted = deps.polls.store.home_polls(user_id)
    organizer = deps.organizers.is_organizer(user_id)
    data = HomeData(
        next_meeting=deps.meetings.next_meeting(),
        meeting_config=deps.meetings.config,
        own_polls=own,
        voted_polls=voted,
        organizer=organizer,
        recent_polls=deps.polls.store.overview(limit=500) if organizer else [],
    )
    return render_home(deps.model, data, deps.clock.now())


def register(app: App, deps: Deps) -> None:
    """Publish the home view on `app_home_opened`; handle the organisers' poll menu."""

    def publish_home(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        client.views_publish(user_id=event["user"], view=home_view(deps, event["user"]))

    def act_on_poll(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        user = body["user"]["id"]
        if not deps.organizers.is_organizer(user):
            return  # the menu is only shown to organisers; ignore forged clicks
        action, _, poll_id = body["actions"][0]["selected_option"]["value"].partition(":")
        if action == "close":
            deps.polls.closer.close(poll_id)
        elif action in ("export-csv", "export-json"):
            send_export(
                deps, user, poll_id, action.removeprefix("export-"), _dm_notice(client, user)
            )
        client.views_publish(user_id=user, view=home_view(deps, user))

    def ack_only(ack: Ack) -> None:
        ack()

    app.event("app_home_opened")(ack=ack_only, lazy=[publish_home])
    app.action(HOME_POLL_ACTION)(ack=ack_only, lazy=[act_on_poll])


def _dm_notice(client: WebClient, user: str) -> Any:
    """A respond()-like callable that writes to the user's DM (Home has no response_url)."""

    def notify(**message: Any) -> None:
        message.pop("response_type", None)
        channel = client.conversations_open(users=user)["channel"]["id"]
        client.chat_postMessage(channel=channel, **message)

    return notify
