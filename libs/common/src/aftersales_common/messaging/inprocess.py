"""In-process bus for the embedded mode: a durable log in a SQLite file.

Same semantics as Kafka for our purposes: at least once (a group's offset is saved
only after its handler returned), one total order per log and so per key,
redelivery after a crash or restart, independent groups.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from sqlalchemy import Column, Integer, LargeBinary, MetaData, String, Table, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from aftersales_common.db import Database
from aftersales_common.messaging.outbox import OutgoingMessage
from aftersales_common.messaging.transport import MessageHandler

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


class InProcessBus:
    """A durable single-process log with consumer groups."""

    def __init__(self, url: str, *, fetch_size: int = 100, max_backoff: float = 5.0) -> None:
        self.db = Database(url)
        self.fetch_size = fetch_size
        self.max_backoff = max_backoff
        self._subscriptions: list[tuple[str, tuple[str, ...], MessageHandler]] = []
        self._wakers: list[asyncio.Event] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._running = False

    async def start(self) -> None:
        """Create the log tables and start every subscribed group."""
        async with self.db.engine.begin() as conn:
            await conn.run_sync(_metadata.create_all)
        self._running = True
        for sub in self._subscriptions:
            self._spawn(*sub)

    async def stop(self) -> None:
        """Stop consuming; the log and offsets stay on disk."""
        self._running = False
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        await self.db.dispose()

    async def ping(self) -> bool:
        """True when the log is reachable."""
        return self._running and await self.db.ping()

    def subscribe(self, group: str, topics: Sequence[str], handler: MessageHandler) -> None:
        """Register a group; it starts at the beginning of the log the first time."""
        sub = (group, tuple(topics), handler)
        self._subscriptions.append(sub)
        if self._running:
            self._spawn(*sub)

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        """Append messages in order, durably, then wake the consumers."""
        if not messages:
            return
        async with self.db.exclusive(), self.db.session() as session, session.begin():
            await session.execute(
                insert(bus_log),
                [{"topic": m.topic, "key": m.key, "value": m.value} for m in messages],
            )
        for waker in self._wakers:
            waker.set()

    def _spawn(self, group: str, topics: tuple[str, ...], handler: MessageHandler) -> None:
        waker = asyncio.Event()
        self._wakers.append(waker)
        self._tasks.append(
            asyncio.create_task(self._consume(group, topics, handler, waker), name=f"bus:{group}")
        )

    async def _consume(
        self, group: str, topics: tuple[str, ...], handler: MessageHandler, waker: asyncio.Event
    ) -> None:
        offset = await self._load_offset(group)
        backoff = 0.05
        while True:
            waker.clear()
            async with self.db.exclusive(), self.db.session() as session:
                rows = (
                    await session.execute(
                        select(bus_log.c.seq, bus_log.c.topic, bus_log.c.value)
                        .where(bus_log.c.seq > offset, bus_log.c.topic.in_(topics))
                        .order_by(bus_log.c.seq)
                        .limit(self.fetch_size)
                    )
                ).all()
            if not rows:
                try:
                    async with asyncio.timeout(1.0):  # not wait_for: see OutboxRelay._run
                        await waker.wait()
                except TimeoutError:
                    pass
                continue
            done = offset
            try:
                for row in rows:
                    try:
                        await handler(row.topic, row.value)
                    except asyncio.CancelledError:
                        raise
                    except Exception:
                        # The handler could not commit (e.g. its database is down): redeliver.
                        log.exception("bus group %s: delivery failed, will redeliver", group)
                        await asyncio.sleep(backoff)
                        backoff = min(backoff * 2, self.max_backoff)
                        break
                    backoff = 0.05
                    done = row.seq
            finally:
                # Like a Kafka consumer committing after a poll: once per batch, and only up
                # to what was handled; a crash before this re-delivers (the inbox dedupes).
                if done != offset:
                    offset = done
                    await asyncio.shield(self._save_offset(group, offset))

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
