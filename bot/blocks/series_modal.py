"""The modal organisers add or edit a meeting series in, with a live preview of its next
meetings. Every input's block_id is the form's field name (series_form.SeriesForm), which is
also where Slack shows that field's error."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.dates import meeting_when
from bot.blocks.kit import context, plain, section
from bot.blocks.modals import modal
from bot.meetings.cadence import cadence_options, fitting_cadence
from bot.meetings.config import MeetingConfig
from bot.meetings.series import Occurrence
from bot.meetings.series_form import (
    DURATIONS,
    MAX_DISPLAY_ZONES,
    MAX_KEY,
    MAX_TITLE,
    SeriesForm,
    preview,
    suggest_key,
)
from bot.meetings.zone_notes import city
from bot.meetings.zone_search import zone_label

FORM_VIEW = "pmm_series_form"
PREVIEW_BLOCK = "preview"
# One action_id per input, so that a change in any of the dispatching ones (zone, date, time,
# cadence, rule, display zones) reaches the preview's listener, and the two zone pickers ask
# the zone search for their options.
FIELD_ACTION = "pmm_series_{}"
ZONE_ACTION = FIELD_ACTION.format("zone")
DISPLAY_ZONES_ACTION = FIELD_ACTION.format("display_zones")
DISPATCHING = ("zone", "first_date", "first_time", "cadence", "custom_rule", "display_zones")


def field_action(field: str) -> str:
    """The action_id of the input for `field`."""
    return FIELD_ACTION.format(field)


def _input(field: str, label: str, element: dict[str, Any], **extra: Any) -> dict[str, Any]:
    block = {
        "type": "input",
        "block_id": field,
        "label": plain(label),
        "element": {**element, "action_id": field_action(field)},
    }
    if field in DISPATCHING:
        block["dispatch_action"] = True
    return block | extra


def _option(value: str, text: str) -> dict[str, Any]:
    return {"text": plain(text[:75]), "value": value[:150]}


def zone_option(zone: str, now: datetime) -> dict[str, Any]:
    """A zone as an option of the zone pickers."""
    return _option(zone, zone_label(zone, now))


def preview_text(config: MeetingConfig | None, found: list[Occurrence], why: str) -> str:
    """The next meetings in the reader's own zone (date tokens), each with its time in the
    meeting's zone and the display zones; or why there is nothing to show yet."""
    if config is None or not found:
        return f"*Next meetings*\n{why}"
    zones = tuple(dict.fromkeys((config.timezone, *config.display_timezones)))
    lines = []
    for occurrence in found:
        when = meeting_when(occurrence, config)
        there = [f"{occurrence.start.astimezone(ZoneInfo(z)):%a %H:%M} {city(z)}" for z in zones]
        lines.append(f"• *{when}* — {' · '.join(there)}")
    return "*Next meetings* (bold: in your own time zone)\n" + "\n".join(lines)


