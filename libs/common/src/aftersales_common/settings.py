"""Settings shared by every service, read from the environment (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "aftersales-development-secret-not-for-production"


class ServiceSettings(BaseSettings):
    """Base settings; each service subclasses it with its own fields."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    app_env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    database_url: str = ""
    bus: Literal["inprocess", "kafka"] = "inprocess"
    bus_url: str = ""
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_topic_partitions: int = 3
    kafka_replication_factor: int = 1
    auth_dev_secret: str = DEV_SECRET
    auth_jwks_url: str = ""
    auth_issuer: str = "aftersales-dev-issuer"
    auth_audience: str = "aftersales"
    auto_migrate: bool = True
    consumer_max_attempts: int = 5
    log_level: str = "INFO"
    default_timezone: str = "Asia/Shanghai"

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _refuse_development_defaults_in_production(self) -> ServiceSettings:
        if self.app_env == "production":
            if not self.auth_jwks_url:
                raise ValueError("APP_ENV=production needs AUTH_JWKS_URL (a real token issuer)")
            if not self.database_url or self.database_url.startswith("sqlite"):
                raise ValueError("APP_ENV=production needs DATABASE_URL of a real database")
        return self

    def database_url_for(self, service: str) -> str:
        """DATABASE_URL, or a SQLite file per service under the data directory."""
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / service}.db"

    def bus_url_or_default(self) -> str:
        """Where the in-process bus keeps its log."""
        return self.bus_url or f"sqlite+aiosqlite:///{self.data_dir / 'bus.db'}"
