"""How often a series meets, as the meeting form offers it: weekly, every 2, 3 or 4 weeks,
monthly on the nth (or last) weekday of the first date, or a custom RRULE; and the schedule
said in words for people."""

from __future__ import annotations

import calendar
from datetime import date

from bot.meetings.config import MeetingConfig

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKS = {"weekly": 1, "2weeks": 2, "3weeks": 3, "4weeks": 4}
CUSTOM = "custom"
_ORDINAL = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", -1: "last"}


def nth_weekday(day: date) -> int:
    """Which of its month's weekdays `day` is: 1 to 4, or -1 for a fifth (the last)."""
    nth = (day.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def is_last_weekday(day: date) -> bool:
    """True when no later day of the month falls on the same weekday."""
    return day.day + 7 > calendar.monthrange(day.year, day.month)[1]


def cadence_rule(cadence: str, day: date) -> str | None:
    """The RRULE of a cadence whose first meeting is on `day` (None for a custom one)."""
    weekday = WEEKDAYS[day.weekday()]
    if cadence in WEEKS:
        every = WEEKS[cadence]
        interval = f";INTERVAL={every}" if every > 1 else ""
        return f"FREQ=WEEKLY{interval};BYDAY={weekday}"
    if cadence == "monthly":
        return f"FREQ=MONTHLY;BYDAY={nth_weekday(day)}{weekday}"
    if cadence == "monthly-last":
        return f"FREQ=MONTHLY;BYDAY=-1{weekday}"
    return None


def cadence_options(day: date | None) -> list[tuple[str, str]]:
    """(value, label) of each cadence offered for a first meeting on `day`: the monthly ones
    name the weekday ("Monthly on the 2nd Tuesday"), "the last" only when it is the last."""
    on = f" on {day:%A}" if day else ""
    options = [("weekly", f"Weekly{on}s" if day else "Weekly")]
    options += [(f"{n}weeks", f"Every {n} weeks{on}") for n in (2, 3, 4)]
    if day is None:
        options.append(("monthly", "Monthly on the same weekday (like the 2nd Tuesday)"))
    else:
        if nth_weekday(day) > 0:
            options.append(("monthly", f"Monthly on the {_ORDINAL[nth_weekday(day)]} {day:%A}"))
        if is_last_weekday(day):
            options.append(("monthly-last", f"Monthly on the last {day:%A}"))
    options.append((CUSTOM, "Custom (a repeat rule)"))
    return options


def fitting_cadence(cadence: str, day: date | None) -> str:
    """`cadence`, or the monthly one there is for `day` when the date changed under it."""
    offered = {value for value, _ in cadence_options(day)}
    if cadence in offered:
        return cadence
    if cadence.startswith("monthly"):
        return "monthly" if "monthly" in offered else "monthly-last"
    return "weekly"


def cadence_of(config: MeetingConfig) -> tuple[str, str]:
    """(cadence, custom rule) giving back the series' RRULE (custom when no choice does)."""
    day = config.first.date()
    for value, _ in cadence_options(day):
        if value != CUSTOM and cadence_rule(value, day) == config.rrule:
            return value, ""
    return CUSTOM, config.rrule


def describe_schedule(config: MeetingConfig) -> str:
    """`weekly on Wednesday at 08:00 (Asia/Kolkata)`: the cadence, time and zone in words."""
    day = config.first.date()
    cadence, _ = cadence_of(config)
    if cadence in WEEKS:
        every = WEEKS[cadence]
        words = f"{'weekly' if every == 1 else f'every {every} weeks'} on {day:%A}"
    elif cadence == "monthly":
        words = f"monthly on the {_ORDINAL[nth_weekday(day)]} {day:%A}"
    elif cadence == "monthly-last":
        words = f"monthly on the last {day:%A}"
    else:
        words = "on its own schedule"
    return f"{words} at {config.first:%H:%M} ({config.timezone})"
