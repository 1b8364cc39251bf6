"""Alembic glue: one migrations folder per service, async engines, SQLite batch mode."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.ext.asyncio import create_async_engine

from aftersales_common.db import async_url

MESSAGING_VERSIONS = Path(__file__).resolve().parent / "messaging" / "migrations" / "versions"


def alembic_config(script_location: Path, url: str) -> Config:
    """An Alembic config for one service database, without an ini file.

    Two version locations: the service's own history and the shared "messaging"
    branch (outbox, inbox, dead letters, idempotency keys), so a change to the
    messaging tables is one migration for every service.
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations",
                        os.pathsep.join([str(script_location / "versions"), str(MESSAGING_VERSIONS)]))
    cfg.set_main_option("sqlalchemy.url", async_url(url).replace("%", "%%"))
    return cfg


def upgrade(script_location: Path, url: str) -> None:
    """`alembic upgrade heads` (blocking: call it in a thread from async code)."""
    command.upgrade(alembic_config(script_location, url), "heads")


def money_to_numeric(op: Any, columns: dict[str, list[str]], *, scale: int = 2,
                     precision: int = 14) -> None:
    """On PostgreSQL, turn money or quantity columns stored as text into NUMERIC.

    For migrations of databases created while money was stored as strings; a no-op on
    SQLite (which keeps exact strings) and for columns that are numeric already.
    """
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    inspector = sa.inspect(bind)
    for table, names in columns.items():
        types = {c["name"]: c["type"] for c in inspector.get_columns(table)}
        for name in names:
            if isinstance(types.get(name), sa.Numeric):
                continue
            op.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{name}" TYPE NUMERIC({precision}, {scale}) '
                       f'USING "{name}"::numeric')


def run_env(target_metadata: MetaData) -> None:
    """Body of every service's `migrations/env.py`."""
    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url") or ""
    opts: dict[str, Any] = {"target_metadata": target_metadata, "render_as_batch": True,
                            "compare_type": True}
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **opts)
        with context.begin_transaction():
            context.run_migrations()
        return

    def _run(connection: Any) -> None:
        context.configure(connection=connection, **opts)
        with context.begin_transaction():
            context.run_migrations()

    async def _main() -> None:
        engine = create_async_engine(async_url(url), poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(_run)
        await engine.dispose()

    asyncio.run(_main())
