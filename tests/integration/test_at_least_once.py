"""At-least-once proofs on a real Kafka broker and a real PostgreSQL.

1. A consumer that dies after its database commit but before committing the offset gets
   the event again and produces no second effect.
2. A relay killed mid-batch loses nothing and duplicates nothing downstream.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence

import pytest

from aftersales_common.messaging.kafka import KafkaBus
from aftersales_common.messaging.outbox import OutgoingMessage
from harness import MiniService
from tests.infra.services import create_database

pytestmark = pytest.mark.realinfra


async def eventually_count(svc: MiniService, n: int, limit: float = 60.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while await svc.effect_count() < n:
        assert loop.time() < deadline, f"only {await svc.effect_count()} of {n} effects"
        await asyncio.sleep(0.1)


def _names() -> tuple[str, str, str]:
    tag = uuid.uuid4().hex[:8]
    return f"mini{tag}", f"aftersales.mini{tag}", f"group-{tag}"


async def test_consumer_dying_before_offset_commit_gets_event_again_without_second_effect(
    kafka: str, postgres: str
) -> None:
    name, topic, group = _names()
    url = create_database(postgres, f"alo_{name}")
    producer_bus = KafkaBus(kafka, client_id="producer", topics=[topic], partitions=1)
    await producer_bus.start()
    svc = MiniService(url, producer_bus, name=name)
    await svc.create()
    deliveries: list[str] = []
    dying = asyncio.Event()

    async def dies_after_db_commit(t: str, raw: bytes) -> None:
        await svc.consumer.deliver(t, raw)  # effect + inbox row committed to PostgreSQL
        deliveries.append(raw.decode()[:40])
        if len(deliveries) == 3:
            dying.set()
            await asyncio.Event().wait()  # the process "dies" here: offset never committed

    first = KafkaBus(kafka, client_id="c1", topics=[topic], partitions=1)
    first.subscribe(group, [topic], dies_after_db_commit)
    await first.start()
    svc.relay.start()
    await svc.publish_pings(5)
    await asyncio.wait_for(dying.wait(), 60)
    await first.stop()  # killed: event 3's offset was never committed
    assert await svc.effect_count() == 3

    second = KafkaBus(kafka, client_id="c2", topics=[topic], partitions=1)
    second.subscribe(group, [topic], svc.consumer.deliver)
    await second.start()
    try:
        await eventually_count(svc, 5)
        await asyncio.sleep(1.0)
        assert await svc.effect_ns() == [0, 1, 2, 3, 4]  # event 2 came again, no second effect
    finally:
        await second.stop()
        await svc.relay.stop()
        await producer_bus.stop()
        await svc.db.dispose()


class KilledMidBatch:
    """Sends part of a batch to Kafka, then hangs until the relay task is cancelled."""

    def __init__(self, inner: KafkaBus, after: int) -> None:
        self.inner, self.after, self.sent = inner, after, 0
        self.dead = asyncio.Event()

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        for m in messages:
            if self.sent == self.after:
                self.dead.set()
                await asyncio.Event().wait()
            await self.inner.publish([m])
            self.sent += 1


async def test_relay_killed_mid_batch_loses_nothing_and_duplicates_nothing(
    kafka: str, postgres: str
) -> None:
    name, topic, group = _names()
    url = create_database(postgres, f"alo_{name}")
    bus = KafkaBus(kafka, client_id="relay", topics=[topic], partitions=3)
    svc = MiniService(url, bus, name=name)
    await svc.create()
    bus.subscribe(group, [topic], svc.consumer.deliver)
    await bus.start()
    try:
        await svc.publish_pings(12, key="order-1")
        dying = KilledMidBatch(bus, after=5)
        svc.relay.publisher = dying
        svc.relay.start()
        await asyncio.wait_for(dying.dead.wait(), 60)
        await svc.relay.stop()  # killed mid-batch: 5 sent, none marked sent
        assert await svc.relay.pending() == 12
        svc.relay.publisher = bus
        svc.relay.start()
        await eventually_count(svc, 12)
        await asyncio.sleep(1.0)
        # every event arrived, in order (one key, one partition), exactly one effect each
        assert await svc.effect_ns() == list(range(12))
        assert await svc.relay.pending() == 0
    finally:
        await svc.relay.stop()
        await bus.stop()
        await svc.db.dispose()
