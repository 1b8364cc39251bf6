"""Batched events: the relay marks by range, consumers apply a batch per transaction.

Batching must not loosen what single deliveries promise: nothing unsent is marked sent,
per-key order holds, a redelivered id has no second effect, and a failing event still
ends as it would alone (retried, or dead-lettered) without losing its neighbours.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence

import pytest
from sqlalchemy import func, insert, select

from aftersales_common.clock import utcnow
from aftersales_common.messaging.envelope import make_event
from aftersales_common.messaging.inprocess import InProcessBus, bus_log
from aftersales_common.messaging.outbox import OutgoingMessage, contiguous_runs
from harness import MiniService, Ping


def ping(n: int, key: str = "agg-1") -> bytes:
    return make_event(Ping(n=n), service="mini", subject=key, dealer_id="d1").to_json()


@pytest.fixture
async def svc(tmp_path):
    s = MiniService(f"sqlite+aiosqlite:///{tmp_path}/mini.db", InProcessBus("sqlite://"))
    await s.create()
    yield s
    await s.relay.stop()
    await s.db.dispose()


async def inbox_ids(svc: MiniService) -> list[str]:
    async with svc.db.session() as s:
        return list((await s.execute(select(svc.tables.inbox.c.event_id))).scalars())


# ---------------------------------------------------------------- relay: marking by range

def test_contiguous_runs_cover_exactly_the_given_seqs() -> None:
    assert contiguous_runs([]) == []
    assert contiguous_runs([4]) == [(4, 4)]
    assert contiguous_runs([1, 2, 3, 5, 6, 9]) == [(1, 3), (5, 6), (9, 9)]


async def _outbox_row(svc: MiniService, seq: int) -> None:
    event = make_event(Ping(n=seq), service="mini", subject="agg-1", dealer_id="d1")
    async with svc.db.session() as s, s.begin():
        await s.execute(insert(svc.tables.outbox).values(
            seq=seq, event_id=event.id, topic="aftersales.mini", aggregate_type="ping",
            aggregate_id="agg-1", type=event.type, payload=event.to_json().decode(),
            created_at=utcnow(), attempts=0))


async def test_a_gap_committed_while_its_batch_was_out_is_not_marked_and_is_sent_next(svc):
    """seq 3 is not visible when the relay reads 1, 2, 4, 5 (on PostgreSQL: a lower seq
    committed late); it commits while the batch is being published. Marking must leave it
    unsent, and the next drain must send it."""
    for seq in (1, 2, 4, 5):
        await _outbox_row(svc, seq)
    sent: list[list[int]] = []

    class LateCommitter:
        async def publish(self, messages: Sequence[OutgoingMessage]) -> None:
            sent.append([len(m.value) for m in messages])
            if len(sent) == 1:
                await _outbox_row(svc, 3)  # the late commit, during the publish

    svc.relay.publisher = LateCommitter()
    assert await svc.relay.drain_once() == 4
    assert await svc.relay.pending() == 1  # seq 3: not marked by the 1..5 batch
    assert await svc.relay.drain_once() == 1
    assert await svc.relay.pending() == 0
    async with svc.db.session() as s:
        unsent = await s.scalar(select(func.count()).select_from(svc.tables.outbox)
                                .where(svc.tables.outbox.c.sent_at.is_(None)))
    assert unsent == 0


async def test_relay_sends_more_than_one_batch_in_seq_order(svc):
    svc.relay.batch_size = 7
    got: list[bytes] = []

    class Collect:
        async def publish(self, messages: Sequence[OutgoingMessage]) -> None:
            got.extend(m.value for m in messages)

    svc.relay.publisher = Collect()
    await svc.publish_pings(20)
    svc.relay.start()  # the running relay: reads ahead and marks while publishing
    deadline = asyncio.get_running_loop().time() + 10
    while await svc.relay.pending():
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.02)
    assert [json.loads(v)["data"]["n"] for v in got] == list(range(20))


async def test_a_failed_batch_stops_the_drain_before_anything_later_and_is_recorded(svc):
    svc.relay.batch_size = 5
    got: list[int] = []

    class FailsSecond:
        calls = 0

        async def publish(self, messages: Sequence[OutgoingMessage]) -> None:
            FailsSecond.calls += 1
            if FailsSecond.calls == 2:
                raise ConnectionError("broker down")
            got.extend(json.loads(m.value)["data"]["n"] for m in messages)

    svc.relay.publisher = FailsSecond()
    await svc.publish_pings(15)
    with pytest.raises(ConnectionError):
        await svc.relay.drain()
    assert got == [0, 1, 2, 3, 4]  # nothing after the failed batch went out
    assert await svc.relay.pending() == 10  # the first batch is marked, the rest is not
    t = svc.tables.outbox
    async with svc.db.session() as s:
        attempts = list((await s.execute(select(t.c.attempts).order_by(t.c.seq))).scalars())
    assert attempts == [0] * 5 + [1] * 5 + [0] * 5
    await svc.relay.drain()  # the broker is back: the failed batch first, then the rest
    assert got == list(range(15))
    assert await svc.relay.pending() == 0


# ---------------------------------------------------------------- consumers: a batch per tx

async def test_a_batch_keeps_order_and_skips_ids_seen_before_or_twice(svc):
    first = ping(0)
    await svc.consumer.deliver("aftersales.mini", first)  # seen before the batch
    p1 = ping(1)
    await svc.consumer.deliver_batch([
        ("aftersales.mini", first), ("aftersales.mini", p1), ("aftersales.mini", ping(2)),
        ("aftersales.mini", p1), ("aftersales.mini", ping(3)),
    ])
    assert await svc.effect_ns() == [0, 1, 2, 3]
    assert len(await inbox_ids(svc)) == 4


async def test_a_batch_is_one_transaction(svc):
    commits = 0
    real = svc.uow

    def counting():
        nonlocal commits
        commits += 1
        return real()

    svc.consumer.uow_factory = counting
    await svc.consumer.deliver_batch([("aftersales.mini", ping(n)) for n in range(10)])
    assert commits == 1
    assert await svc.effect_ns() == list(range(10))
    svc.consumer.batch_max = 4  # a long batch is cut: no transaction holds its locks too long
    await svc.consumer.deliver_batch([("aftersales.mini", ping(n)) for n in range(10, 20)])
    assert commits == 1 + 3
    assert await svc.effect_ns() == list(range(20))


async def test_a_transient_failure_in_a_batch_is_retried_and_loses_no_neighbour(svc):
    svc.fail_times = {2: 2}
    await svc.consumer.deliver_batch([("aftersales.mini", ping(n)) for n in range(5)])
    assert await svc.effect_ns() == [0, 1, 2, 3, 4]
    assert await svc.consumer.list_dead_letters() == []


async def test_a_failing_event_in_a_batch_is_dead_lettered_and_its_neighbours_applied(svc):
    svc.fail_times = {1: 99}
    await svc.consumer.deliver_batch([("aftersales.mini", ping(n)) for n in range(4)])
    assert await svc.effect_ns() == [0, 2, 3]
    letters = await svc.consumer.list_dead_letters()
    assert len(letters) == 1 and "boom on 1" in letters[0]["error"]
    assert letters[0]["attempts"] == 3  # the consumer's max_attempts, as for one delivery


async def test_poison_and_garbage_in_a_batch_are_dead_lettered_at_once(svc):
    wrong = make_event(Ping(n=7), service="mini", subject="agg-1", dealer_id="d1")
    wrong_raw = wrong.to_json().replace(b'"n":7', b'"n":"seven"')
    await svc.consumer.deliver_batch([
        ("aftersales.mini", ping(0)), ("aftersales.mini", b"{not json"),
        ("aftersales.mini", wrong_raw), ("aftersales.mini", ping(1)),
    ])
    assert await svc.effect_ns() == [0, 1]
    letters = await svc.consumer.list_dead_letters()
    assert len(letters) == 2 and all(x["attempts"] == 1 for x in letters)


async def test_the_bus_hands_batches_in_order_with_one_effect_each(tmp_path):
    bus = InProcessBus(f"sqlite+aiosqlite:///{tmp_path}/bus.db")
    svc = MiniService(f"sqlite+aiosqlite:///{tmp_path}/mini.db", bus)
    await svc.create()
    batches: list[int] = []

    async def batch(items):
        batches.append(len(items))
        await svc.consumer.deliver_batch(items)

    bus.subscribe("mini-group", ["aftersales.mini"], svc.consumer.deliver, batch_handler=batch)
    svc.fail_times = {13: 1}
    try:
        await bus.start()
        raws = [ping(n, f"k{n % 3}") for n in range(40)]
        await bus.publish([OutgoingMessage("aftersales.mini", f"k{n % 3}", raw)
                           for n, raw in enumerate([*raws, raws[0]])])  # ends with a re-send
        deadline = asyncio.get_running_loop().time() + 10
        while await svc.effect_count() < 40:
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)
        assert await svc.effect_ns() == list(range(40))  # log order, one effect each
        assert max(batches) > 1
        assert svc.consumer.paused_since is None
    finally:
        await bus.stop()
        await svc.db.dispose()


# ---------------------------------------------------------------- Kafka: getmany per partition

async def test_kafka_batches_rejoin_after_fetch_commit_and_start_failures(monkeypatch):
    """The supervision proof of test_consumer_supervision, on the batch path (getmany)."""
    from aiokafka import TopicPartition
    from aiokafka.errors import KafkaConnectionError
    from test_consumer_supervision import FakeConsumer, FakeProducer, _Record

    import aftersales_common.messaging.kafka as kafka_module
    from aftersales_common.messaging.kafka import KafkaBus

    class BatchingConsumer(FakeConsumer):
        async def getmany(self, timeout_ms: int = 0, max_records: int | None = None):
            if not hasattr(self, "position"):
                self.position, self.yielded = FakeConsumer.committed_offset, 0
            if self.stopped.is_set():
                raise RuntimeError("consumer stopped")
            if self.mode == "iter" and self.yielded >= 1:
                raise KafkaConnectionError("connection to the coordinator lost")
            deadline = asyncio.get_running_loop().time() + timeout_ms / 1000
            while self.position >= len(FakeConsumer.log):
                if asyncio.get_running_loop().time() > deadline:
                    return {}
                await asyncio.sleep(0.01)
            records = [_Record(p) for p in range(self.position, len(FakeConsumer.log))]
            self.position += len(records)
            self.yielded += len(records)
            return {TopicPartition("aftersales.mini", 0): records}

    FakeConsumer.log, FakeConsumer.committed_offset, FakeConsumer.created = [], 0, 0
    FakeConsumer.script = ["iter", "start", "commit", "ok"]
    monkeypatch.setattr(kafka_module, "AIOKafkaProducer", FakeProducer)
    bus = KafkaBus("unused:9092", client_id="t", max_backoff=0.05, watch_interval=0.05)

    async def no_topics() -> None:
        return None

    monkeypatch.setattr(bus, "ensure_topics", no_topics)
    monkeypatch.setattr(bus, "_new_consumer", lambda sub: BatchingConsumer())
    seen: list[bytes] = []
    sizes: list[int] = []

    async def one(topic: str, raw: bytes) -> None:
        raise AssertionError("the batch handler is used")

    async def batch(items) -> None:
        sizes.append(len(items))
        seen.extend(raw for _t, raw in items)

    bus.subscribe("g", ["aftersales.mini"], one, batch_handler=batch)
    await bus.start()
    try:
        deadline = asyncio.get_running_loop().time() + 10
        await bus.publish([OutgoingMessage("aftersales.mini", "k", b"m0")])
        while FakeConsumer.committed_offset != 1:  # then the first consumer's fetch fails
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.02)
        await bus.publish([OutgoingMessage("aftersales.mini", "k", f"m{n}".encode())
                           for n in range(1, 6)])
        while FakeConsumer.committed_offset != 6:
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.02)
        (status,) = bus.consumer_status()
        assert status.restarts == 3 and FakeConsumer.created == 4
        assert "group rebalanced" in (status.last_error or "")
        assert status.alive and status.processed == 6
        assert sorted(set(seen)) == [f"m{n}".encode() for n in range(6)]  # at least once
        assert max(sizes) > 1  # offsets committed per batch, not per message
    finally:
        await bus.stop()
    assert not bus.consumer_status()[0].alive


# ---------------------------------------------------------------- embedded: the outbox is the log

async def test_partners_read_the_outbox_in_place_in_order_once_across_a_restart(tmp_path):
    bus_url = f"sqlite+aiosqlite:///{tmp_path}/bus.db"

    async def run(pings: int, start: int) -> tuple[MiniService, InProcessBus]:
        bus = InProcessBus(bus_url)
        svc = MiniService(f"sqlite+aiosqlite:///{tmp_path}/mini.db", bus)
        svc.relay = bus.attach_outbox("aftersales.mini", svc.db, svc.tables.outbox)  # type: ignore[assignment]
        await svc.create()
        await svc.publish_pings(pings, start=start)  # committed before anyone reads
        bus.subscribe("mini-group", ["aftersales.mini"], svc.consumer.deliver,
                      batch_handler=svc.consumer.deliver_batch)
        await bus.start()
        assert await svc.relay.pending() == pings  # waiting for the group
        svc.relay.start()
        return svc, bus

    async def until(svc: MiniService, n: int) -> None:
        deadline = asyncio.get_running_loop().time() + 10
        while await svc.effect_count() < n:
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.02)

    svc, bus = await run(5, 0)
    try:
        await until(svc, 5)
        await svc.publish_pings(5, start=5)  # the commit wakes the group
        await until(svc, 10)
        assert await svc.relay.pending() == 0
    finally:
        await bus.stop()
        await svc.db.dispose()
    svc, bus = await run(3, 10)  # restart: the saved offset holds, the new rows come
    try:
        await until(svc, 13)
        await asyncio.sleep(0.3)
        assert await svc.effect_ns() == list(range(13))  # log order, nothing twice
        assert await svc.relay.pending() == 0
        async with bus.db.session() as s:  # nothing was copied into a second log
            assert await s.scalar(select(func.count()).select_from(bus_log)) == 0
        (status,) = bus.consumer_status()
        assert status.alive and status.processed == 3
        # an event handed to the bus by hand (an operator re-injecting one) still arrives
        await bus.publish([OutgoingMessage("aftersales.mini", "agg-1", ping(99))])
        await until(svc, 14)
        assert (await svc.effect_ns())[-1] == 99
    finally:
        await bus.stop()
        await svc.db.dispose()
