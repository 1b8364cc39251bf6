"""Each service's Alembic history builds its schema from scratch and matches its models,
on SQLite (embedded) and on PostgreSQL (distributed)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from alembic import command

from aftersales_common.migrations import alembic_config
from tests.infra.services import create_database

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("booking", "workshop", "parts", "billing", "crm")


def _upgrade_and_check(service: str, url: str) -> None:
    cfg = alembic_config(ROOT / "services" / service / "migrations", url)
    command.upgrade(cfg, "heads")  # the service's history and the shared messaging branch
    command.check(cfg)  # raises when the models and the migrations disagree


@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_match_models_on_sqlite(service: str, tmp_path: Path) -> None:
    await asyncio.to_thread(_upgrade_and_check, service, f"sqlite+aiosqlite:///{tmp_path}/s.db")


@pytest.mark.realinfra
@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_match_models_on_postgres(service: str, postgres: str) -> None:
    url = create_database(postgres, f"mig_{service}_{uuid.uuid4().hex[:8]}")
    await asyncio.to_thread(_upgrade_and_check, service, url)
