"""The parts of Slack's payloads that the handlers rely on, as pydantic shapes.

Slack always sends these fields. A signed request that lacks them, or has them with another
type, did not come from Slack's normal flow: it gets a 400 at the door (bot/web.py) instead of
an exception deep inside Bolt or a handler.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Ref(_Shape):
    id: str | None = None


class _Ids(_Shape):
    """Where Bolt looks for ids while it builds the request context, before any code of
    ours runs (slack_bolt.request.internals): each may be missing, a string or an object."""

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


class BoltIds(_Ids):
    """The ids of any payload, at the top level, in its event and in its authorizations."""

    event: _Ids | None = None
    authorizations: list[_Ids] | None = None
    response_urls: list[_ResponseUrl] | None = None  # view submissions


class _User(_Shape):
    id: str


class _Option(_Shape):
    value: str


class _Action(_Shape):
    action_id: str
    value: str | None = None
    selected_option: _Option | None = None


class BlockActions(_Shape):
    """What the button handlers read from a block_actions payload."""

    user: _User
    actions: list[_Action] = Field(min_length=1)
    response_url: str | None = None


class _Event(_Shape):
    type: str
    user: str | None = None
    channel: str | None = None


class EventCallback(_Shape):
    """What the event handlers read from an Events API envelope."""

    event: _Event


_SHAPES: dict[str, type[_Shape]] = {"block_actions": BlockActions, "event_callback": EventCallback}


def payload_problem(body: Any) -> str | None:
    """None when the payload has the shape the handlers need, else a short reason."""
    if not isinstance(body, dict):
        return "not an object"
    if body.get("is_ext_shared_channel") is True and not isinstance(body.get("event"), dict):
        return "shared-channel payload without an event object"  # Bolt reads event.team
    shapes = [BoltIds, *([_SHAPES[body["type"]]] if body.get("type") in _SHAPES else [])]
    for shape in shapes:
        try:
            shape.model_validate(body)
        except ValidationError as error:
            return f"{body.get('type')}: {error.error_count()} field(s) of the wrong shape"
    return None
