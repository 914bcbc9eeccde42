"""Settings read from the environment (and a `.env` file), validated by pydantic-settings.

`Settings` is what `pmm-bot serve` needs. Commands that only read the database use
`StorageSettings`, so `pmm-bot polls` works on a server without Slack tokens in its shell.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.channel_refs import CHANNEL_HINT, CHANNEL_REF
from bot.plain_errors import explain

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
_SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class SettingsError(Exception):
    """A setting is missing or malformed; the message says which and what to set."""


class StorageSettings(BaseSettings):
    """Settings shared by every command: where the data lives, logging, the config file."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(default="sqlite:///data/pmm-bot.db", alias="DATABASE_URL")
    pmm_config: Path | None = Field(default=None, alias="PMM_CONFIG")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        default="INFO", alias="LOG_LEVEL"
    )
    log_format: Literal["text", "json"] = Field(default="text", alias="LOG_FORMAT")
    public_url: str | None = Field(default=None, pattern=r"^https?://\S+$", alias="PMM_PUBLIC_URL")
    organizer_group: str | None = Field(
        default=None, pattern=r"^@?[a-z0-9._-]{1,80}$", alias="PMM_ORGANIZER_GROUP"
    )
    reminder_channel: str | None = Field(
        default=None, pattern=CHANNEL_REF, alias="PMM_REMINDER_CHANNEL", description=CHANNEL_HINT
    )

    @field_validator("organizer_group")
    @classmethod
    def _strip_at(cls, value: str | None) -> str | None:
        return value.lstrip("@") if value else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("public_url")
    @classmethod
    def _strip_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @property
    def public_host(self) -> str | None:
        """The host of PMM_PUBLIC_URL, when set."""
        return urlparse(self.public_url).hostname if self.public_url else None

    @field_validator("pmm_config", "public_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("pmm_config")
    @classmethod
    def _config_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"no file at {value}")
        return value


class Settings(StorageSettings):
    """Everything `pmm-bot serve` needs. The two Slack secrets have no default on purpose."""

    slack_bot_token: SecretStr = Field(alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr = Field(alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default=DEFAULT_SLACK_API_URL, alias="SLACK_API_URL")
    port: int = Field(default=3000, ge=0, le=65535, alias="PORT")
    host: str = Field(default="0.0.0.0", alias="HOST")  # noqa: S104 - a server listens on all
    poll_update_seconds: float = Field(default=2.0, ge=0.05, le=60, alias="PMM_POLL_UPDATE_SECONDS")
    organizers: Annotated[list[str], NoDecode] = Field(default_factory=list, alias="PMM_ORGANIZERS")

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @field_validator("slack_signing_secret")
    @classmethod
    def _signing_secret_present(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("organizers", mode="before")
    @classmethod
    def _split_organizers(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list):
            bad = [v for v in value if not _SLACK_USER_ID.match(str(v))]
            if bad:
                raise ValueError("must be comma-separated Slack user IDs like U012ABCDEF")
        return value

    @property
    def socket_mode(self) -> bool:
        """True when an app-level token is set: the bot then connects out over Socket Mode."""
        return self.slack_app_token is not None


# What to tell an organiser for each variable, in the words of the Slack app settings pages.
_HINTS = {
    "SLACK_BOT_TOKEN": "Set it to the Bot User OAuth Token (xoxb-...) from your Slack app's "
    "'OAuth & Permissions' page.",
    "SLACK_SIGNING_SECRET": "Set it to the Signing Secret from your Slack app's "
    "'Basic Information' page.",
    "SLACK_APP_TOKEN": "Set it to an app-level token (xapp-...) with the connections:write "
    "scope to use Socket Mode, or leave it unset to serve HTTP.",
    "SLACK_API_URL": "Leave it unset for slack.com, or set the Web API base URL of your "
    "Slack host.",
    "PORT": "Set it to the TCP port to listen on, e.g. 3000.",
    "DATABASE_URL": "Leave it unset for a SQLite file under ./data, or set e.g. "
    "postgresql+psycopg://user:pass@host/db.",
    "PMM_CONFIG": "Point it at the TOML file with the [meeting] and [welcome] tables, or unset it.",
    "PMM_ORGANIZERS": "Set it to comma-separated Slack user IDs, e.g. U012ABCDEF,U034GHIJKL.",
    "PMM_POLL_UPDATE_SECONDS": "Set it to a number of seconds between 0.05 and 60 (default 2).",
    "PMM_ORGANIZER_GROUP": "Set it to a user group handle such as wg-platforms-leads.",
    "PMM_REMINDER_CHANNEL": "Set it to the channel for meeting reminders: its ID (C...) or "
    "its name (#community).",
    "PMM_PUBLIC_URL": "Set it to the bot's public base URL, e.g. https://pmm.example.org.",
    "LOG_LEVEL": "Use one of DEBUG, INFO, WARNING, ERROR.",
    "LOG_FORMAT": "Use text or json.",
}


def describe_settings_error(error: ValidationError) -> str:
    """Turn pydantic's error into one paragraph naming each variable; never echo a value."""
    problems = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else "settings"
        what = explain(item)
        hint = _HINTS.get(name, "")
        problems.append(f"{name} {what}. {hint}".strip())
    return (
        "pmm-bot can't start: "
        + " ".join(problems)
        + " Put settings in the environment or in a .env file in the working directory."
    )


def token_refused(name: str, reason: str | None) -> str:
    """The start-up message for a token Slack refused, in the same words as a missing one."""
    what = "was refused by Slack" + (f" ({reason})" if reason else "")
    return (
        f"pmm-bot can't start: {name} {what}. {_HINTS[name]} Put settings in the environment "
        "or in a .env file in the working directory."
    )


def load_settings(cls: type[StorageSettings] = Settings, **overrides: object) -> StorageSettings:
    """Build settings from the environment; raise SettingsError with a readable message."""
    try:
        return cls(**overrides)
    except ValidationError as error:
        raise SettingsError(describe_settings_error(error)) from None
