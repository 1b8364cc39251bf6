"""Transactional outbox: events are rows written in the business transaction; a relay ships them."""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import bindparam, func, or_, select, text, update
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection

from aftersales_common.clock import utcnow
from aftersales_common.db import Database
from aftersales_common.messaging.backoff import Backoff
from aftersales_common.messaging.tables import MessagingTables
from aftersales_common.messaging.unit_of_work import UnitOfWork, topic_of

__all__ = ["OutboxRelay", "OutgoingMessage", "Publisher", "Relay", "UnitOfWork",
           "contiguous_runs", "topic_of"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingMessage:
    """What a transport sends: topic, key (aggregate id) and the serialised envelope."""

    topic: str
    key: str
    value: bytes


def _messages(rows: Sequence[Any]) -> list[OutgoingMessage]:
    """Rows of (seq, topic, aggregate_id, payload) as messages keyed by aggregate id."""
    return [OutgoingMessage(r[1], r[2], r[3].encode()) for r in rows]


class Relay(Protocol):
    """What a service runtime needs of whatever ships its outbox: an `OutboxRelay`, or, in
    the embedded mode, the in-process bus reading the outbox in place (`OutboxLog`)."""

    def notify(self) -> None: ...

    def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def pending(self) -> int: ...


class Publisher(Protocol):
    """The side of a transport the relay needs."""

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None: ...


def contiguous_runs(seqs: Sequence[int]) -> list[tuple[int, int]]:
    """Split ascending seqs into runs of consecutive integers: [1,2,3,5,6] -> [(1,3),(5,6)].

    A range per run covers exactly the seqs given: every integer in `first..last` of a run
    is one of them, so marking `seq BETWEEN first AND last` can never touch a row that was
    not read (a lower seq committed late, after a higher one was already visible).
    """
    runs: list[tuple[int, int]] = []
    for seq in seqs:
        if runs and seq == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], seq)
        else:
            runs.append((seq, seq))
    return runs


