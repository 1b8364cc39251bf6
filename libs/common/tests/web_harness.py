"""A tiny service built with the real seedwork app factory, with fault-injection points.

`POST /api/mini/effects` writes one effect row in a unit of work and answers it; the
hooks let a test stop, fail or cancel the request before, inside or after the unit of work.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select

from aftersales_common.messaging.tables import messaging_tables
from aftersales_common.runtime import ServiceRuntime
from aftersales_common.settings import ServiceSettings
from aftersales_common.testing import bearer
from aftersales_common.web.app import create_service_app
from aftersales_common.web.deps import PrincipalDep, RuntimeDep

Hook = Callable[[], Awaitable[None]]
DATABASE_URL: list[str] = []
"""Set (one URL) to run the same scenarios on PostgreSQL (tests/integration)."""


class Hooks:
    """Where a test injects a fault: before the unit of work, inside it, after it."""

    def __init__(self) -> None:
        self.before: list[Hook] = []
        self.inside: list[Hook] = []
        self.after: list[Hook] = []

    @staticmethod
    async def run(queue: list[Hook]) -> None:
        if queue:
            await queue.pop(0)()


class EffectIn(BaseModel):
    n: int


def build(tmp: Path, **settings: Any) -> tuple[FastAPI, ServiceRuntime, Table, Hooks]:
    metadata = MetaData()
    tables = messaging_tables(metadata)
    effects = Table("effect", metadata,
                    Column("id", Integer, primary_key=True, autoincrement=True),
                    Column("n", Integer, nullable=False),
                    Column("who", String(120), nullable=False))
    settings = {"database_url": DATABASE_URL[0], **settings} if DATABASE_URL else settings
    config = ServiceSettings(app_env="test", data_dir=tmp, auto_migrate=False, **settings)
    runtime = ServiceRuntime(name="mini", settings=config, metadata=metadata, tables=tables,
                             migrations_dir=tmp)
    hooks = Hooks()
    router = APIRouter()

    @router.post("/effects", status_code=201)
    async def make_effect(body: EffectIn, rt: RuntimeDep, who: PrincipalDep) -> dict[str, Any]:
        await hooks.run(hooks.before)
        async with rt.uow() as uow:
            result = await uow.session.execute(insert(effects).values(n=body.n, who=who.sub))
            await hooks.run(hooks.inside)
        await hooks.run(hooks.after)
        return {"id": result.inserted_primary_key[0], "n": body.n}

    @router.post("/things/{thing_id}", status_code=201)
    async def thing(thing_id: str, who: PrincipalDep) -> dict[str, str]:
        return {"id": thing_id}

    @router.get("/things/{thing_id}")
    async def get_thing(thing_id: str, who: PrincipalDep) -> dict[str, str]:
        return {"id": thing_id}

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("unexpected")

    @router.get("/ok")
    async def ok() -> dict[str, str]:
        return {"status": "ok"}

    app = create_service_app(runtime, [router], title="mini")
    return app, runtime, effects, hooks


async def create_tables(runtime: ServiceRuntime) -> None:
    async with runtime.db.engine.begin() as conn:
        await conn.run_sync(runtime.metadata.create_all)


@asynccontextmanager
async def running(tmp: Path, **settings: Any
                  ) -> AsyncIterator[tuple[httpx.AsyncClient, ServiceRuntime, Table, Hooks]]:
    app, runtime, effects, hooks = build(tmp, **settings)
    await create_tables(runtime)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client, runtime, effects, hooks


async def count(runtime: ServiceRuntime, effects: Table) -> int:
    async with runtime.reader() as session:
        return int(await session.scalar(select(func.count()).select_from(effects)) or 0)


async def key_row(runtime: ServiceRuntime, key: str) -> dict[str, Any] | None:
    t = runtime.tables.idempotency
    async with runtime.reader() as session:
        row = (await session.execute(select(t).where(t.c.key == key))).mappings().first()
    return dict(row) if row else None


def auth(runtime: ServiceRuntime, sub: str = "alice", key: str | None = None) -> dict[str, str]:
    headers = bearer(runtime.settings, "service_advisor", sub=sub)
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


async def never() -> None:
    await asyncio.Event().wait()
