"""The parts of Slack's payloads that Bolt and our listeners read, as pydantic shapes.

Slack always sends these fields with these types. A request that lacks them, or has them
with another type, did not come from Slack's normal flow: it is answered 400 (over Socket
Mode: acked and dropped) before Bolt builds its context, instead of failing deep inside Bolt
or a listener with a 500. Everything else is left free: Slack adds fields, sends objects
where ids usually are (`team_join`'s `event.user`) and invents new event types.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Ref(_Shape):
    id: str | None = None


class _Ids(_Shape):
    """Where Bolt looks for ids while it builds the request context
    (slack_bolt.request.internals): each may be missing, a string or an object."""

    enterprise: str | _Ref | None = None
    team: str | _Ref | None = None
    user: str | _Ref | None = None
    channel: str | _Ref | None = None
    enterprise_id: str | None = None
    team_id: str | None = None
    user_id: str | None = None
    channel_id: str | None = None
    thread_ts: str | None = None
    message: _Ids | None = None
    previous_message: _Ids | None = None
    item: _Ids | None = None
    assistant_thread: _Ids | None = None


class _ResponseUrl(_Shape):
    response_url: str | None = None


class _Event(_Ids):
    type: str
    callback_id: str | None = None
    tab: str | None = None
    channel_type: str | None = None
    subtype: str | None = None


class BoltIds(_Ids):
    """Any payload: ids at the top level, in its event and in its authorizations."""

    type: str | None = None
    trigger_id: str | None = None
    response_url: str | None = None
    authorizations: list[_Ids] | None = None
    response_urls: list[_ResponseUrl] | None = None  # view submissions
    event: _Event | None = None


class _User(_Shape):
    id: str


class _Option(_Shape):
    value: str


class _Action(_Shape):
    action_id: str
    block_id: str | None = None
    value: str | None = None
    action_ts: str | None = None
    selected_option: _Option | None = None


class BlockActions(BoltIds):
    """A click: who clicked what."""

    user: _User
    actions: list[_Action] = Field(min_length=1)


class _View(_Shape):
    type: str
    callback_id: str
    id: str | None = None
    private_metadata: str | None = None


class ViewPayload(BoltIds):
    """view_submission and view_closed: Bolt reads `view.type` and `view.callback_id`."""

    user: _User
    view: _View


class ShortcutPayload(BoltIds):
    """shortcut and message_action."""

    user: _User
    callback_id: str


class SuggestionPayload(BoltIds):
    """block_suggestion: an external select asking for options."""

    user: _User
    action_id: str
    value: str | None = None


class EventCallback(BoltIds):
    """An Events API envelope."""

    event: _Event
    event_id: str | None = None


class _PersonEvent(_Event):
    user: str


class _JoinEvent(_PersonEvent):
    channel: str


class SlashCommand(_Shape):
    """A slash command (form fields)."""

    command: str
    text: str | None = None
    user_id: str
    channel_id: str
    trigger_id: str | None = None
    response_url: str | None = None


# The events our listeners read people and channels from (as plain ids) .
_EVENT_SHAPES: dict[str, type[_Shape]] = {
    "app_home_opened": _PersonEvent,
    "member_joined_channel": _JoinEvent,
}
_SHAPES: dict[str, type[_Shape]] = {
    "block_actions": BlockActions,
    "view_submission": ViewPayload,
    "view_closed": ViewPayload,
    "shortcut": ShortcutPayload,
    "message_action": ShortcutPayload,
    "block_suggestion": SuggestionPayload,
    "event_callback": EventCallback,
}


def payload_problem(body: Any) -> str | None:
    """None when the payload has the shape Bolt and the listeners need, else a short reason
    (never the payload's content)."""
    if not isinstance(body, dict):
        return "not an object"
    if body.get("is_ext_shared_channel") is True and not isinstance(body.get("event"), dict):
        return "shared-channel payload without an event object"  # Bolt reads event.team
    kind = body.get("type")
    shapes: list[type[_Shape]] = [BoltIds]
    if "command" in body:
        shapes.append(SlashCommand)
    if isinstance(kind, str) and kind in _SHAPES:
        shapes.append(_SHAPES[kind])
    event = body.get("event")
    if kind == "event_callback" and isinstance(event, dict):
        event_shape = _EVENT_SHAPES.get(str(event.get("type")))
        if event_shape is not None:
            try:
                event_shape.model_validate(event)
            except ValidationError as error:
                return (
                    f"{event.get('type')} event: {error.error_count()} field(s) of the wrong shape"
                )
    for shape in shapes:
        try:
            shape.model_validate(body)
        except ValidationError as error:
            return f"{kind or 'command'}: {error.error_count()} field(s) of the wrong shape"
    return None
