"""Row d of `make bench`: the outbox relay against raw aiokafka, on real Kafka and PostgreSQL.

Relay: N events of ~625 B are committed in a PostgreSQL outbox table (a database migrated by
a service's own migrations, so the real messaging tables and indexes), then the real
`OutboxRelay` with the real `KafkaBus` as publisher drains them; msg/s from its first read to
the last row marked sent. Ceiling: a raw `AIOKafkaProducer` with the same acks ("all"),
idempotence and linger (2 ms) sends the same N messages (same topic, keys, values, headers)
and waits for every acknowledgement. Both run on uvloop in this process, one after the other,
each after a warm-up of its own; the topic is a bench topic no service consumes.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaProducer
from sqlalchemy import MetaData

from aftersales_common.clock import utcnow
from aftersales_common.db import Database, async_url
from aftersales_common.messaging.kafka import HEADERS, KafkaBus
from aftersales_common.messaging.outbox import OutboxRelay
from aftersales_common.messaging.tables import messaging_tables
from aftersales_common.migrations import upgrade

TOPIC = "bench.relay"
PAYLOAD_BYTES = 625
AGGREGATES = 1000
COLUMNS = ["event_id", "topic", "aggregate_type", "aggregate_id", "type", "payload",
           "created_at", "attempts"]


@dataclass(frozen=True)
class Event:
    event_id: str
    key: str
    payload: str


def make_events(n: int, run: str) -> list[Event]:
    """`n` CloudEvents of PAYLOAD_BYTES bytes over AGGREGATES aggregates (keys)."""
    keys = [str(uuid.uuid4()) for _ in range(AGGREGATES)]
    events = []
    for i in range(n):
        event_id = str(uuid.uuid4())
        body = {"specversion": "1.0", "id": event_id, "source": "/aftersales/bench",
                "type": "bench.happened", "subject": keys[i % AGGREGATES],
                "time": utcnow().isoformat(), "datacontenttype": "application/json",
                "data": {"run": run, "n": i, "pad": ""}}
        text = json.dumps(body, separators=(",", ":"))
        body["data"]["pad"] = "x" * max(0, PAYLOAD_BYTES - len(text))  # type: ignore[index]
        events.append(Event(event_id, keys[i % AGGREGATES], json.dumps(body, separators=(",", ":"))))
    return events


async def _commit(dsn: str, events: list[Event]) -> None:
    """Commit the events as unsent outbox rows (one COPY, one transaction)."""
    conn = await asyncpg.connect(dsn)
    try:
        now = utcnow()
        await conn.copy_records_to_table(
            "outbox", columns=COLUMNS,
            records=[(e.event_id, TOPIC, "bench", e.key, "bench.happened", e.payload, now, 0)
                     for e in events])
        await conn.execute("ANALYZE outbox")
    finally:
        await conn.close()


async def relay_rate(dsn: str, bootstrap: str, n: int, warmup: int) -> float:
    """msg/s of the real OutboxRelay + KafkaBus draining `n` committed events."""
    db = Database(dsn)
    tables = messaging_tables(MetaData())
    bus = KafkaBus(bootstrap, client_id="bench-relay", topics=(TOPIC,))
    await bus.start()
    relay = OutboxRelay(db, tables, bus, service="bench")
    try:
        async def drain(count: int) -> float:
            """Seconds until `count` rows are sent and marked (checked after the clock stops)."""
            t0 = time.perf_counter()
            sent = idle = 0
            while sent < count and idle < 3:
                got = await relay.drain()  # what the running relay does on a wake-up
                sent += got
                idle = 0 if got else idle + 1
            elapsed = time.perf_counter() - t0
            left = await relay.pending()
            if sent != count or left:
                raise RuntimeError(f"the relay sent {sent} of {count} events ({left} pending)")
            return elapsed

        if warmup:
            await _commit(dsn, make_events(warmup, "warm-up"))
            await drain(warmup)
        await _commit(dsn, make_events(n, "timed"))
        return n / await drain(n)
    finally:
        await relay.stop()
        await bus.stop()
        await db.dispose()


async def raw_rate(bootstrap: str, n: int, warmup: int) -> float:
    """msg/s of a bare AIOKafkaProducer (acks=all, idempotent, linger 2 ms), same messages."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, client_id="bench-raw",
                                enable_idempotence=True, acks="all", linger_ms=2)
    await producer.start()
    try:
        async def send(events: list[Event]) -> None:
            futures = [await producer.send(TOPIC, e.payload.encode(), key=e.key.encode(),
                                           headers=HEADERS) for e in events]
            await asyncio.gather(*futures)

        if warmup:
            await send(make_events(warmup, "warm-up"))
        events = make_events(n, "timed")
        t0 = time.perf_counter()
        await send(events)
        return n / (time.perf_counter() - t0)
    finally:
        await producer.stop()


def prepare_database(admin_dsn: str, create_database, migrations_dir) -> str:
    """A fresh database with a service's schema (real messaging tables); its DSN."""
    dsn = create_database(admin_dsn, f"bench_relay_{uuid.uuid4().hex[:8]}")
    upgrade(migrations_dir, async_url(dsn))
    return dsn
