"""Outbox, inbox, in-process bus and dead letters on SQLite: the reliability promises."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from sqlalchemy import func, select

from aftersales_common.messaging.envelope import make_event
from aftersales_common.messaging.inprocess import InProcessBus
from aftersales_common.messaging.outbox import OutgoingMessage
from harness import MiniService, Ping


async def wait_for(predicate, limit: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + limit
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


@pytest.fixture
async def bus(tmp_path):
    bus = InProcessBus(f"sqlite+aiosqlite:///{tmp_path}/bus.db")
    yield bus
    await bus.stop()


@pytest.fixture
async def svc(tmp_path, bus):
    s = MiniService(f"sqlite+aiosqlite:///{tmp_path}/mini.db", bus)
    await s.create()
    bus.subscribe("mini-group", ["aftersales.mini"], s.consumer.deliver)
    yield s
    await s.relay.stop()
    await s.db.dispose()


async def test_events_flow_in_order_and_each_has_one_effect(svc, bus):
    await bus.start()
    svc.relay.start()
    await svc.publish_pings(20)
    await wait_for(lambda: _count_is(svc, 20))
    assert await svc.effect_ns() == list(range(20))
    assert await svc.relay.pending() == 0


async def _count_is(svc, n):
    return await svc.effect_count() == n


async def test_rollback_writes_no_outbox_row(svc):
    with pytest.raises(RuntimeError):
        async with svc.uow() as uow:
            await uow.write_outbox(make_event(Ping(n=1), service="mini", subject="a",
                                              dealer_id="d"), aggregate_type="ping")
            # a failure inside the unit: the business change and its event vanish together
            raise RuntimeError("the handler refused")
    assert await svc.relay.pending() == 0


async def test_relay_is_woken_by_commit_not_by_the_slow_poll(svc, bus):
    svc.relay.poll_interval = 60.0
    await bus.start()
    svc.relay.start()
    await asyncio.sleep(0.1)
    await svc.publish_pings(1)
    await wait_for(lambda: _count_is(svc, 1), limit=3.0)


async def test_redelivered_event_has_no_second_effect(svc, bus):
    """A consumer that dies after its DB commit but before the offset commit sees the event again."""
    died = {"done": False}

    async def dies_before_offset_commit(topic: str, raw: bytes) -> None:
        await svc.consumer.deliver(topic, raw)  # effects + inbox committed
        if not died["done"]:
            died["done"] = True
            raise ConnectionError("crashed before committing the offset")

    bus._subscriptions.clear()
    bus.subscribe("mini-group", ["aftersales.mini"], dies_before_offset_commit)
    await bus.start()
    svc.relay.start()
    await svc.publish_pings(3)
    await wait_for(lambda: _count_is(svc, 3))
    await asyncio.sleep(0.3)
    assert died["done"]
    assert await svc.effect_ns() == [0, 1, 2]


async def test_offsets_survive_a_restart_and_unconsumed_events_are_delivered(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/bus.db"
    bus1 = InProcessBus(url)
    svc = MiniService(f"sqlite+aiosqlite:///{tmp_path}/mini.db", bus1)
    await svc.create()
    bus1.subscribe("g", ["aftersales.mini"], svc.consumer.deliver)
    await bus1.start()
    svc.relay.start()
    await svc.publish_pings(5)
    await wait_for(lambda: _count_is(svc, 5))
    await svc.relay.stop()
    await bus1.stop()
    # while "down", more events are committed; they must arrive after the restart
    await svc.publish_pings(3, start=5)
    bus2 = InProcessBus(url)
    svc.transport = bus2
    svc.relay.publisher = bus2
    bus2.subscribe("g", ["aftersales.mini"], svc.consumer.deliver)
    await bus2.start()
    svc.relay.start()
    await wait_for(lambda: _count_is(svc, 8))
    assert await svc.effect_ns() == list(range(8))
    await svc.relay.stop()
    await bus2.stop()


class KilledMidBatch:
    """Publishes some messages of a batch, then the process 'dies' (task cancelled)."""

    def __init__(self, inner: InProcessBus, after: int) -> None:
        self.inner, self.after, self.sent = inner, after, 0

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        for m in messages:
            if self.sent == self.after:
                await asyncio.Event().wait()  # hang until cancelled: killed mid-batch
            await self.inner.publish([m])
            self.sent += 1


async def test_relay_killed_mid_batch_loses_nothing_and_duplicates_no_effect(svc, bus):
    await bus.start()
    await svc.publish_pings(10)
    dying = KilledMidBatch(bus, after=4)
    svc.relay.publisher = dying
    svc.relay.start()
    await wait_for(lambda: _sent(dying, 4))
    await svc.relay.stop()  # killed: 4 published, none marked sent
    assert await svc.relay.pending() == 10
    svc.relay.publisher = bus  # restarted relay re-sends the whole batch
    svc.relay.start()
    await wait_for(lambda: _count_is(svc, 10))
    await asyncio.sleep(0.3)
    assert await svc.effect_ns() == list(range(10))
    assert await svc.relay.pending() == 0


async def _sent(dying, n):
    return dying.sent >= n


async def test_poison_event_goes_to_dead_letters_and_consumer_moves_on(svc, bus):
    svc.fail_times = {1: 99}
    await bus.start()
    svc.relay.start()
    await svc.publish_pings(3)
    await wait_for(lambda: _count_is(svc, 2))
    letters = await svc.consumer.list_dead_letters()
    assert len(letters) == 1 and "boom on 1" in letters[0]["error"]
    assert letters[0]["attempts"] == 3
    svc.fail_times = {}
    result = await svc.consumer.replay(letters[0]["id"])
    assert result["status"] == "replayed"
    assert sorted(await svc.effect_ns()) == [0, 1, 2]
    assert await svc.consumer.list_dead_letters() == []


async def test_transient_failure_is_retried_with_backoff(svc, bus):
    svc.fail_times = {0: 2}
    await bus.start()
    svc.relay.start()
    await svc.publish_pings(1)
    await wait_for(lambda: _count_is(svc, 1))
    assert await svc.consumer.list_dead_letters() == []


async def test_unparseable_message_is_dead_lettered(svc):
    await svc.consumer.deliver("aftersales.mini", b"{not json")
    letters = await svc.consumer.list_dead_letters()
    assert len(letters) == 1 and letters[0]["event_id"] is None


async def test_relay_failure_keeps_rows_and_records_the_error(svc):
    class Down:
        async def publish(self, messages):
            raise ConnectionError("broker down")

    svc.relay.publisher = Down()
    await svc.publish_pings(2)
    with pytest.raises(ConnectionError):
        await svc.relay.drain_once()
    async with svc.db.session() as s:
        attempts = await s.scalar(select(func.max(svc.tables.outbox.c.attempts)))
    assert attempts == 1
    assert await svc.relay.pending() == 2
