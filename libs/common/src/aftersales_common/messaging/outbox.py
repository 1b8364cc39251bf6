"""Transactional outbox: events are rows written in the business transaction; a relay ships them."""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from aftersales_common.clock import utcnow
from aftersales_common.db import Database
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.tables import MessagingTables

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


def topic_of(service: str) -> str:
    """One topic per producing service (contract.md)."""
    return f"aftersales.{service}"


class UnitOfWork:
    """One transaction: business writes plus the outbox rows of the events they raise.

    Nothing is written unless `commit()` is called; leaving the block rolls back.
    After a commit that raised events the relay is woken at once.
    """

    def __init__(
        self,
        db: Database,
        tables: MessagingTables,
        service: str,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.tables = tables
        self.service = service
        self._on_commit = on_commit
        self._raised = 0
        self.session: AsyncSession

    async def __aenter__(self) -> UnitOfWork:
        self._exclusive = self.db.exclusive()
        await self._exclusive.__aenter__()
        try:
            self.session = self.db.session()
            await self.session.begin()
        except BaseException:
            await self._exclusive.__aexit__(None, None, None)
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            # Detach first so objects read in this unit stay readable after the rollback.
            self.session.expunge_all()
            if self.session.in_transaction():
                await self.session.rollback()
        finally:
            try:
                await self.session.close()
            finally:
                await self._exclusive.__aexit__(None, None, None)

    async def publish(self, event: CloudEvent, *, aggregate_type: str) -> None:
        """Record an event in the outbox, inside this transaction."""
        await self.session.execute(
            insert(self.tables.outbox).values(
                event_id=event.id,
                topic=topic_of(self.service),
                aggregate_type=aggregate_type,
                aggregate_id=event.subject,
                type=event.type,
                payload=event.to_json().decode(),
                created_at=utcnow(),
                attempts=0,
            )
        )
        self._raised += 1

    async def commit(self) -> None:
        """Commit business rows and outbox rows together, then wake the relay."""
        await self.session.commit()
        if self._raised and self._on_commit:
            self._on_commit()
        self._raised = 0


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
