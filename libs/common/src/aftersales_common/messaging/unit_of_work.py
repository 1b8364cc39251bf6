"""The unit of work: one transaction, committed by whoever opened it, with its outbox rows.

The rule (ADR 0006): the route opens the unit of work for a command, the consumer for
an event; it commits on a clean exit of the `async with` block and rolls back on an
exception. Handlers receive it and never commit: there is no `commit()` to call.

On commit the unit of work saves the aggregates the repositories handed to it
(`track`), pulls the events they recorded, maps each through the service's one
mapping (`EventMapper`) to its published contract and writes the outbox rows, all
in the same transaction as the state they describe.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Insert, Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from aftersales_common.clock import utcnow
from aftersales_common.db import Database
from aftersales_common.domain import Aggregate, DomainEvent
from aftersales_common.messaging.envelope import CloudEvent, EventData, make_event
from aftersales_common.messaging.tables import MessagingTables


def topic_of(service: str) -> str:
    """One topic per producing service (contract.md)."""
    return f"aftersales.{service}"


@dataclass(frozen=True)
class Outbound:
    """A published event ready for the outbox: payload, aggregate id (key) and dealer."""

    payload: EventData
    subject: str
    dealer_id: str
    aggregate_type: str


EventMapper = Callable[[DomainEvent], Outbound]
Saver = Callable[[Any], Awaitable[None]]


def _no_mapping(event: DomainEvent) -> Outbound:
    raise TypeError(f"this service maps no domain events; got {type(event).__name__}")


class CommitGate(Protocol):
    """A request-scoped owner of the final commit (the idempotency middleware, ADR 0010).

    When one is set in the current context, a clean exit of a unit of work flushes its
    writes and hands the still-open transaction to the gate (`adopt` returned True); the
    gate then calls `finish()` after writing the response it reports in the same
    transaction. `opening` runs before any unit of work begins (so a gate holding one can
    commit it first instead of waiting on the SQLite writer lock it holds).
    """

    async def opening(self, uow: UnitOfWork) -> None: ...

    def adopt(self, uow: UnitOfWork) -> bool: ...


commit_gate: ContextVar[CommitGate | None] = ContextVar("aftersales_commit_gate", default=None)


class UnitOfWork:
    """One transaction: business writes, their events' outbox rows, and (for consumers) the inbox row.

    Use as `async with runtime.uow() as uow:`; a clean exit commits, an exception
    rolls back. After a commit that wrote events the relay is woken at once.
    """

    def __init__(
        self,
        db: Database,
        tables: MessagingTables,
        service: str,
        on_commit: Callable[[], None] | None = None,
        mapper: EventMapper = _no_mapping,
    ) -> None:
        self.db = db
        self.tables = tables
        self.service = service
        self._on_commit = on_commit
        self._mapper = mapper
        self._tracked: dict[int, tuple[Aggregate, Saver | None]] = {}
        self._written = 0
        self._closed = False
        self.touched: set[str] = set()
        """What this unit saved: the ids and type names of its aggregates and the subjects
        of its events (live updates wake only the readers of those)."""
        self.session: AsyncSession

    async def __aenter__(self) -> UnitOfWork:
        gate = commit_gate.get()
        if gate is not None:
            await gate.opening(self)
        self._closed = False
        self.touched = set()
        self._exclusive = self.db.exclusive()
        await self._exclusive.__aenter__()
        try:
            self.session = self.db.session()
            await self.session.begin()
        except BaseException:
            await self._exclusive.__aexit__(None, None, None)
            raise
        return self

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        adopted = False
        try:
            if exc_type is None:
                # Flush first, hand over after: a flush that fails (a version guard, a lost
                # connection) rolls back here and leaves the gate holding nothing, so it
                # stores the error response on its own instead of on a closed session.
                await self.flush_aggregates()
                gate = commit_gate.get()
                adopted = gate is not None and gate.adopt(self)
                if not adopted:
                    await self._commit_flushed()
        finally:
            if not adopted:
                await self._close()
        # adopted: the gate commits (or rolls back) through finish()

    async def finish(self, *, commit: bool) -> None:
        """End a unit of work handed to a `CommitGate`: commit what it flushed, or roll back."""
        try:
            if commit and not self._closed:
                await self.session.commit()
                if self._written and self._on_commit:
                    self._on_commit()
                self._written = 0
                self._tracked.clear()
        finally:
            await self._close()

    async def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
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

    def track(self, aggregate: Aggregate, save: Saver | None = None) -> None:
        """Called by repositories for every aggregate they load or add.

        `save` writes the aggregate's state back to its rows (explicit mapping,
        ADR 0005); it runs once, just before the commit.
        """
        key = id(aggregate)
        if key not in self._tracked or save is not None:
            self._tracked[key] = (aggregate, save)

    async def emit(self, outbound: Outbound) -> None:
        """Write one published event to the outbox in this transaction."""
        event = make_event(outbound.payload, service=self.service, subject=outbound.subject,
                           dealer_id=outbound.dealer_id)
        await self.write_outbox(event, aggregate_type=outbound.aggregate_type)

    async def write_outbox(self, event: CloudEvent, *, aggregate_type: str) -> None:
        """The outbox row of an enveloped event (the one insert every service shares)."""
        await self.session.execute(
            _insert_into(self.tables.outbox),
            {
                "event_id": event.id,
                "topic": topic_of(self.service),
                "aggregate_type": aggregate_type,
                "aggregate_id": event.subject,
                "type": event.type,
                "payload": event.to_json().decode(),
                "created_at": utcnow(),
                "attempts": 0,
            },
        )
        self._written += 1
        self.touched.add(event.subject)

    async def flush_aggregates(self) -> None:
        """Save tracked aggregates and write their recorded events to the outbox."""
        # Saving may load and track more (a saver touching a child): loop until stable.
        done: set[int] = set()
        while True:
            pending = [k for k in self._tracked if k not in done]
            if not pending:
                break
            for key in pending:
                aggregate, save = self._tracked[key]
                done.add(key)
                self.touched.add(type(aggregate).__name__)
                if (ident := getattr(aggregate, "id", None)) is not None:
                    self.touched.add(str(ident))
                if save is not None:
                    await save(aggregate)
                for event in aggregate.pull_events():
                    await self.emit(self._mapper(event))
        await self.session.flush()

    async def checkpoint(self) -> None:
        """Save the tracked aggregates and their events now, and stop tracking them.

        Used between two events handled in one transaction (a consumer's batch): the next
        handler loads the rows as saved, instead of a copy a tracked aggregate would
        overwrite at commit.
        """
        await self.flush_aggregates()
        self._tracked.clear()

    async def _commit_flushed(self) -> None:
        await self.session.commit()
        if self._written and self._on_commit:
            self._on_commit()
        self._written = 0
        self._tracked.clear()


_inserts: dict[int, tuple[Table, Insert]] = {}


def _insert_into(table: Table) -> Insert:
    """`INSERT INTO table`, built once per table; the values are bound at execution."""
    built = _inserts.get(id(table))
    if built is None or built[0] is not table:
        built = _inserts[id(table)] = (table, insert(table))
    return built[1]


class ReadSession:
    """A read-only session for queries: no writer lock, no write transaction.

    On SQLite it runs on a separate engine whose transactions begin DEFERRED (a WAL
    snapshot that never blocks a writer) with `query_only` set; on PostgreSQL on a pool of
    read-only connections in autocommit (each statement a read-only transaction of its own,
    no BEGIN or ROLLBACK round trip; see `Database`). Always rolled back.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.session: AsyncSession

    async def __aenter__(self) -> AsyncSession:
        self.session = self.db.read_session()
        await self.session.begin()
        return self.session

    async def __aexit__(self, *exc: object) -> None:
        # Closing detaches every object read (they stay readable) and rolls back.
        await self.session.close()
