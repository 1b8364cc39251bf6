"""Idempotent consumption: inbox row in the same transaction as the effects; retries; dead letters."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from aftersales_common.clock import new_id, utcnow
from aftersales_common.errors import NotFound
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.outbox import UnitOfWork

log = logging.getLogger(__name__)

EventHandler = Callable[[UnitOfWork, CloudEvent], Awaitable[None]]
UnitOfWorkFactory = Callable[[], UnitOfWork]


class EventConsumer:
    """Runs a service's event handlers exactly once per event id, as far as effects go.

    A handler gets an open unit of work; the inbox row is added to the same
    transaction, so a redelivered event (bus retry, offset not committed, relay
    re-send) finds its id and is skipped. Failures are retried with exponential
    backoff; after `max_attempts` the event goes to the dead-letter table and the
    consumer moves on.
    """

    def __init__(
        self,
        *,
        name: str,
        uow_factory: UnitOfWorkFactory,
        handlers: Mapping[str, EventHandler],
        max_attempts: int = 5,
        base_delay: float = 0.1,
    ) -> None:
        self.name = name
        self.uow_factory = uow_factory
        self.handlers = dict(handlers)
        self.max_attempts = max_attempts
        self.base_delay = base_delay

    @property
    def event_types(self) -> set[str]:
        """The event types this consumer reads."""
        return set(self.handlers)

    async def deliver(self, topic: str, raw: bytes) -> None:
        """Entry point for a transport: parse, process with retries, or dead-letter."""
        try:
            event = CloudEvent.from_json(raw)
        except Exception as exc:
            await self._dead_letter(topic, None, raw, f"unparseable envelope: {exc}", 1)
            return
        if event.type not in self.handlers:
            return
        error: Exception | None = None
        for attempt in range(1, self.max_attempts + 1):
            try:
                await self.process(event)
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                error = exc
                log.warning(
                    "%s: %s %s failed (attempt %d/%d): %r",
                    self.name, event.type, event.id, attempt, self.max_attempts, exc,
                )
                if attempt < self.max_attempts:
                    await asyncio.sleep(self.base_delay * 2 ** (attempt - 1))
        await self._dead_letter(topic, event, raw, repr(error), self.max_attempts)

    async def process(self, event: CloudEvent) -> bool:
        """Apply one event once; False when it had been processed before."""
        handler = self.handlers[event.type]
        inbox = None
        async with self.uow_factory() as uow:
            inbox = uow.tables.inbox
            seen = await uow.session.scalar(
                select(inbox.c.event_id).where(
                    inbox.c.consumer == self.name, inbox.c.event_id == event.id
                )
            )
            if seen:
                return False
            await handler(uow, event)
            await uow.session.execute(
                insert(inbox).values(
                    consumer=self.name, event_id=event.id, type=event.type, processed_at=utcnow()
                )
            )
            try:
                await uow.commit()
            except IntegrityError:
                return False  # a concurrent delivery of the same id won the race
        return True

    async def _dead_letter(
        self, topic: str, event: CloudEvent | None, raw: bytes, error: str, attempts: int
    ) -> None:
        log.error("%s: dead-lettering %s: %s", self.name, event.id if event else "?", error)
        async with self.uow_factory() as uow:
            await uow.session.execute(
                insert(uow.tables.dead_letter).values(
                    id=new_id(),
                    consumer=self.name,
                    event_id=event.id if event else None,
                    topic=topic,
                    type=event.type if event else None,
                    payload=raw.decode(errors="replace"),
                    error=error[:4000],
                    attempts=attempts,
                    status="open",
                    created_at=utcnow(),
                )
            )
            await uow.commit()

    async def list_dead_letters(self, status: str | None = "open") -> list[dict[str, Any]]:
        """Dead letters of this consumer, newest first."""
        async with self.uow_factory() as uow:
            t = uow.tables.dead_letter
            query = select(t).where(t.c.consumer == self.name).order_by(t.c.created_at.desc())
            if status:
                query = query.where(t.c.status == status)
            rows = (await uow.session.execute(query.limit(200))).mappings().all()
            return [dict(r) for r in rows]

    async def replay(self, dead_letter_id: str) -> dict[str, Any]:
        """Process a dead letter again (once); marks it replayed or records the new error."""
        async with self.uow_factory() as uow:
            t = uow.tables.dead_letter
            row = (
                await uow.session.execute(
                    select(t).where(t.c.id == dead_letter_id, t.c.consumer == self.name)
                )
            ).mappings().first()
        if row is None:
            raise NotFound("dead letter not found")
        status, error = "replayed", None
        try:
            await self.process(CloudEvent.from_json(row["payload"]))
        except Exception as exc:
            status, error = "open", repr(exc)
        async with self.uow_factory() as uow:
            values: dict[str, Any] = {"status": status, "attempts": row["attempts"] + 1}
            if error:
                values["error"] = error[:4000]
            else:
                values["replayed_at"] = utcnow()
            await uow.session.execute(update(t).where(t.c.id == dead_letter_id).values(**values))
            await uow.commit()
        return {"id": dead_letter_id, "status": status, "error": error}
