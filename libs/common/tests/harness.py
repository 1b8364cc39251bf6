"""A tiny service for seedwork tests: one effect table plus the messaging tables."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select

from aftersales_common.db import Database
from aftersales_common.messaging.envelope import CloudEvent, EventData, make_event
from aftersales_common.messaging.inbox import EventConsumer, Reactions
from aftersales_common.messaging.outbox import OutboxRelay, UnitOfWork
from aftersales_common.messaging.tables import messaging_tables
from aftersales_common.messaging.transport import Transport
from aftersales_common.messaging.unit_of_work import ReadSession


class Ping(EventData):
    event_type = "test.ping"
    n: int


class PingReader(BaseModel):
    n: int


def build_schema() -> tuple[MetaData, Any, Table]:
    metadata = MetaData()
    tables = messaging_tables(metadata)
    effects = Table(
        "effect", metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(64), nullable=False),
        Column("n", Integer, nullable=False),
    )
    return metadata, tables, effects


class MiniService:
    """Producer and consumer in one: publishes pings, records one effect row per ping seen."""

    def __init__(self, url: str, transport: Transport, name: str = "mini") -> None:
        self.name = name
        self.metadata, self.tables, self.effects = build_schema()
        self.db = Database(url)
        self.transport = transport
        self.relay = OutboxRelay(self.db, self.tables, transport, service=name, poll_interval=0.2)
        self.consumer = EventConsumer(
            name=name, uow_factory=self.uow,
            reactions=Reactions().on("test.ping", PingReader, self._on_ping),
            max_attempts=3, base_delay=0.01,
        )
        self.fail_times: dict[int, int] = {}

    def reader(self) -> ReadSession:
        return ReadSession(self.db)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.db, self.tables, self.name, on_commit=self.relay.notify)

    async def create(self) -> None:
        async with self.db.engine.begin() as conn:
            await conn.run_sync(self.metadata.create_all)

    async def _on_ping(self, uow: UnitOfWork, data: PingReader, event: CloudEvent) -> None:
        n = data.n
        if self.fail_times.get(n, 0) > 0:
            self.fail_times[n] -= 1
            raise RuntimeError(f"boom on {n}")
        await uow.session.execute(insert(self.effects).values(event_id=event.id, n=n))

    async def publish_pings(self, count: int, start: int = 0, key: str = "agg-1") -> None:
        for n in range(start, start + count):
            async with self.uow() as uow:
                await uow.write_outbox(make_event(Ping(n=n), service=self.name, subject=key,
                                                  dealer_id="d1"), aggregate_type="ping")

    async def effect_ns(self) -> list[int]:
        async with self.db.session() as s:
            return list((await s.execute(select(self.effects.c.n).order_by(self.effects.c.id))).scalars())

    async def effect_count(self) -> int:
        async with self.db.session() as s:
            return int(await s.scalar(select(func.count()).select_from(self.effects)) or 0)
