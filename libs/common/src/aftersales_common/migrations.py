"""Alembic glue: one migrations folder per service, async engines, SQLite batch mode."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.ext.asyncio import create_async_engine

from aftersales_common.db import async_url


def alembic_config(script_location: Path, url: str) -> Config:
    """An Alembic config for one service database, without an ini file."""
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.set_main_option("sqlalchemy.url", async_url(url).replace("%", "%%"))
    return cfg


def upgrade(script_location: Path, url: str) -> None:
    """`alembic upgrade head` (blocking: call it in a thread from async code)."""
    command.upgrade(alembic_config(script_location, url), "head")


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
