"""The `[meeting]` table of the PMM_CONFIG TOML file, validated."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.channel_refs import CHANNEL_HINT, CHANNEL_REF
from bot.durations import parse_duration
from bot.plain_errors import explain


class ConfigFileError(ValueError):
    """The config file is malformed; the message names the key and the value."""


def known_zone(name: str) -> bool:
    """Whether `name` is a time zone zoneinfo can load."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _zone(value: str) -> str:
    if not known_zone(value):
        raise ValueError(
            f"unknown time zone {value!r} (use an IANA name like Europe/Berlin)"
        ) from None
    return value


# A series' short name, as people type it after a command (`/pmm next apac`).
SERIES_ID = r"^[a-z][a-z0-9-]{0,23}$"
DEFAULT_ID = "default"
# Words the commands read before or after a series' short name (handlers/commands/).
RESERVED = frozenset({"add", "agenda", "all", "calendar", "close", "delete", "edit", "help",
                      "last", "meeting", "meetings", "move", "next", "remove", "reopen",
                      "schedule", "skip", "unskip"})  # fmt: skip
# Reminder keys and agenda pages are per day: a series meets at most once a day.
SUB_DAILY_ERROR = "a series meets at most once a day (no HOURLY or BYHOUR rules)"
NEVER_MEETS_ERROR = "this repeat rule never gives a meeting (is there a 30 February?)"
_SUB_DAILY = re.compile(r"\b(FREQ=(HOURLY|MINUTELY|SECONDLY)|BYHOUR|BYMINUTE|BYSECOND)\b")


# dateutil looks for a rule's next date up to the year 9999 and never gives up earlier: a rule
# that can never match (30 February) took minutes to expand. Asked from a start this late, the
# search ends in milliseconds, and any rule that can match at all matches in those years.
_LATE_START = datetime(9990, 1, 13, 17, 0)
_END = re.compile(r";?\b(UNTIL|COUNT)=[^;]*", re.IGNORECASE)


def _ever_meets(rule: str) -> bool:
    """Whether the RRULE gives any date at all (its UNTIL or COUNT aside)."""
    return (
        next(iter(rrulestr(_END.sub("", rule).strip(";"), dtstart=_LATE_START)), None) is not None
    )


def _read_duration(value: Any) -> Any:
    """`30m`, `2h`, `1d` as people write them; ISO 8601 (`PT1H`, as the database stores a
    series) is pydantic's to read."""
    if isinstance(value, str) and not value.startswith("P"):
        return parse_duration(value)
    return value


class MeetingConfig(BaseModel):
    """One recurring meeting series. Every key is optional; defaults match the CNCF group's
    sync (every other Tuesday, 17:00 Europe/Berlin)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(default=DEFAULT_ID, pattern=SERIES_ID)
    title: str = Field(default="CNCF Platform Engineering sync", min_length=1, max_length=150)
    timezone: str = "Europe/Berlin"
    # The first occurrence, wall time in `timezone`: Tuesday 13 January 2026, 17:00.
    first: datetime = datetime(2026, 1, 13, 17, 0)
    duration: timedelta = timedelta(minutes=60)
    rrule: str = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    reminders: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(minutes=15))
    channel: str | None = Field(default=None, pattern=CHANNEL_REF, description=CHANNEL_HINT)
    display_timezones: tuple[str, ...] = (
        "Europe/London",
        "America/New_York",
        "America/Los_Angeles",
        "Asia/Kolkata",
    )
    join_url: str | None = Field(default=None, pattern=r"^https?://")
    agenda_url: str | None = Field(default=None, pattern=r"^https?://")
    # What people quote for New York; unset, it is the time most of the year's syncs have there.
    usual_et_time: str | None = Field(default=None, pattern=r"^\d{2}:\d{2}$")

    @field_validator("id")
    @classmethod
    def _not_a_command_word(cls, value: str) -> str:
        if value in RESERVED:
            raise ValueError(f"{value!r} is a word the commands use; pick another id")
        return value

    @field_validator("timezone")
    @classmethod
    def _valid_zone(cls, value: str) -> str:
        return _zone(value)

    @field_validator("display_timezones")
    @classmethod
    def _valid_zones(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_zone(v) for v in value)

    @field_validator("first", mode="before")
    @classmethod
    def _local_time(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise ValueError("give the local time without an offset; `timezone` says where")
        return value

    @field_validator("duration", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> Any:
        return _read_duration(value)

    @field_validator("reminders", mode="before")
    @classmethod
    def _offsets(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return tuple(_read_duration(v) for v in value)
        return value

    @field_validator("rrule")
    @classmethod
    def _valid_rrule(cls, value: str) -> str:
        try:
            rrulestr(value, dtstart=datetime(2026, 1, 13, 17, 0, tzinfo=UTC))
        except (ValueError, TypeError) as error:
            raise ValueError(f"not a valid RRULE ({error})") from None
        if _SUB_DAILY.search(value.upper()):
            raise ValueError(SUB_DAILY_ERROR)
        if not _ever_meets(value):
            raise ValueError(NEVER_MEETS_ERROR)
        return value.upper()

    @property
    def zone(self) -> ZoneInfo:
        """The meeting's time zone."""
        return ZoneInfo(self.timezone)


class WelcomeConfig(BaseModel):
    """The `[welcome]` table (used by the welcome feature)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = False
    channels: tuple[Annotated[str, Field(pattern=CHANNEL_REF)], ...] = Field(
        default=(), description=CHANNEL_HINT
    )
    text: str = ""


class FileConfig(BaseModel):
    """Everything in the PMM_CONFIG file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # `[meeting]` (one series) or `[[meeting]]` (several, each with its own `id`). They seed
    # the database's series at start; a series the database already has is not read again.
    meeting: tuple[MeetingConfig, ...] = (MeetingConfig(),)
    welcome: WelcomeConfig = WelcomeConfig()

    @field_validator("meeting", mode="before")
    @classmethod
    def _one_or_several(cls, value: Any) -> Any:
        return (value,) if isinstance(value, dict) else value

    @field_validator("meeting")
    @classmethod
    def _distinct_ids(cls, value: tuple[MeetingConfig, ...]) -> tuple[MeetingConfig, ...]:
        if not value:
            raise ValueError("give at least one [[meeting]], or leave the table out")
        ids = [m.id for m in value]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(
                f"two meetings have the id {twice[0]!r}; give each [[meeting]] its own id"
            )
        return value

    @property
    def meetings(self) -> tuple[MeetingConfig, ...]:
        """Every configured series, in file order."""
        return self.meeting


def load_file_config(path: Path | None) -> FileConfig:
    """Read PMM_CONFIG (defaults when None); errors name the table, key and value."""
    if path is None:
        return FileConfig()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigFileError(f"{path}: {error}") from None
    try:
        return FileConfig.model_validate(raw)
    except ValidationError as error:
        problems = []
        several = isinstance(raw.get("meeting"), list)
        for item in error.errors():
            loc = list(item["loc"])
            if loc[:1] == ["meeting"] and len(loc) > 1 and isinstance(loc[1], int):
                # [[meeting]] tables are counted from 1, as people read the file.
                head = f"[[meeting]] number {loc[1] + 1}" if several else "[meeting]"
                loc = [head, *loc[2:]]
            elif loc:
                loc[0] = f"[{loc[0]}]"
            table, key = (str(loc[0]), ".".join(map(str, loc[1:]))) if loc else ("", "")
            shown = repr(item.get("input"))[:80]
            problems.append(f"{table} {key} = {shown}: {explain(item, FileConfig)}")
        raise ConfigFileError(f"{path}: " + "; ".join(problems)) from None