class OutboxRelay:
    """Publishes unsent outbox rows in commit order, marks them sent, retries with backoff.

    Each batch: read up to `batch_size` unsent rows in a short read, publish them with no
    transaction open, then mark them sent by ranges of consecutive seqs (one UPDATE, one
    commit). Order per aggregate holds because rows go out in `seq` order and a failed
    batch is retried whole before anything later; a failure is recorded on its rows
    (attempts, last_error). On PostgreSQL the active relay holds a session-level advisory
    lock on a connection of its own for as long as it runs: other replicas stay standby,
    and the lock goes with the connection if the relay dies or loses it.
    """

    def __init__(
        self,
        db: Database,
        tables: MessagingTables,
        publisher: Publisher,
        *,
        service: str,
        batch_size: int = 1000,
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
        self._lock_conn: AsyncConnection | None = None
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._unsent: str | None = None

    def notify(self) -> None:
        """Called after a commit that raised events."""
        self._wake.set()

    def start(self) -> None:
        """Run the relay loop in the background."""
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        """Stop the loop; unsent rows stay for the next start. Releases the relay lock."""
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        await self._release()

    async def _run(self) -> None:
        backoff = Backoff(0.1, self.max_backoff)
        while True:
            try:
                await self.drain()
                backoff.reset()
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
                log.exception("outbox relay failed; retrying in %.1fs", backoff.current)
                await backoff.pause()

    async def _acquire(self) -> bool:
        """PostgreSQL: hold the relay lock (session level, own connection); SQLite: always."""
        if self.db.is_sqlite:
            return True
        if self._lock_conn is not None:
            try:
                await self._lock_conn.exec_driver_sql("SELECT 1")
                return True  # the session lives, so does its lock
            except Exception:
                log.warning("outbox relay lost its lock connection; taking the lock again")
                await self._release()
        conn = await self.db.engine.connect()
        try:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            got = await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._lock_key})
        except BaseException:
            await conn.close()
            raise
        if not got:
            await conn.close()  # another replica relays: stay standby
            return False
        self._lock_conn = conn
        return True

    async def _release(self) -> None:
        conn, self._lock_conn = self._lock_conn, None
        if conn is None:
            return
        try:
            await conn.scalar(text("SELECT pg_advisory_unlock(:k)"), {"k": self._lock_key})
        except Exception as exc:  # a dead connection released it already
            log.debug("outbox relay lock released with its connection: %r", exc)
        finally:
            try:
                await conn.close()
            except Exception:
                await conn.invalidate()

    async def drain(self) -> int:
        """Publish every unsent row, batch after batch, in seq order; returns how many.

        What the running relay does on each wake-up (`drain_once` is one batch alone).

        The database work overlaps the broker's: while batch N is being acknowledged the
        next one is read (seq after N's last), and N is marked sent while N+1 is being
        published. Batch N+1 is published only once N was acknowledged, so a failed
        publish stops the drain before anything later goes out; the next drain starts
        again from the first unsent row. A short batch ends the drain: a row committed
        meanwhile wakes the relay again through `notify`.
        """
        if not await self._acquire():
            return 0
        rows = await self._read()
        sent = 0
        ahead: asyncio.Task[list[Any]] | None = None
        marking: asyncio.Task[None] | None = None
        try:
            while rows:
                seqs = [int(r[0]) for r in rows]
                if len(rows) >= self.batch_size:
                    ahead = asyncio.create_task(self._read(after=seqs[-1]))
                try:
                    await self.publisher.publish(_messages(rows))
                except Exception as exc:
                    await self._record_failure(seqs, exc)
                    raise
                if marking is not None:
                    await marking
                marking = asyncio.create_task(self._mark_sent(seqs))
                sent += len(seqs)
                rows = await ahead if ahead is not None else []
                ahead = None
            if marking is not None:
                await marking
            return sent
        except asyncio.CancelledError:
            for task in (ahead, marking):
                if task is not None:
                    task.cancel()  # unmarked rows are sent again: at least once
            raise
        except Exception:
            if ahead is not None:
                ahead.cancel()
            if marking is not None:  # what was acknowledged is still marked
                await asyncio.gather(marking, return_exceptions=True)
            raise

    async def _read(self, after: int | None = None) -> list[Any]:
        """Up to `batch_size` unsent rows in seq order (after seq `after`), in a read of
        its own (on SQLite a WAL snapshot that takes no writer lock)."""
        t = self.table
        async with self.db.read_session() as session, session.begin():
            if not self.db.is_sqlite:
                # The driver's own rows: a thousand rows through SQLAlchemy's result machinery
                # cost the relay more than publishing them.
                raw = (await (await session.connection()).get_raw_connection()).driver_connection
                return list(await raw.fetch(  # type: ignore[union-attr]
                    self._unsent_sql(), after if after is not None else -1, self.batch_size))
            query = select(t.c.seq, t.c.topic, t.c.aggregate_id, t.c.payload).where(
                t.c.sent_at.is_(None))
            if after is not None:
                query = query.where(t.c.seq > after)
            return list((await session.execute(
                query.order_by(t.c.seq).limit(self.batch_size))).all())

    def _unsent_sql(self) -> str:
        """The unsent-rows read in PostgreSQL's own SQL ($1: after seq, $2: how many)."""
        if self._unsent is None:
            t = self.table
            query = (select(t.c.seq, t.c.topic, t.c.aggregate_id, t.c.payload)
                     .where(t.c.sent_at.is_(None), t.c.seq > bindparam("after"))
                     .order_by(t.c.seq).limit(bindparam("n")))
            self._unsent = str(query.compile(dialect=PGDialect_asyncpg()))
        return self._unsent

    async def drain_once(self) -> int:
        """Publish one batch of unsent rows; returns how many were sent."""
        if not await self._acquire():
            return 0
        rows = await self._read()
        if not rows:
            return 0
        seqs = [int(r[0]) for r in rows]
        try:
            await self.publisher.publish(_messages(rows))
        except Exception as exc:
            await self._record_failure(seqs, exc)
            raise
        await self._mark_sent(seqs)
        return len(rows)

    async def _mark_sent(self, seqs: list[int]) -> None:
        t = self.table
        runs = contiguous_runs(seqs)
        which = (
            t.c.seq.in_(seqs) if len(runs) > 32
            else or_(*(t.c.seq.between(a, b) if a != b else t.c.seq == a for a, b in runs))
        )
        async with self.db.exclusive(), self.db.session() as session, session.begin():
            await session.execute(
                update(t).where(which, t.c.sent_at.is_(None)).values(sent_at=utcnow()))

    async def _record_failure(self, seqs: list[Any], exc: Exception) -> None:
        async with self.db.exclusive(), self.db.session() as session, session.begin():
            await session.execute(
                update(self.table)
                .where(self.table.c.seq.in_(seqs))
                .values(attempts=self.table.c.attempts + 1, last_error=repr(exc)[:2000])
            )

    async def pending(self) -> int:
        """How many rows wait to be sent (for readiness and tests)."""
        async with self.db.read_session() as session, session.begin():
            return int(
                await session.scalar(
                    select(func.count()).select_from(self.table).where(self.table.c.sent_at.is_(None))
                )
                or 0
            )
