"""A service at run time: database, bus, outbox relay, event consumer, token verifier."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData

from aftersales_common import migrations
from aftersales_common.auth import TokenVerifier
from aftersales_common.clock import set_display_zone
from aftersales_common.db import Database
from aftersales_common.messaging.inbox import EventConsumer, Reactions
from aftersales_common.messaging.inprocess import InProcessBus
from aftersales_common.messaging.kafka import KafkaBus
from aftersales_common.messaging.outbox import OutboxRelay, Relay
from aftersales_common.messaging.tables import MessagingTables
from aftersales_common.messaging.transport import Transport
from aftersales_common.messaging.unit_of_work import (
    EventMapper,
    ReadSession,
    UnitOfWork,
    _no_mapping,
    topic_of,
)
from aftersales_common.settings import ServiceSettings

log = logging.getLogger(__name__)


def make_transport(settings: ServiceSettings, client_id: str) -> Transport:
    """The bus named by the settings: Kafka, or the in-process log."""
    if settings.bus == "kafka":
        return KafkaBus(
            settings.kafka_bootstrap_servers,
            client_id=client_id,
            partitions=settings.kafka_topic_partitions,
            replication_factor=settings.kafka_replication_factor,
            stall_seconds=settings.consumer_stall_seconds,
        )
    return InProcessBus(settings.bus_url_or_default(),
                        stall_seconds=settings.consumer_stall_seconds)


class ServiceRuntime:
    """Everything a service needs at run time, started and stopped as one."""

    def __init__(
        self,
        *,
        name: str,
        settings: ServiceSettings,
        metadata: MetaData,
        tables: MessagingTables,
        migrations_dir: Path,
        transport: Transport | None = None,
        subscriptions: Sequence[str] = (),
        reactions: Reactions | None = None,
        event_mapper: EventMapper = _no_mapping,
        seed: Callable[[ServiceRuntime], Awaitable[None]] | None = None,
    ) -> None:
        self.name = name
        self.settings = settings
        set_display_zone(settings.default_timezone)
        self.metadata = metadata
        self.tables = tables
        self.migrations_dir = migrations_dir
        self.db = Database(settings.database_url_for(name), pool_size=settings.database_pool_size)
        self.owns_transport = transport is None
        self.transport: Transport = transport or make_transport(settings, f"aftersales-{name}")
        self.verifier = TokenVerifier(settings)
        self.relay: Relay = OutboxRelay(self.db, tables, self.transport, service=name)
        self.subscriptions = tuple(topic_of(s) for s in subscriptions)
        self.event_mapper = event_mapper
        self.consumer = EventConsumer(
            name=name,
            uow_factory=self.uow,
            reactions=reactions,
            max_attempts=settings.consumer_max_attempts,
            max_pause=settings.consumer_max_pause,
        )
        self._seed = seed
        self.extras: dict[str, Any] = {}

    def read_outbox_as_log(self, bus: InProcessBus) -> None:
        """Embedded mode: the shared bus reads this service's outbox in place as the log of
        its topic, woken by each commit; no relay, no copy. Call before any service starts."""
        self.relay = bus.attach_outbox(topic_of(self.name), self.db, self.tables.outbox)

    def uow(self) -> UnitOfWork:
        """A new unit of work on this service's database."""
        return UnitOfWork(self.db, self.tables, self.name, on_commit=self.relay.notify,
                          mapper=self.event_mapper)

    def reader(self) -> ReadSession:
        """A read-only session for queries (no writer lock, no write transaction)."""
        return ReadSession(self.db)

    async def migrate(self) -> None:
        """Bring the schema to head (Alembic), in a worker thread."""
        await asyncio.to_thread(migrations.upgrade, self.migrations_dir, self.db.url)

    async def start(self) -> None:
        """Migrate, seed, subscribe, start the bus (if ours) and the relay."""
        if self.settings.auto_migrate:
            await self.migrate()
        if self._seed:
            await self._seed(self)
        if len(self.consumer.reactions) and self.subscriptions:
            self.transport.subscribe(self.group, self.subscriptions, self.consumer.deliver,
                                     batch_handler=self.consumer.deliver_batch)
        if self.owns_transport:
            await self.transport.start()
        self.relay.start()
        log.info("%s started (bus=%s)", self.name, self.settings.bus)

    async def stop(self) -> None:
        """Stop relay and bus; unsent outbox rows wait for the next start."""
        await self.relay.stop()
        if self.owns_transport:
            await self.transport.stop()
        await self.db.dispose()

    @property
    def group(self) -> str:
        """This service's consumer group on the bus."""
        return f"aftersales-{self.name}"

    def consumers(self) -> list[dict[str, Any]]:
        """This service's consume loops: liveness, lag, progress, restarts, last error.

        A shared (embedded) bus runs every service's group: only this service's are shown.
        """
        status = getattr(self.transport, "consumer_status", None)
        rows = [s.as_dict() for s in (status() if status else []) if s.group == self.group]
        paused = self.consumer.paused_since
        for row in rows:
            row["paused_for_infrastructure"] = paused is not None
            row["infrastructure_retries"] = self.consumer.infrastructure_retries
        return rows

    async def ready(self) -> dict[str, bool]:
        """Readiness: database and bus reachable, every consumer alive and not stalled."""
        return {
            "database": await self.db.ping(),
            "bus": await self.transport.ping(),
            "consumers": all(c["healthy"] for c in self.consumers()),
        }

    @asynccontextmanager
    async def lifespan(self, _app: Any = None) -> AsyncIterator[None]:
        """FastAPI lifespan."""
        await self.start()
        try:
            yield
        finally:
            await self.stop()

