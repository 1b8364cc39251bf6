"""In-process bus for the embedded mode: a durable log in a SQLite file.

Same semantics as Kafka for our purposes: at least once (a group's offset is saved
only after its handler returned), one total order per log and so per key,
redelivery after a crash or restart, independent groups.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    func,
    insert,
    select,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from aftersales_common.clock import utcnow
from aftersales_common.db import Database
from aftersales_common.messaging.outbox import OutgoingMessage
from aftersales_common.messaging.transport import ConsumerStatus, MessageHandler

log = logging.getLogger(__name__)

_metadata = MetaData()
bus_log = Table(
    "bus_log",
    _metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("topic", String(120), nullable=False, index=True),
    Column("key", String(64), nullable=False),
    Column("value", LargeBinary, nullable=False),
)
bus_offset = Table(
    "bus_offset",
    _metadata,
    Column("group_id", String(120), primary_key=True),
    Column("seq", Integer, nullable=False),
)


class _Group:
    def __init__(self, group: str, topics: tuple[str, ...], handler: MessageHandler,
                 stall_seconds: float) -> None:
        self.group = group
        self.topics = topics
        self.handler = handler
        self.status = ConsumerStatus(group, topics, stall_seconds=stall_seconds)
        self.waker = asyncio.Event()
        self.offset = 0


class InProcessBus:
    """A durable single-process log with consumer groups.

    Each group's consume loop is supervised: any failure (reading the log, saving the
    offset, the handler's own machinery) is logged and the loop starts again from the
    saved offset, with backoff. A watchdog measures each group's lag (log head vs the
    group's offset) for readiness.
    """

    def __init__(self, url: str, *, fetch_size: int = 100, max_backoff: float = 5.0,
                 stall_seconds: float = 60.0, watch_interval: float = 1.0) -> None:
        self.db = Database(url)
        self.fetch_size = fetch_size
        self.max_backoff = max_backoff
        self.stall_seconds = stall_seconds
        self.watch_interval = watch_interval
        self._groups: list[_Group] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._running = False

    @property
    def _subscriptions(self) -> list[_Group]:
        return self._groups

    async def start(self) -> None:
        """Create the log tables and start every subscribed group."""
        async with self.db.engine.begin() as conn:
            await conn.run_sync(_metadata.create_all)
        self._running = True
        for group in self._groups:
            self._spawn(group)
        self._tasks.append(asyncio.create_task(self._watch(), name="bus:watchdog"))

    async def stop(self) -> None:
        """Stop consuming; the log and offsets stay on disk."""
        self._running = False
        for task in self._tasks:
            task.cancel()
        results = await asyncio.gather(*self._tasks, return_exceptions=True)
        for task, result in zip(self._tasks, results, strict=True):
            if isinstance(result, Exception):
                log.error("bus task %s ended with %r", task.get_name(), result)
        self._tasks.clear()
        for group in self._groups:
            group.status.alive = False
        await self.db.dispose()

    async def ping(self) -> bool:
        """True when the log is reachable."""
        return self._running and await self.db.ping()

    def consumer_status(self) -> list[ConsumerStatus]:
        """The status of every subscribed group's consume loop."""
        return [g.status for g in self._groups]

    def subscribe(self, group: str, topics: Sequence[str], handler: MessageHandler) -> None:
        """Register a group; it starts at the beginning of the log the first time."""
        sub = _Group(group, tuple(topics), handler, self.stall_seconds)
        self._groups.append(sub)
        if self._running:
            self._spawn(sub)

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        """Append messages in order, durably, then wake the consumers."""
        if not messages:
            return
        async with self.db.exclusive(), self.db.session() as session, session.begin():
            await session.execute(
                insert(bus_log),
                [{"topic": m.topic, "key": m.key, "value": m.value} for m in messages],
            )
        for group in self._groups:
            group.waker.set()

    def _spawn(self, group: _Group) -> None:
        self._tasks.append(asyncio.create_task(self._supervise(group), name=f"bus:{group.group}"))

    async def _supervise(self, group: _Group) -> None:
        """Run the group's loop forever: a failure is logged and the loop starts again."""
        backoff = 0.05
        while True:
            processed = group.status.processed
            try:
                group.offset = await self._load_offset(group.group)
                group.status.alive = True
                group.status.started_at = utcnow()
                await self._consume(group)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                group.status.failed(exc)
                if group.status.processed != processed:
                    backoff = 0.05
                log.exception("bus group %s failed (restart %d in %.2fs)",
                              group.group, group.status.restarts, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff)

    async def _fetch(self, offset: int, topics: tuple[str, ...]) -> Sequence[Any]:
        async with self.db.exclusive(), self.db.session() as session:
            return (
                await session.execute(
                    select(bus_log.c.seq, bus_log.c.topic, bus_log.c.value)
                    .where(bus_log.c.seq > offset, bus_log.c.topic.in_(topics))
                    .order_by(bus_log.c.seq)
                    .limit(self.fetch_size)
                )
            ).all()

    async def _consume(self, group: _Group) -> None:
        backoff = 0.05
        status = group.status
        while True:
            group.waker.clear()
            rows = await self._fetch(group.offset, group.topics)
            if not rows:
                status.lag = 0
                status.progressed()
                try:
                    async with asyncio.timeout(1.0):  # not wait_for: see OutboxRelay._run
                        await group.waker.wait()
                except TimeoutError:
                    pass
                continue
            done = group.offset
            try:
                for row in rows:
                    status.busy = True
                    try:
                        await group.handler(row.topic, row.value)
                    except asyncio.CancelledError:
                        raise
                    except Exception:
                        # The handler could not commit (e.g. its database is down): redeliver.
                        log.exception("bus group %s: delivery failed, will redeliver", group.group)
                        await asyncio.sleep(backoff)
                        backoff = min(backoff * 2, self.max_backoff)
                        break
                    finally:
                        status.busy = False
                    backoff = 0.05
                    done = row.seq
                    status.delivered()
            finally:
                # Like a Kafka consumer committing after a poll: once per batch, and only up
                # to what was handled; a crash before this re-delivers (the inbox dedupes).
                if done != group.offset:
                    await asyncio.shield(self._save_offset(group.group, done))
                    group.offset = done

    async def _watch(self) -> None:
        """Measure each group's lag: log entries of its topics after its offset."""
        while True:
            await asyncio.sleep(self.watch_interval)
            for group in self._groups:
                try:
                    group.status.lag = await self._lag(group)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    group.status.lag = None
                    log.debug("bus lag of %s unknown: %r", group.group, exc)
                if group.status.lag == 0:
                    group.status.progressed()

    async def _lag(self, group: _Group) -> int:
        async with self.db.exclusive(), self.db.session() as session:
            return int(await session.scalar(
                select(func.count()).select_from(bus_log).where(
                    bus_log.c.seq > group.offset, bus_log.c.topic.in_(group.topics))) or 0)

    async def _load_offset(self, group: str) -> int:
        async with self.db.exclusive(), self.db.session() as session:
            value = await session.scalar(
                select(bus_offset.c.seq).where(bus_offset.c.group_id == group)
            )
        return int(value or 0)

    async def _save_offset(self, group: str, seq: int) -> None:
        stmt = sqlite_insert(bus_offset).values(group_id=group, seq=seq)
        stmt = stmt.on_conflict_do_update(index_elements=["group_id"], set_={"seq": seq})
        async with self.db.exclusive(), self.db.session() as session, session.begin():
            await session.execute(stmt)
