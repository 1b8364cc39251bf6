"""In-process bus for the embedded mode: durable logs in SQLite files.

Same semantics as Kafka for our purposes: at least once (a group's offset is saved
only after its handler returned), one total order per log and so per key,
redelivery after a crash or restart, independent groups.

Two kinds of log:

- A topic whose producer runs in this process reads the producer's own outbox table
  as its log (`attach_outbox`, used by the embedded app): the outbox row committed with
  the business change *is* the published event, so nothing is copied and no relay runs.
  SQLite serialises writers (`BEGIN IMMEDIATE`), and a row's `seq` is taken inside its
  writing transaction, so seqs become visible in increasing order: a reader that has
  seen seq N never sees a lower seq appear later, and an offset per (group, topic) is
  exact. Outbox rows must then never be deleted from the top (SQLite would hand the
  seq out again). The producer's commit wakes the groups reading its topic at once.
- `bus_log`, a table of this bus's own file, holds what is handed to `publish`: the
  events of services whose outbox is not attached (an `OutboxRelay` publishes them when
  a service runs alone with `BUS=inprocess`), or an event injected by hand. Every group
  reads it for all its topics, besides the outbox logs.

Offsets live in this bus's file: `bus_offset` per group for `bus_log`, `bus_topic_offset`
per (group, topic) for outbox logs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
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
from sqlalchemy.ext.asyncio import AsyncSession

from aftersales_common.clock import utcnow
from aftersales_common.db import Database
from aftersales_common.messaging.backoff import Backoff
from aftersales_common.messaging.outbox import OutgoingMessage
from aftersales_common.messaging.transport import BatchHandler, ConsumerStatus, MessageHandler

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
bus_topic_offset = Table(
    "bus_topic_offset",
    _metadata,
    Column("group_id", String(120), primary_key=True),
    Column("topic", String(120), primary_key=True),
    Column("seq", Integer, nullable=False),
)

Row = tuple[int, str, bytes]
"""(seq, topic, raw envelope) of one log entry."""


class OutboxLog:
    """A producer's outbox table read in place as the log of its topic (embedded mode).

    Stands where the `OutboxRelay` stands in a service runtime: the unit of work's commit
    hook calls `notify`, which wakes the groups reading this topic; there is nothing to
    relay. `pending` counts the rows the slowest group reading the topic has not
    consumed yet (0 when nobody reads it).
    """

    def __init__(self, bus: InProcessBus, topic: str, db: Database, table: Table) -> None:
        self.bus = bus
        self.topic = topic
        self.db = db
        self.table = table
        self.started = asyncio.Event()

    def notify(self) -> None:
        """Called after a commit that wrote events: wake the groups reading this topic."""
        for cursor in self.bus._cursors_of(self.topic):
            cursor.waker.set()

    def start(self) -> None:
        """The producer's database is migrated: its readers may begin."""
        self.started.set()
        self.notify()

    async def stop(self) -> None:
        """Nothing runs on the producer's side."""

    async def drain_once(self) -> int:
        """Nothing to relay: the outbox is the log."""
        return 0

    async def read(self, after: int, limit: int) -> list[Row]:
        """Up to `limit` entries after seq `after`, in seq order (a WAL snapshot, no lock)."""
        t = self.table
        async with self.db.read_session() as session, session.begin():
            rows = (await session.execute(
                select(t.c.seq, t.c.topic, t.c.payload).where(t.c.seq > after)
                .order_by(t.c.seq).limit(limit))).all()
        return [(int(r.seq), r.topic, r.payload.encode()) for r in rows]

    async def count_after(self, after: int) -> int:
        """Entries after seq `after`."""
        t = self.table
        async with self.db.read_session() as session, session.begin():
            return int(await session.scalar(
                select(func.count()).select_from(t).where(t.c.seq > after)) or 0)

    async def pending(self) -> int:
        """Entries the slowest group reading this topic has not consumed yet."""
        cursors = self.bus._cursors_of(self.topic)
        if not cursors:
            return 0
        offsets = [c.offset if c.loaded else
                   await self.bus._load_topic_offset(c.group.group, self.topic) for c in cursors]
        return await self.count_after(min(offsets))


class _Cursor:
    """One group's position in one outbox log."""

    def __init__(self, group: _Group, source: OutboxLog) -> None:
        self.group = group
        self.source = source
        self.offset = 0
        self.loaded = False
        self.waker = asyncio.Event()


class _Group:
    def __init__(self, group: str, topics: tuple[str, ...], handler: MessageHandler,
                 stall_seconds: float, backoff: Backoff,
                 batch_handler: BatchHandler | None = None) -> None:
        self.group = group
        self.topics = topics
        self.handler = handler
        self.batch_handler = batch_handler
        self.status = ConsumerStatus(group, topics, stall_seconds=stall_seconds)
        self.waker = asyncio.Event()
        self.offset = 0
        self.cursors: list[_Cursor] = []
        self.backoff = backoff
        """Pauses between redeliveries after a handler failed."""


