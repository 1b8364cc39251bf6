"""Transactional outbox: events are rows written in the business transaction; a relay ships them."""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import func, select, text, update

from aftersales_common.clock import utcnow
from aftersales_common.db import Database
from aftersales_common.messaging.tables import MessagingTables
from aftersales_common.messaging.unit_of_work import UnitOfWork, topic_of

__all__ = ["OutboxRelay", "OutgoingMessage", "Publisher", "UnitOfWork", "topic_of"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingMessage:
    """What a transport sends: topic, key (aggregate id) and the serialised envelope."""

    topic: str
    key: str
    value: bytes


class Publisher(Protocol):
    """The side of a transport the relay needs."""

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None: ...


class OutboxRelay:
    """Publishes unsent outbox rows in commit order, marks them sent, retries with backoff.

    Order per aggregate holds because rows go out in `seq` order and a failed batch is
    retried whole before anything later. On PostgreSQL an advisory lock keeps one relay
    per service active when several replicas run.
    """

    def __init__(
        self,
        db: Database,
        tables: MessagingTables,
        publisher: Publisher,
        *,
        service: str,
        batch_size: int = 200,
        poll_interval: float = 2.0,
        max_backoff: float = 30.0,
    ) -> None:
        self.db = db
        self.table = tables.outbox
        self.publisher = publisher
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.max_backoff = max_backoff
        self._lock_key = zlib.crc32(f"outbox:{service}".encode())
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def notify(self) -> None:
        """Called after a commit that raised events."""
        self._wake.set()

    def start(self) -> None:
        """Run the relay loop in the background."""
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        """Stop the loop; unsent rows stay for the next start."""
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        backoff = 0.1
        while True:
            try:
                while await self.drain_once():
                    pass
                backoff = 0.1
                # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation
                # that races with the wake-up, and stop() would then wait forever.
                try:
                    async with asyncio.timeout(self.poll_interval):
                        await self._wake.wait()
                except TimeoutError:
                    pass
                self._wake.clear()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; retrying in %.1fs", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff)

    async def drain_once(self) -> int:
        """Publish one batch of unsent rows; returns how many were sent."""
        failure: tuple[list[Any], Exception] | None = None
        async with self.db.exclusive(), self.db.session() as session, session.begin():
            if not self.db.is_sqlite:
                got = await session.scalar(
                    text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": self._lock_key}
                )
                if not got:
                    return 0
            rows = (
                await session.execute(
                    select(self.table.c.seq, self.table.c.topic, self.table.c.aggregate_id,
                           self.table.c.payload)
                    .where(self.table.c.sent_at.is_(None))
                    .order_by(self.table.c.seq)
                    .limit(self.batch_size)
                )
            ).all()
            if not rows:
                return 0
            messages = [OutgoingMessage(r.topic, r.aggregate_id, r.payload.encode()) for r in rows]
            seqs = [r.seq for r in rows]
            try:
                await self.publisher.publish(messages)
            except Exception as exc:
                failure = (seqs, exc)
            else:
                await session.execute(
                    update(self.table).where(self.table.c.seq.in_(seqs)).values(sent_at=utcnow())
                )
        if failure:
            await self._record_failure(*failure)
            raise failure[1]
        return len(rows)

    async def _record_failure(self, seqs: list[Any], exc: Exception) -> None:
        async with self.db.exclusive(), self.db.session() as session, session.begin():
            await session.execute(
                update(self.table)
                .where(self.table.c.seq.in_(seqs))
                .values(attempts=self.table.c.attempts + 1, last_error=repr(exc)[:2000])
            )

    async def pending(self) -> int:
        """How many rows wait to be sent (for readiness and tests)."""
        async with self.db.exclusive(), self.db.session() as session:
            return int(
                await session.scalar(
                    select(func.count()).select_from(self.table).where(self.table.c.sent_at.is_(None))
                )
                or 0
            )
