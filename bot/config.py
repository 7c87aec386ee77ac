"""The one settings class. The only module that reads the environment (and ``.env``)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.domain.guard import DEFAULT_PATIENT_ID
from bot.domain.outbox import CLAIM_LIMIT, LEASE_MARGIN, SEND_TIMEOUT
from bot.resources import messages_dir


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default="sqlite:///crisisbot.db", alias="DATABASE_URL")
    timezone: str = Field(default="Europe/Paris", alias="CRISISBOT_TIMEZONE")
    language: str = Field(default="fr", alias="CRISISBOT_LANGUAGE")
    admins: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(), alias="CRISISBOT_ADMINS"
    )
    messages_dir: Path = Field(default_factory=messages_dir, alias="CRISISBOT_MESSAGES_DIR")
    patient_id_pattern: str = Field(
        default=DEFAULT_PATIENT_ID, alias="CRISISBOT_PATIENT_ID_PATTERN"
    )
    insurer_days: int = Field(default=5, ge=0, le=60, alias="CRISISBOT_INSURER_DAYS")
    digest_time: str = Field(
        default="08:00", pattern=r"^\d{1,2}:\d{2}$", alias="CRISISBOT_DIGEST_TIME"
    )
    exports_dir: Path = Field(default=Path("exports"), alias="CRISISBOT_EXPORTS_DIR")
    data_dir_setting: Path | None = Field(default=None, alias="CRISISBOT_DATA_DIR")
    journal_key: str | None = Field(default=None, alias="CRISISBOT_JOURNAL_KEY")
    slack_bot_token: str | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str | None = Field(default=None, alias="SLACK_API_URL")
    port: int = Field(default=3000, ge=0, le=65535, alias="PORT")
    host: str = Field(default="0.0.0.0", alias="CRISISBOT_HOST")
    teams_client_id: str | None = Field(default=None, alias="TEAMS_CLIENT_ID")
    teams_client_secret: str | None = Field(default=None, alias="TEAMS_CLIENT_SECRET")
    teams_tenant_id: str | None = Field(default=None, alias="TEAMS_TENANT_ID")
    teams_anonymous: bool = Field(default=False, alias="TEAMS_ANONYMOUS")
    teams_app_catalog_id: str | None = Field(default=None, alias="TEAMS_APP_CATALOG_ID")
    teams_graph_url: str = Field(
        default="https://graph.microsoft.com/v1.0", alias="TEAMS_GRAPH_URL"
    )
    send_timeout: float = Field(
        default=SEND_TIMEOUT.total_seconds(), gt=0, le=600, alias="CRISISBOT_OUTBOX_SEND_TIMEOUT"
    )
    lease: float | None = Field(default=None, gt=0, alias="CRISISBOT_OUTBOX_LEASE")

    @field_validator("admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("database_url")
    @classmethod
    def _driver(cls, value: str) -> str:
        """``postgres://`` and ``postgresql://`` (as hosting platforms hand them out) name the
        installed driver, psycopg 3."""
        for scheme in ("postgres://", "postgresql://"):
            if value.startswith(scheme):
                return "postgresql+psycopg://" + value[len(scheme) :]
        return value

    @field_validator("patient_id_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("digest_time")
    @classmethod
    def _time_of_day(cls, value: str) -> str:
        hour, minute = (int(part) for part in value.split(":"))
        if hour > 23 or minute > 59:
            raise ValueError("not a time of day")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in ("fr", "en"):
            raise ValueError("fr or en")
        return value

    @field_validator("lease")
    @classmethod
    def _outlasts_a_batch(cls, value: float | None, info: ValidationInfo) -> float | None:
        """A lease shorter than a claimed batch may still be sending would let a second
        worker send the same post."""
        timeout = info.data.get("send_timeout", SEND_TIMEOUT.total_seconds())
        if value is not None and value <= CLAIM_LIMIT * timeout:
            raise ValueError(f"shorter than {CLAIM_LIMIT} sends of {timeout:g} s")
        return value

    @property
    def outbox_lease(self) -> timedelta:
        """How long a claimed batch is its worker's: by default the longest the batch may
        take (each send given up after the send timeout), plus a minute."""
        if self.lease is not None:
            return timedelta(seconds=self.lease)
        return CLAIM_LIMIT * timedelta(seconds=self.send_timeout) + LEASE_MARGIN

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def data_dir(self) -> Path:
        """Where the journal key and the journal's witness live: the configured folder, else
        the folder of the SQLite file, else the working directory."""
        if self.data_dir_setting is not None:
            return self.data_dir_setting
        prefix, _, path = self.database_url.partition(":///")
        if prefix.startswith("sqlite") and path and ":memory:" not in path:
            return Path(path).parent
        return Path(".")

    @property
    def slack_configured(self) -> bool:
        """Slack over HTTP (a signing secret) or in Socket Mode (an app token)."""
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))

    @property
    def teams_configured(self) -> bool:
        """Teams with an app registration, or anonymous for a local test client."""
        return bool(self.teams_client_id) or self.teams_anonymous
