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
    database_pool_size: int = 20
    """PostgreSQL connections one process keeps pooled (as many again in bursts); at least the
    requests a server process serves at once (the bench: 16 connections on one worker)."""
    bus: Literal["inprocess", "kafka"] = "inprocess"
    bus_url: str = ""
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_topic_partitions: int = 3
    kafka_replication_factor: int = 1
    auth_dev_secret: str = DEV_SECRET
    auth_jwks_url: str = ""
    auth_issuer: str = "aftersales-dev-issuer"
    auth_audience: str = "aftersales"
    # Tokens living longer than this (exp - iat), or without `iat`, are refused (ADR 0004).
    auth_max_token_ttl_seconds: int = 12 * 3600
    auto_migrate: bool = True
    consumer_max_attempts: int = 5
    consumer_stall_seconds: float = 60.0
    """Readiness fails when a consumer has lag and made no progress for this long."""
    consumer_max_pause: float = 5.0
    """Longest wait between retries while the database or broker is unreachable."""
    log_level: str = "INFO"
    default_timezone: str = "Asia/Shanghai"
    # Request hardening (ADR 0010, web/limits.py). Rate limits are per process, in memory;
    # a rate of 0 turns that limit off.
    idempotency_lease_seconds: float = 60.0
    """How long a request holds its Idempotency-Key before a retry may take it over."""
    max_body_bytes: int = 1024 * 1024
    """Larger request bodies are refused with 413 before they are read."""
    max_upload_bytes: int = 16 * 1024 * 1024
    """The same for `multipart/form-data` bodies (file uploads); routes check their own limit."""
    max_header_bytes: int = 16 * 1024
    """Requests whose headers (names and values) add up to more are refused with 431."""
    rate_limit_api_per_second: float = 100.0
    """Sustained requests per second per principal (token subject) on a service API."""
    rate_limit_api_burst: int = 200
    rate_limit_token_per_minute: float = 60.0
    """Token requests per minute per username on the development issuer (burst: the same)."""
    rate_limit_token_ip_per_minute: float = 600.0
    """Token requests per minute per client address on the development issuer."""

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