def series_view(form: SeriesForm, *, now: datetime, editing: str | None = None) -> dict[str, Any]:
    """The form, filled in from `form`; `editing`: the short name of the series changed
    (None: a new one). The preview is worked out from the form as it stands."""
    day = form.day
    cadences = [_option(value, label) for value, label in cadence_options(day)]
    chosen = fitting_cadence(form.cadence, day)
    durations = [_option(str(m), f"{m} minutes") for m in DURATIONS]
    if form.duration not in DURATIONS:  # a stored length the menu lacks stays as it is
        durations.append(_option(str(form.duration), f"{form.duration} minutes"))
    zone: dict[str, Any] = {
        "type": "external_select",
        "min_query_length": 2,
        "placeholder": plain("Type a city, like Berlin or New York"),
    }
    if form.zone:
        zone["initial_option"] = zone_option(form.zone, now)
    shown: dict[str, Any] = {
        "type": "multi_external_select",
        "min_query_length": 2,
        "max_selected_items": MAX_DISPLAY_ZONES,
        "placeholder": plain("Type a city"),
    }
    if form.display_zones:
        shown["initial_options"] = [zone_option(z, now) for z in form.display_zones]
    blocks = [
        _input(
            "title",
            "Title",
            _text(form.title, max_length=MAX_TITLE, placeholder="APAC community sync"),
        ),
        _key_block(form, editing),
        _input("zone", "Time zone", zone),
        _input(
            "first_date",
            "First meeting",
            _initial({"type": "datepicker"}, "initial_date", form.first_date),
        ),
        _input(
            "first_time",
            "Starts at",
            _initial({"type": "timepicker"}, "initial_time", form.first_time),
            hint=plain("In the meeting's time zone."),
        ),
        _input(
            "cadence",
            "Repeats",
            {
                "type": "static_select",
                "options": cadences,
                "initial_option": next(o for o in cadences if o["value"] == chosen),
            },
        ),
        _input(
            "custom_rule",
            "Custom repeat rule",
            _text(form.custom_rule),
            optional=True,
            hint=plain(
                "Only with “Custom”: an iCalendar rule, like FREQ=MONTHLY;BYDAY=1MO "
                "for the first Monday of each month. Press Enter to preview it."
            ),
        ),
        section(preview_text(*preview(form, now=now))) | {"block_id": PREVIEW_BLOCK},
        _input(
            "duration",
            "Length",
            {
                "type": "static_select",
                "options": durations,
                "initial_option": next(
                    (o for o in durations if o["value"] == str(form.duration)), durations[2]
                ),
            },
        ),
        _input(
            "channel",
            "Channel",
            _channel(form.channel),
            hint=plain("Reminders and changes are posted there. Invite the bot to it."),
        ),
        _input(
            "reminders",
            "Reminders before it",
            _text(form.reminders),
            optional=True,
            hint=plain(
                "Like 24h, 15m (d for days, h for hours, m for minutes). "
                "Leave it empty for no reminders."
            ),
        ),
        _input("display_zones", "Also show the time in", shown, optional=True),
        _input("join_url", "Join link", _url(form.join_url), optional=True),
        _input("agenda_url", "Agenda link", _url(form.agenda_url), optional=True),
    ]
    title = "Change the meeting" if editing else "Add a meeting"
    meta = {"mode": "edit", "key": editing} if editing else {"mode": "add"}
    return modal(FORM_VIEW, title, blocks, submit="Save", close="Cancel", metadata=meta)


def _key_block(form: SeriesForm, editing: str | None) -> dict[str, Any]:
    if editing:
        return context(f"Short name: `{editing}` (as in `/pmm next {editing}`); it stays.")
    initial = form.key or (suggest_key(form.title) if form.title.strip() else "")
    return _input(
        "key",
        "Short name",
        _text(initial, max_length=MAX_KEY, placeholder="apac"),
        optional=True,
        hint=plain(
            "For commands, like /pmm next apac. Left empty, it is made from the title. "
            "It can't be changed later."
        ),
    )


def _text(value: str, *, max_length: int | None = None, placeholder: str = "") -> dict:
    element: dict[str, Any] = {"type": "plain_text_input"}
    if value:
        element["initial_value"] = value
    if max_length:
        element["max_length"] = max_length
    if placeholder:
        element["placeholder"] = plain(placeholder)
    return element


def _url(value: str) -> dict[str, Any]:
    return _initial({"type": "url_text_input"}, "initial_value", value)


def _initial(element: dict[str, Any], key: str, value: str) -> dict[str, Any]:
    return {**element, key: value} if value else element


def _channel(channel: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "conversations_select",
        "placeholder": plain("Pick a channel"),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    return _initial(element, "initial_conversation", channel)


def message_view(title: str, text: str) -> dict[str, Any]:
    """A small modal that only says something (App Home has nowhere else to say it)."""
    return modal(FORM_VIEW + "_note", title, [section(text)], close="OK")
