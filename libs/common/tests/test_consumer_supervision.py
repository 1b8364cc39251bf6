"""Supervised consume loops and infrastructure errors that are not poison (issue 7, items 1-2).

Finding: an exception from the transport's iteration or offset commit ended the consume
task for good (and `stop()` swallowed it); a database outage longer than the ~1.5 s retry
budget dead-lettered good events.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiokafka.errors import CommitFailedError, KafkaConnectionError
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from aftersales_common.messaging import kafka as kafka_module
from aftersales_common.messaging.inbox import EventConsumer, Reactions, is_infrastructure_error
from aftersales_common.messaging.inprocess import InProcessBus
from aftersales_common.messaging.kafka import KafkaBus
from aftersales_common.messaging.outbox import OutgoingMessage
from harness import MiniService, PingReader


async def wait_for(predicate, limit: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + limit
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


# --------------------------------------------------------------------------- in-process bus


async def test_in_process_loop_survives_a_failing_read_of_the_log_and_keeps_delivering(tmp_path):
    bus = InProcessBus(f"sqlite+aiosqlite:///{tmp_path}/bus.db", max_backoff=0.05)
    svc = MiniService(f"sqlite+aiosqlite:///{tmp_path}/mini.db", bus)
    await svc.create()
    bus.subscribe("mini-group", ["aftersales.mini"], svc.consumer.deliver)
    real_fetch, failures = bus._fetch, {"left": 3}

    async def flaky_fetch(offset: int, topics: tuple[str, ...]) -> Any:
        if failures["left"] > 0:
            failures["left"] -= 1
            raise OperationalError("SELECT bus_log", {}, Exception("disk I/O error"))
        return await real_fetch(offset, topics)

    bus._fetch = flaky_fetch  # type: ignore[method-assign]
    await bus.start()
    svc.relay.start()
    try:
        await svc.publish_pings(5)
        await wait_for(lambda: _count_is(svc, 5))
        (status,) = bus.consumer_status()
        assert status.restarts == 3 and "disk I/O error" in (status.last_error or "")
        assert status.alive and status.processed == 5
        failures["left"] = 1  # fails again later: recovers again
        await svc.publish_pings(2, start=5)
        await wait_for(lambda: _count_is(svc, 7))
        assert await svc.effect_ns() == list(range(7))
        await wait_for(lambda: _lag_is(bus, 0))
    finally:
        await svc.relay.stop()
        await bus.stop()
        await svc.db.dispose()
    assert not bus.consumer_status()[0].alive


async def test_in_process_loop_survives_a_failing_offset_save(tmp_path):
    bus = InProcessBus(f"sqlite+aiosqlite:///{tmp_path}/bus.db", max_backoff=0.05)
    svc = MiniService(f"sqlite+aiosqlite:///{tmp_path}/mini.db", bus)
    await svc.create()
    bus.subscribe("mini-group", ["aftersales.mini"], svc.consumer.deliver)
    real_save, failures = bus._save_offset, {"left": 2}

    async def flaky_save(group: str, seq: int) -> None:
        if failures["left"] > 0:
            failures["left"] -= 1
            raise ConnectionError("log unreachable")
        await real_save(group, seq)

    bus._save_offset = flaky_save  # type: ignore[method-assign]
    await bus.start()
    svc.relay.start()
    try:
        await svc.publish_pings(4)
        await wait_for(lambda: _count_is(svc, 4))
        # Both failed saves restarted the loop, and a later save went through: the group's
        # offset stands after the four pings (the log's seqs 1-4).
        await wait_for(lambda: _restarted(bus, 2))
        await wait_for(lambda: _offset_saved(bus, "mini-group", 4))
        assert await svc.effect_ns() == [0, 1, 2, 3]  # redelivered, deduplicated by the inbox
        assert bus.consumer_status()[0].restarts == 2
    finally:
        await svc.relay.stop()
        await bus.stop()
        await svc.db.dispose()


async def _count_is(svc: MiniService, n: int) -> bool:
    return await svc.effect_count() == n


async def _offset_saved(bus: Any, group: str, seq: int) -> bool:
    return await bus._load_offset(group) == seq


async def _restarted(bus: Any, n: int) -> bool:
    return bus.consumer_status()[0].restarts >= n


async def _lag_is(bus: Any, n: int) -> bool:
    return all(s.lag == n for s in bus.consumer_status())


# --------------------------------------------------------------------------- Kafka bus (fake client)


class _Record:
    def __init__(self, offset: int) -> None:
        self.topic, self.partition, self.offset = "aftersales.mini", 0, offset
        self.value = f"m{offset}".encode()


class FakeConsumer:
    """Stands in for AIOKafkaConsumer: one partition, a shared committed offset."""

    log: list[bytes] = []
    committed_offset = 0
    script: list[str] = []  # per consumer created: "ok", "iter" (iteration raises), "commit"
    created = 0

    def __init__(self) -> None:
        FakeConsumer.created += 1
        self.mode = FakeConsumer.script.pop(0) if FakeConsumer.script else "ok"
        self.stopped = asyncio.Event()

    async def start(self) -> None:
        if self.mode == "start":
            raise KafkaConnectionError("no broker")

    async def stop(self) -> None:
        self.stopped.set()

    def __aiter__(self) -> FakeConsumer:
        self.position = FakeConsumer.committed_offset
        self.yielded = 0
        return self

    async def __anext__(self) -> _Record:
        if self.stopped.is_set():
            raise RuntimeError("consumer stopped")
        if self.mode == "iter" and self.yielded == 1:
            raise KafkaConnectionError("connection to the coordinator lost")
        while self.position >= len(FakeConsumer.log):
            await asyncio.sleep(0.01)
            if self.stopped.is_set():
                raise RuntimeError("consumer stopped")
        record = _Record(self.position)
        self.position += 1
        self.yielded += 1
        return record

    async def commit(self, offsets: dict[Any, int]) -> None:
        if self.mode == "commit":
            raise CommitFailedError("group rebalanced")
        FakeConsumer.committed_offset = max(offsets.values())

    def partitions_for_topic(self, topic: str) -> set[int]:
        return {0}

    async def end_offsets(self, partitions: list[Any]) -> dict[Any, int]:
        return {tp: len(FakeConsumer.log) for tp in partitions}

    async def beginning_offsets(self, partitions: list[Any]) -> dict[Any, int]:
        return {tp: 0 for tp in partitions}

    async def committed(self, tp: Any) -> int:
        return FakeConsumer.committed_offset


class FakeProducer:
    def __init__(self, **_: Any) -> None:
        pass

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    async def send(self, topic: str, value: bytes, **_: Any) -> Any:
        FakeConsumer.log.append(value)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


@pytest.fixture
def fake_kafka(monkeypatch):
    FakeConsumer.log, FakeConsumer.committed_offset, FakeConsumer.created = [], 0, 0
    FakeConsumer.script = []
    monkeypatch.setattr(kafka_module, "AIOKafkaProducer", FakeProducer)
    bus = KafkaBus("unused:9092", client_id="t", max_backoff=0.05, watch_interval=0.05)

    async def no_topics() -> None:
        return None

    monkeypatch.setattr(bus, "ensure_topics", no_topics)
    monkeypatch.setattr(bus, "_new_consumer", lambda sub: FakeConsumer())
    return bus


async def test_kafka_loop_rejoins_after_iteration_commit_and_start_failures(fake_kafka):
    bus: KafkaBus = fake_kafka
    seen: list[bytes] = []

    async def handler(topic: str, raw: bytes) -> None:
        seen.append(raw)

    # first consumer: iteration fails after one message; then its successor cannot even
    # start (broker away); the next one's offset commit fails; the fourth works.
    FakeConsumer.script = ["iter", "start", "commit", "ok"]
    bus.subscribe("g", ["aftersales.mini"], handler)
    await bus.start()
    try:
        for n in range(6):
            await bus.publish([OutgoingMessage("aftersales.mini", "k", f"m{n}".encode())])

        async def all_committed() -> bool:
            return FakeConsumer.committed_offset == 6

        await wait_for(all_committed)
        (status,) = bus.consumer_status()
        assert status.restarts == 3 and FakeConsumer.created == 4
        assert "group rebalanced" in (status.last_error or "")
        assert status.alive and status.processed == 6
        assert sorted(set(seen)) == [f"m{n}".encode() for n in range(6)]  # at least once

        async def caught_up() -> bool:
            return status.lag == 0

        await wait_for(caught_up)
        assert status.healthy
    finally:
        await bus.stop()  # cancels cleanly, no exception
    assert not bus.consumer_status()[0].alive


async def test_kafka_watchdog_restarts_a_consumer_that_has_lag_but_no_progress(fake_kafka):
    bus: KafkaBus = fake_kafka
    bus.stall_seconds = 0.3

    class Silent(FakeConsumer):
        async def __anext__(self) -> _Record:  # joined, but never fetches anything
            await self.stopped.wait()
            raise RuntimeError("consumer stopped")

    made: list[FakeConsumer] = []

    def new_consumer(sub: Any) -> FakeConsumer:
        made.append(Silent() if not made else FakeConsumer())
        return made[-1]

    bus._new_consumer = new_consumer  # type: ignore[method-assign]
    seen: list[bytes] = []

    async def handler(topic: str, raw: bytes) -> None:
        seen.append(raw)

    bus.subscribe("g", ["aftersales.mini"], handler)
    await bus.start()
    try:
        await bus.publish([OutgoingMessage("aftersales.mini", "k", b"m0")])

        async def delivered() -> bool:
            return seen == [b"m0"] and FakeConsumer.committed_offset == 1

        await wait_for(delivered)
        assert len(made) == 2 and bus.consumer_status()[0].restarts == 1
    finally:
        await bus.stop()


# --------------------------------------------------------------------------- infrastructure errors


class DatabaseAwayFor:
    """A reaction whose database is unreachable for `seconds`, then fine."""

    def __init__(self, svc: MiniService, seconds: float, error: Exception) -> None:
        self.svc, self.seconds, self.error = svc, seconds, error
        self.until: float | None = None
        self.calls = 0
        self.inner = svc._on_ping

    async def __call__(self, uow: Any, data: Any, event: Any) -> None:
        self.calls += 1
        now = asyncio.get_running_loop().time()
        if self.until is None:
            self.until = now + self.seconds
        if now < self.until:
            raise self.error
        await self.inner(uow, data, event)


@pytest.mark.parametrize("error", [
    OperationalError("INSERT INTO effect", {}, ConnectionRefusedError(111, "Connection refused")),
    ConnectionResetError(104, "Connection reset by peer"),
    TimeoutError("connect timed out"),
], ids=["sqlalchemy-operational", "connection-reset", "timeout"])
async def test_outage_longer_than_the_retry_budget_is_waited_out_not_dead_lettered(tmp_path, error):
    svc = MiniService(f"sqlite+aiosqlite:///{tmp_path}/mini.db", InProcessBus("sqlite://"))
    await svc.create()
    # the production defaults: 5 attempts from 0.1 s, i.e. ~1.5 s of retries before
    away = DatabaseAwayFor(svc, 2.5, error)
    consumer = EventConsumer(name="mini", uow_factory=svc.uow,
                             reactions=Reactions().on("test.ping", PingReader, away),
                             max_attempts=5, base_delay=0.1, max_pause=0.25)
    await svc.publish_pings(1)
    async with svc.db.session() as s:
        raw = (await s.execute(select(svc.tables.outbox.c.payload))).scalar_one().encode()
    try:
        await asyncio.wait_for(consumer.deliver("aftersales.mini", raw), 20)
        assert away.calls > 5  # more tries than the attempt budget, none of them spent
        assert await svc.effect_ns() == [0]
        assert await consumer.list_dead_letters() == []
        assert consumer.paused_since is None and consumer.infrastructure_retries >= 5
    finally:
        await svc.db.dispose()


async def test_deterministic_failures_still_spend_attempts_and_dead_letter(tmp_path):
    svc = MiniService(f"sqlite+aiosqlite:///{tmp_path}/mini.db", InProcessBus("sqlite://"))
    await svc.create()
    svc.fail_times = {0: 99}
    await svc.publish_pings(1)
    async with svc.db.session() as s:
        raw = (await s.execute(select(svc.tables.outbox.c.payload))).scalar_one().encode()
    try:
        await svc.consumer.deliver("aftersales.mini", raw)
        (letter,) = await svc.consumer.list_dead_letters()
        assert letter["attempts"] == 3 and "boom on 0" in letter["error"]
    finally:
        await svc.db.dispose()


def test_what_counts_as_infrastructure():
    def wrapped(inner: BaseException) -> BaseException:
        try:
            try:
                raise inner
            except BaseException as exc:
                raise OperationalError("SELECT 1", {}, exc) from exc
        except OperationalError as outer:
            return outer

    assert is_infrastructure_error(wrapped(ConnectionRefusedError()))
    assert is_infrastructure_error(OSError("network unreachable"))
    assert is_infrastructure_error(KafkaConnectionError("broker down"))
    assert is_infrastructure_error(TimeoutError())

    class CannotConnectNowError(Exception):  # asyncpg's, matched by name
        pass

    assert is_infrastructure_error(RuntimeError("x").with_traceback(None)) is False
    err = RuntimeError("wrapped")
    err.__cause__ = CannotConnectNowError("the database system is starting up")
    assert is_infrastructure_error(err)
    assert not is_infrastructure_error(ValueError("bad amount"))
    assert not is_infrastructure_error(KeyError("field"))
