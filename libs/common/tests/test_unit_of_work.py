"""The v2 unit of work: commit on clean exit, aggregates saved and their events mapped to the
outbox in the same transaction, read sessions that never wait for the writer, versioned readers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest
from pydantic import BaseModel
from sqlalchemy import func, insert, select

from aftersales_common.domain import Aggregate, DomainEvent
from aftersales_common.messaging.envelope import CloudEvent, EventData, make_event
from aftersales_common.messaging.inbox import PoisonEvent, Reactions
from aftersales_common.messaging.unit_of_work import Outbound, UnitOfWork
from harness import MiniService


@dataclass(frozen=True, kw_only=True)
class Counted(DomainEvent):
    counter_id: str
    value: int


class CounterCounted(EventData):
    event_type = "counter.counted"
    counter_id: str
    value: int


@dataclass(eq=False)
class Counter(Aggregate):
    id: str
    value: int = 0

    def count(self) -> None:
        self.value += 1
        self.record(Counted(counter_id=self.id, value=self.value))


def publish(event: DomainEvent) -> Outbound:
    assert isinstance(event, Counted)
    return Outbound(CounterCounted(counter_id=event.counter_id, value=event.value),
                    subject=event.counter_id, dealer_id="d1", aggregate_type="counter")


@pytest.fixture
async def svc(tmp_path):
    from aftersales_common.messaging.inprocess import InProcessBus

    bus = InProcessBus(f"sqlite+aiosqlite:///{tmp_path}/bus.db")
    s = MiniService(f"sqlite+aiosqlite:///{tmp_path}/mini.db", bus)
    await s.create()
    yield s
    await s.db.dispose()
    await bus.stop()


def uow_of(svc: MiniService) -> UnitOfWork:
    return UnitOfWork(svc.db, svc.tables, svc.name, mapper=publish)


async def outbox_types(svc: MiniService) -> list[str]:
    async with svc.db.session() as s:
        return list((await s.execute(select(svc.tables.outbox.c.type))).scalars())


async def test_clean_exit_saves_the_aggregate_and_writes_its_events(svc) -> None:
    saved: list[int] = []
    counter = Counter(id="c1")

    async def save(c: Counter) -> None:
        saved.append(c.value)
        await uow.session.execute(insert(svc.effects).values(event_id=c.id, n=c.value))

    async with uow_of(svc) as uow:
        counter.count()
        counter.count()
        uow.track(counter, save)
    assert saved == [2]
    assert await outbox_types(svc) == ["counter.counted", "counter.counted"]
    assert await svc.effect_count() == 1


async def test_an_exception_leaves_neither_state_nor_events(svc) -> None:
    async def save(c: Counter) -> None:
        await uow.session.execute(insert(svc.effects).values(event_id=c.id, n=c.value))

    with pytest.raises(RuntimeError):
        async with uow_of(svc) as uow:
            counter = Counter(id="c1")
            counter.count()
            uow.track(counter, save)
            raise RuntimeError("refused later in the handler")
    assert await outbox_types(svc) == [] and await svc.effect_count() == 0


async def test_a_unit_of_work_has_no_commit_for_handlers_to_call() -> None:
    # Whoever opens the unit of work commits it (on a clean exit); handlers cannot.
    assert not hasattr(UnitOfWork, "commit")
    assert not hasattr(UnitOfWork, "publish")


async def test_reads_do_not_wait_for_an_open_write_transaction(svc) -> None:
    async with uow_of(svc) as uow:
        await uow.session.execute(insert(svc.effects).values(event_id="w", n=1))
        # The writer holds SQLite's write lock and the process's writer queue; a read
        # must still answer at once, from the last committed state.
        async with asyncio.timeout(2):
            async with svc.reader() as session:
                count = await session.scalar(select(func.count()).select_from(svc.effects))
        assert count == 0
    assert await svc.effect_count() == 1


async def test_a_read_session_refuses_writes(svc) -> None:
    with pytest.raises(Exception, match=r"readonly|read-only|query_only|attempt to write"):
        async with svc.reader() as session:
            await session.execute(insert(svc.effects).values(event_id="x", n=1))


class Reader(BaseModel):
    n: int


def _event(schema_version: int, data: dict[str, object]) -> CloudEvent:
    class Ping(EventData):
        event_type = "test.ping"
        version = schema_version
        n: int = 0

    event = make_event(Ping(), service="mini", subject="a", dealer_id="d")
    return event.model_copy(update={"data": data})


def test_a_reaction_reads_its_major_version_only() -> None:
    async def handler(uow: object, data: Reader, event: CloudEvent) -> None:
        return None

    reaction = Reactions().on("test.ping", Reader, handler).get("test.ping")
    assert reaction is not None
    assert reaction.read(_event(1, {"n": 3, "extra": "ignored"})).n == 3
    with pytest.raises(PoisonEvent, match="v2"):
        reaction.read(_event(2, {"n": 3}))
    with pytest.raises(PoisonEvent, match="reader"):
        reaction.read(_event(1, {"m": 3}))


async def test_an_unknown_major_version_is_dead_lettered_at_once(svc) -> None:
    raw = _event(2, {"n": 1}).to_json()
    await svc.consumer.deliver("aftersales.mini", raw)
    letters = await svc.consumer.list_dead_letters()
    assert len(letters) == 1 and letters[0]["attempts"] == 1 and "v2" in letters[0]["error"]
    assert await svc.effect_count() == 0


async def test_a_commit_wakes_only_the_readers_of_what_it_touched(svc) -> None:
    from aftersales_common.web.live import Notifier, NotifyingUnitOfWork

    notifier = Notifier()
    on_c1 = notifier.subscribe(["c1"])  # a long poll on one counter
    on_counters = notifier.subscribe(["Counter"])  # a list of counters
    on_c2 = notifier.subscribe(["c2"])
    on_all = notifier.subscribe()  # a live stream: every commit

    async def save(c: Counter) -> None:
        await uow.session.execute(insert(svc.effects).values(event_id=c.id, n=c.value))

    async with NotifyingUnitOfWork(uow_of(svc), notifier) as uow:
        counter = Counter(id="c1")
        counter.count()
        uow.track(counter, save)
    assert uow.touched >= {"c1", "Counter"}
    assert await on_c1.wait(0.1) and await on_counters.wait(0.1) and await on_all.wait(0.1)
    assert not await on_c2.wait(0.1)  # c2 was not touched: its reader sleeps on

    with pytest.raises(RuntimeError):  # a rollback wakes nobody
        async with NotifyingUnitOfWork(uow_of(svc), notifier) as uow:
            uow.track(Counter(id="c2"), save)
            raise RuntimeError("refused")
    assert not await on_c2.wait(0.1) and not await on_all.wait(0.1)
