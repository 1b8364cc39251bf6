"""Kafka transport on aiokafka: idempotent acks=all producer, manual offset commits."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from aftersales_common.messaging.outbox import OutgoingMessage
from aftersales_common.messaging.transport import TOPICS, MessageHandler

log = logging.getLogger(__name__)


class KafkaBus:
    """One producer per process; one consumer (group) per subscription.

    Offsets are committed only after the handler returned, i.e. after the
    consumer's database commit: a crash in between means redelivery, which the
    inbox turns into a no-op.
    """

    def __init__(
        self,
        bootstrap_servers: str,
        *,
        client_id: str,
        topics: Sequence[str] = TOPICS,
        partitions: int = 3,
        replication_factor: int = 1,
        max_backoff: float = 10.0,
    ) -> None:
        self.bootstrap_servers = bootstrap_servers
        self.client_id = client_id
        self.topics = tuple(topics)
        self.partitions = partitions
        self.replication_factor = replication_factor
        self.max_backoff = max_backoff
        self._subscriptions: list[tuple[str, tuple[str, ...], MessageHandler]] = []
        self._consumers: list[AIOKafkaConsumer] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._producer: AIOKafkaProducer | None = None

    def subscribe(self, group: str, topics: Sequence[str], handler: MessageHandler) -> None:
        """Register a consumer group (started by `start`)."""
        self._subscriptions.append((group, tuple(topics), handler))

    async def start(self) -> None:
        """Create missing topics, start the producer and the consumers."""
        await self.ensure_topics()
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap_servers,
            client_id=self.client_id,
            enable_idempotence=True,
            acks="all",
            linger_ms=2,
        )
        await self._producer.start()
        for group, topics, handler in self._subscriptions:
            consumer = AIOKafkaConsumer(
                *topics,
                bootstrap_servers=self.bootstrap_servers,
                client_id=f"{self.client_id}-{group}",
                group_id=group,
                enable_auto_commit=False,
                auto_offset_reset="earliest",
            )
            await consumer.start()
            self._consumers.append(consumer)
            self._tasks.append(asyncio.create_task(self._consume(consumer, handler)))

    async def ensure_topics(self) -> None:
        """Create the contract's topics when they are missing."""
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap_servers)
        await admin.start()
        try:
            existing = set(await admin.list_topics())
            missing = [t for t in self.topics if t not in existing]
            if missing:
                try:
                    await admin.create_topics(
                        [NewTopic(t, self.partitions, self.replication_factor) for t in missing]
                    )
                except TopicAlreadyExistsError:
                    pass  # another service created it first
        finally:
            await admin.close()

    async def stop(self) -> None:
        """Stop consumers (without committing anything unprocessed) and the producer."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for consumer in self._consumers:
            await consumer.stop()
        if self._producer:
            await self._producer.stop()
        self._tasks.clear()
        self._consumers.clear()

    async def ping(self) -> bool:
        """True when the cluster answers a metadata request."""
        if not self._producer:
            return False
        try:
            return bool(await asyncio.wait_for(self._producer.client.force_metadata_update(), 5))
        except Exception:
            return False

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        """Send a batch keyed by aggregate id and wait until all are acknowledged."""
        if self._producer is None:
            raise RuntimeError("Kafka producer not started")
        futures = [
            await self._producer.send(m.topic, m.value, key=m.key.encode()) for m in messages
        ]
        await asyncio.gather(*futures)

    async def _consume(self, consumer: AIOKafkaConsumer, handler: MessageHandler) -> None:
        backoff = 0.1
        async for msg in consumer:
            while True:
                try:
                    await handler(msg.topic, msg.value)
                    break
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("kafka delivery failed; retrying in %.1fs", backoff)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, self.max_backoff)
            backoff = 0.1
            tp = TopicPartition(msg.topic, msg.partition)
            await consumer.commit({tp: msg.offset + 1})
