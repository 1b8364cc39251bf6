"""Idempotent consumption: inbox row in the same transaction as the effects; retries; dead letters."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import insert, select, update
from sqlalchemy.exc import DBAPIError, DisconnectionError, IntegrityError, InterfaceError
from sqlalchemy.exc import OperationalError as SAOperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError

from aftersales_common.clock import new_id, utcnow
from aftersales_common.errors import NotFound
from aftersales_common.messaging.backoff import Backoff
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

R = TypeVar("R", bound=BaseModel)
ReactionHandler = Callable[[UnitOfWork, Any, CloudEvent], Awaitable[None]]
UnitOfWorkFactory = Callable[[], UnitOfWork]
_MAJOR = re.compile(r":v(\d+)$")


class PoisonEvent(Exception):
    """An event that can never be processed as it is: dead-lettered without retries."""


_INFRA_TYPES: tuple[type[BaseException], ...] = (
    ConnectionError, OSError, TimeoutError, SAOperationalError, InterfaceError,
    DisconnectionError, SATimeoutError,
)
# Driver and client errors that mean "the database or the broker is not there" (by name, so
# the seedwork does not import every driver): asyncpg, aiokafka.
_INFRA_NAMES = frozenset({
    "PostgresConnectionError", "ConnectionDoesNotExistError", "ConnectionFailureError",
    "ClientCannotConnectError", "CannotConnectNowError", "ConnectionRejectionError",
    "TooManyConnectionsError", "AdminShutdownError", "CrashShutdownError",
    "OperatorInterventionError",
    "KafkaConnectionError", "KafkaTimeoutError", "NodeNotReadyError", "RequestTimedOutError",
})


def is_infrastructure_error(exc: BaseException) -> bool:
    """True when a failure comes from the database or the broker being unreachable.

    Such a failure says nothing about the event: the consumer waits and retries without
    spending attempts. Looks through the cause chain (SQLAlchemy wraps the driver's error).
    """
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(e, ValueError | TypeError) and type(e).__module__.startswith("asyncpg")
           for e in chain):
        return False  # bad data handed to the driver (asyncpg's DataError): deterministic
    for current in chain:
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, _INFRA_TYPES):
            return True
        if any(k.__name__ in _INFRA_NAMES for k in type(current).__mro__):
            return True
    return False


def major_version(event: CloudEvent) -> int | None:
    """The major version named by `dataschema` (`urn:aftersales:event:<type>:v<N>`)."""
    match = _MAJOR.search(event.dataschema or "")
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Reaction(Generic[R]):
    """How a service reacts to one event type of one major version.

    `reader` declares only the fields the service reads; those carrying money,
    consent, pay type or usage are required, so a producer that stops sending
    them fails loudly here instead of being guessed at.
    """

    event_type: str
    major: int
    reader: type[R]
    handler: ReactionHandler

    def read(self, event: CloudEvent) -> R:
        """Check the version and parse the payload; PoisonEvent when neither fits."""
        version = major_version(event)
        if version != self.major:
            raise PoisonEvent(
                f"{event.type} v{version} is not read here (this consumer reads v{self.major})")
        try:
            return self.reader.model_validate(event.data)
        except ValidationError as exc:
            raise PoisonEvent(f"{event.type} payload does not fit its reader: {exc}") from exc


class Reactions:
    """A service's registry of reactions to other services' events (built in bootstrap)."""

    def __init__(self) -> None:
        self._by_type: dict[str, Reaction[Any]] = {}

    def on(self, event_type: str, reader: type[R], handler: ReactionHandler, *,
           major: int = 1) -> Reactions:
        """Register `handler(uow, data, event)` for `event_type` v`major`; chainable."""
        if event_type in self._by_type:
            raise ValueError(f"a reaction to {event_type} is registered already")
        self._by_type[event_type] = Reaction(event_type, major, reader, handler)
        return self

    def get(self, event_type: str) -> Reaction[Any] | None:
        """The reaction to a type, if any."""
        return self._by_type.get(event_type)

    def __iter__(self) -> Any:
        return iter(self._by_type.values())

    def __len__(self) -> int:
        return len(self._by_type)

    @property
    def types(self) -> set[str]:
        """The event types reacted to."""
        return set(self._by_type)


class EventConsumer:
    """Runs a service's event handlers exactly once per event id, as far as effects go.

    A handler gets an open unit of work; the inbox row is added to the same
    transaction, so a redelivered event (bus retry, offset not committed, relay
    re-send) finds its id and is skipped. Deterministic failures (a domain refusal, a
    bug, ...) are retried with exponential backoff; after `max_attempts` the event goes
    to the dead-letter table and the consumer moves on. A bad payload or an unknown
    version (`PoisonEvent`) is dead-lettered at once. A failure caused by the database
    or the broker being unreachable (`is_infrastructure_error`) is not the event's
    fault: the consumer pauses and retries, with backoff capped at `max_pause`, until
    the infrastructure is back, without spending attempts.
    """

    def __init__(
        self,
        *,
        name: str,
        uow_factory: UnitOfWorkFactory,
        reactions: Reactions | None = None,
        max_attempts: int = 5,
        base_delay: float = 0.1,
        max_pause: float = 5.0,
        batch_max: int = 100,
    ) -> None:
        self.name = name
        self.batch_max = batch_max  # most events in one transaction (it holds their locks)
        self.uow_factory = uow_factory
        self.reactions = reactions or Reactions()
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_pause = max_pause
        self.paused_since: float | None = None
        self.infrastructure_retries = 0

    @property
    def event_types(self) -> set[str]:
        """The event types this consumer reads."""
        return self.reactions.types

    async def deliver(self, topic: str, raw: bytes) -> None:
        """Entry point for a transport: parse, process with retries, or dead-letter."""
        try:
            event = CloudEvent.from_json(raw)
        except Exception as exc:
            await self._dead_letter(topic, None, raw, f"unparseable envelope: {exc}", 1)
            return
        if self.reactions.get(event.type) is None:
            return
        error: Exception | None = None
        attempt = 0
        pause = Backoff(self.base_delay, self.max_pause)
        while attempt < self.max_attempts:
            try:
                await self.process(event)
                self._resume()
                return
            except asyncio.CancelledError:
                raise
            except PoisonEvent as exc:
                self._resume()
                await self._dead_letter(topic, event, raw, repr(exc), attempt + 1)
                return
            except Exception as exc:
                if is_infrastructure_error(exc):
                    await self._pause(event, exc, pause)
                    continue
                self._resume()
                attempt += 1
                error = exc
                log.warning(
                    "%s: %s %s failed (attempt %d/%d): %r",
                    self.name, event.type, event.id, attempt, self.max_attempts, exc,
                )
                if attempt < self.max_attempts:
                    await asyncio.sleep(self.base_delay * 2 ** (attempt - 1))
        await self._dead_letter(topic, event, raw, repr(error), self.max_attempts)

    async def deliver_batch(self, items: Sequence[tuple[str, bytes]]) -> None:
        """Entry point for a transport handing over several messages of one log, in order.

        The events are applied in one unit of work, each with its inbox row (ids seen
        before, or twice in the batch, are skipped), and committed once. When anything in
        the batch fails (a bad envelope, a poison event, a handler error, the database
        going away) the transaction is rolled back and the batch is delivered again one
        event per transaction through `deliver`, so retries, dead letters and pauses for
        infrastructure behave exactly as for single deliveries, and no neighbour is lost.
        """
        for start in range(0, len(items), self.batch_max):
            await self._deliver_chunk(items[start:start + self.batch_max])

    async def _deliver_chunk(self, items: Sequence[tuple[str, bytes]]) -> None:
        if len(items) == 1:
            await self.deliver(*items[0])
            return
        try:
            await self._process_batch(items)
            self._resume()
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("%s: batch of %d failed (%r); delivering one by one",
                        self.name, len(items), exc)
        for topic, raw in items:
            await self.deliver(topic, raw)

    async def _process_batch(self, items: Sequence[tuple[str, bytes]]) -> None:
        work: list[tuple[Reaction[Any], Any, CloudEvent]] = []
        for _topic, raw in items:
            event = CloudEvent.from_json(raw)
            reaction = self.reactions.get(event.type)
            if reaction is not None:
                work.append((reaction, reaction.read(event), event))
        if work:
            await self._apply(work)

    async def _apply(self, work: Sequence[tuple[Reaction[Any], Any, CloudEvent]]) -> int:
        """Apply events in one unit of work, each once: an id found in the inbox (or seen
        earlier in `work`) is skipped; each applied one gets its inbox row in the same
        transaction as its effects. Returns how many were applied."""
        async with self.uow_factory() as uow:
            inbox = uow.tables.inbox
            seen = set((await uow.session.scalars(select(inbox.c.event_id).where(
                inbox.c.consumer == self.name,
                inbox.c.event_id.in_({event.id for _r, _d, event in work})))).all())
            rows: list[dict[str, Any]] = []
            for n, (reaction, data, event) in enumerate(work, 1):
                if event.id in seen:
                    continue
                seen.add(event.id)
                await reaction.handler(uow, data, event)
                if n < len(work):
                    # Write this event's aggregates back before the next handler reads them:
                    # it loads fresh rows, not a state a tracked aggregate would overwrite.
                    await uow.checkpoint()
                rows.append({"consumer": self.name, "event_id": event.id, "type": event.type,
                             "processed_at": utcnow()})
            if rows:
                await uow.session.execute(insert(inbox), rows)
        return len(rows)

    async def _pause(self, event: CloudEvent | None, exc: Exception, pause: Backoff) -> None:
        """Wait for the database or broker to come back."""
        loop = asyncio.get_running_loop()
        if self.paused_since is None:
            self.paused_since = loop.time()
            log.warning("%s: infrastructure unavailable (%r); pausing on %s until it is back",
                        self.name, exc, event.id if event else "a dead letter")
        self.infrastructure_retries += 1
        await pause.pause()

    def _resume(self) -> None:
        if self.paused_since is not None:
            log.warning("%s: infrastructure back after %.1fs", self.name,
                        asyncio.get_running_loop().time() - self.paused_since)
            self.paused_since = None

    async def process(self, event: CloudEvent) -> bool:
        """Apply one event once; False when it had been processed before.

        The consumer opens the unit of work, so it commits it: the reaction's effects,
        their outbox rows and the inbox row in one transaction.
        """
        reaction = self.reactions.get(event.type)
        if reaction is None:
            return False
        data = reaction.read(event)
        try:
            return await self._apply([(reaction, data, event)]) == 1
        except IntegrityError:
            if await self._seen(event.id):
                return False  # a concurrent delivery of the same id won the race
            raise

    async def _seen(self, event_id: str) -> bool:
        async with self.uow_factory() as uow:
            inbox = uow.tables.inbox
            return bool(await uow.session.scalar(
                select(inbox.c.event_id).where(inbox.c.consumer == self.name,
                                               inbox.c.event_id == event_id)))

    async def _dead_letter(
        self, topic: str, event: CloudEvent | None, raw: bytes, error: str, attempts: int
    ) -> None:
        log.error("%s: dead-lettering %s: %s", self.name, event.id if event else "?", error)
        pause = Backoff(self.base_delay, self.max_pause)
        while True:
            try:
                await self._insert_dead_letter(topic, event, raw, error, attempts)
                self._resume()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if not is_infrastructure_error(exc):
                    raise
                await self._pause(event, exc, pause)

    async def _insert_dead_letter(
        self, topic: str, event: CloudEvent | None, raw: bytes, error: str, attempts: int
    ) -> None:
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
        return {"id": dead_letter_id, "status": status, "error": error}