class InProcessBus:
    """Durable single-process logs with consumer groups.

    Each group's consume loops (one on `bus_log`, one per outbox log it reads) are
    supervised: any failure (reading the log, saving the offset, the handler's own
    machinery) is logged and the loop starts again from the saved offset, with backoff.
    A watchdog measures each group's lag (entries after the group's offsets) for
    readiness.
    """

    def __init__(self, url: str, *, fetch_size: int = 100, max_backoff: float = 5.0,
                 stall_seconds: float = 60.0, watch_interval: float = 1.0,
                 offset_interval: float = 0.2) -> None:
        self.db = Database(url)
        self.offset_interval = offset_interval
        self.fetch_size = fetch_size
        self.max_backoff = max_backoff
        self.stall_seconds = stall_seconds
        self.watch_interval = watch_interval
        self._groups: list[_Group] = []
        self._sources: dict[str, OutboxLog] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._running = False

    @contextlib.asynccontextmanager
    async def _reading(self) -> AsyncIterator[AsyncSession]:
        """A read of the bus's own file: a WAL snapshot that takes no writer lock (an
        in-memory database has one shared connection: there, the writers' queue)."""
        if self.db.url.endswith((":memory:", "://")):
            async with self.db.exclusive(), self.db.session() as session, session.begin():
                yield session
        else:
            async with self.db.read_session() as session, session.begin():
                yield session

    @property
    def _subscriptions(self) -> list[_Group]:
        return self._groups

    def attach_outbox(self, topic: str, db: Database, table: Table) -> OutboxLog:
        """Read `topic` from its producer's outbox table (before any group subscribes to it)."""
        if any(topic in g.topics for g in self._groups):
            raise RuntimeError(f"attach the outbox of {topic} before subscribing to it")
        source = OutboxLog(self, topic, db, table)
        self._sources[topic] = source
        return source

    def _cursors_of(self, topic: str) -> list[_Cursor]:
        return [c for g in self._groups for c in g.cursors if c.source.topic == topic]

    async def start(self) -> None:
        """Create the log tables and start every subscribed group."""
        async with self.db.engine.begin() as conn:
            await conn.run_sync(_metadata.create_all)
        self._running = True
        for group in self._groups:
            self._spawn(group)
        self._tasks.append(asyncio.create_task(self._watch(), name="bus:watchdog"))

    async def stop(self) -> None:
        """Stop consuming; the logs and offsets stay on disk."""
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

    def subscribe(self, group: str, topics: Sequence[str], handler: MessageHandler, *,
                  batch_handler: BatchHandler | None = None) -> None:
        """Register a group; it starts at the beginning of its logs the first time."""
        sub = _Group(group, tuple(topics), handler, self.stall_seconds,
                     Backoff(0.05, self.max_backoff), batch_handler)
        sub.cursors = [_Cursor(sub, self._sources[t]) for t in sub.topics if t in self._sources]
        self._groups.append(sub)
        if self._running:
            self._spawn(sub)

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        """Append messages to `bus_log` in order, durably, then wake the consumers."""
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
        for cursor in group.cursors:
            self._tasks.append(asyncio.create_task(
                self._supervise_cursor(cursor), name=f"bus:{group.group}:{cursor.source.topic}"))

    async def _supervised(self, group: _Group, what: str,
                          run: Callable[[], Awaitable[None]]) -> None:
        """Run a consume loop forever: a failure is logged and the loop starts again."""
        backoff = Backoff(0.05, self.max_backoff)
        while True:
            processed = group.status.processed
            try:
                await run()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                group.status.failed(exc)
                if group.status.processed != processed:
                    backoff.reset()  # it had worked: come back quickly
                log.exception("bus group %s failed (restart %d in %.2fs)",
                              what, group.status.restarts, backoff.current)
                await backoff.pause()

    async def _supervise(self, group: _Group) -> None:
        async def run() -> None:
            group.offset = await self._load_offset(group.group)
            self._alive(group)
            await self._consume(group)

        await self._supervised(group, group.group, run)

    async def _supervise_cursor(self, cursor: _Cursor) -> None:
        group = cursor.group

        async def run() -> None:
            cursor.offset = await self._load_topic_offset(group.group, cursor.source.topic)
            cursor.loaded = True
            self._alive(group)
            await cursor.source.started.wait()  # its producer has migrated its database
            await self._consume_cursor(cursor)

        await self._supervised(group, f"{group.group} on {cursor.source.topic}", run)

    @staticmethod
    def _alive(group: _Group) -> None:
        group.status.alive = True
        group.status.started_at = utcnow()

    async def _fetch(self, offset: int, topics: tuple[str, ...]) -> Sequence[Any]:
        async with self._reading() as session:
            return (
                await session.execute(
                    select(bus_log.c.seq, bus_log.c.topic, bus_log.c.value)
                    .where(bus_log.c.seq > offset, bus_log.c.topic.in_(topics))
                    .order_by(bus_log.c.seq)
                    .limit(self.fetch_size)
                )
            ).all()

    async def _consume(self, group: _Group) -> None:
        """The `bus_log` loop of a group."""
        status = group.status
        while True:
            group.waker.clear()
            rows = await self._fetch(group.offset, group.topics)
            if not rows:
                if not group.cursors:
                    status.lag = 0
                    status.progressed()
                await _wait(group.waker)
                continue
            done = await self._deliver(group, [(r.seq, r.topic, r.value) for r in rows])
            # Like a Kafka consumer committing after a poll: once per batch, and only up
            # to what was handled; a crash before this re-delivers (the inbox dedupes).
            if done is not None:
                await asyncio.shield(self._save_offset(group.group, done))
                group.offset = done

    async def _consume_cursor(self, cursor: _Cursor) -> None:
        """The loop of a group on one outbox log.

        The offset is saved at most every `offset_interval` seconds (and when the loop
        ends): a crash re-delivers at most that much, which the consumers' inboxes turn
        into no-ops, instead of one offset transaction per small batch.
        """
        group, topic = cursor.group, cursor.source.topic
        loop = asyncio.get_running_loop()
        saved, saved_at = cursor.offset, loop.time()
        try:
            while True:
                cursor.waker.clear()
                rows = await cursor.source.read(cursor.offset, self.fetch_size)
                done = await self._deliver(group, rows) if rows else None
                if done is not None:
                    cursor.offset = done
                if cursor.offset != saved and loop.time() - saved_at >= self.offset_interval:
                    await asyncio.shield(self._save_topic_offset(group.group, topic,
                                                                 cursor.offset))
                    saved, saved_at = cursor.offset, loop.time()
                if rows and (done != rows[-1][0] or len(rows) == self.fetch_size):
                    continue  # more to read, or a failed delivery to fetch again (paused)
                # Read to the end: what commits from now on sets the waker (cleared before
                # the read), so wait for it rather than read again at once.
                await _wait(cursor.waker, 1.0 if cursor.offset == saved else
                            max(0.0, self.offset_interval - (loop.time() - saved_at)))
        finally:
            if cursor.offset != saved:
                await asyncio.shield(self._save_topic_offset(group.group, topic, cursor.offset))

    async def _deliver(self, group: _Group, rows: list[Row]) -> int | None:
        """Hand entries to the group in order; the seq of the last one handled (None: none).

        A handler that raises could not commit (e.g. its database is down): the rest
        waits, and the loop fetches again from the last handled entry after a pause.
        """
        status = group.status
        if group.batch_handler is not None and len(rows) > 1:
            status.busy = True
            try:
                await group.batch_handler([(topic, value) for _seq, topic, value in rows])
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("bus group %s: batch delivery failed, will redeliver", group.group)
                await group.backoff.pause()
                return None
            finally:
                status.busy = False
            group.backoff.reset()
            status.delivered(len(rows))
            return rows[-1][0]
        done: int | None = None
        for seq, topic, value in rows:
            status.busy = True
            try:
                await group.handler(topic, value)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("bus group %s: delivery failed, will redeliver", group.group)
                await group.backoff.pause()
                break
            finally:
                status.busy = False
            group.backoff.reset()
            done = seq
            status.delivered()
        return done

    async def _watch(self) -> None:
        """Measure each group's lag: log entries of its topics after its offsets."""
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
        async with self._reading() as session:
            lag = int(await session.scalar(
                select(func.count()).select_from(bus_log).where(
                    bus_log.c.seq > group.offset, bus_log.c.topic.in_(group.topics))) or 0)
        for cursor in group.cursors:
            if cursor.source.started.is_set():
                lag += await cursor.source.count_after(cursor.offset)
        return lag

    async def _load_offset(self, group: str) -> int:
        async with self._reading() as session:
            value = await session.scalar(
                select(bus_offset.c.seq).where(bus_offset.c.group_id == group)
            )
        return int(value or 0)

    async def _save_offset(self, group: str, seq: int) -> None:
        stmt = sqlite_insert(bus_offset).values(group_id=group, seq=seq)
        stmt = stmt.on_conflict_do_update(index_elements=["group_id"], set_={"seq": seq})
        async with self.db.exclusive(), self.db.session() as session, session.begin():
            await session.execute(stmt)

    async def _load_topic_offset(self, group: str, topic: str) -> int:
        t = bus_topic_offset
        async with self._reading() as session:
            value = await session.scalar(
                select(t.c.seq).where(t.c.group_id == group, t.c.topic == topic))
        return int(value or 0)

    async def _save_topic_offset(self, group: str, topic: str, seq: int) -> None:
        stmt = sqlite_insert(bus_topic_offset).values(group_id=group, topic=topic, seq=seq)
        stmt = stmt.on_conflict_do_update(index_elements=["group_id", "topic"],
                                          set_={"seq": seq})
        async with self.db.exclusive(), self.db.session() as session, session.begin():
            await session.execute(stmt)


async def _wait(waker: asyncio.Event, seconds: float = 1.0) -> None:
    """Until woken, at most `seconds` (not wait_for: see OutboxRelay._run)."""
    try:
        async with asyncio.timeout(seconds):
            await waker.wait()
    except TimeoutError:
        pass
