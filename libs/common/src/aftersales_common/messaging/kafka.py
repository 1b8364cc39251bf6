"""Kafka transport on aiokafka: idempotent acks=all producer, manual offset commits,
supervised consumers that rejoin their group after any failure."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from aftersales_common.clock import utcnow
from aftersales_common.messaging.backoff import Backoff
from aftersales_common.messaging.outbox import OutgoingMessage
from aftersales_common.messaging.transport import (
    CLOUDEVENTS_CONTENT_TYPE,
    TOPICS,
    BatchHandler,
    ConsumerStatus,
    MessageHandler,
)

log = logging.getLogger(__name__)

HEADERS = [("content-type", CLOUDEVENTS_CONTENT_TYPE.encode())]
"""Every message is a structured-mode CloudEvent (Kafka protocol binding, section 3.1)."""


class _Subscription:
    def __init__(self, group: str, topics: tuple[str, ...], handler: MessageHandler,
                 stall_seconds: float, batch_handler: BatchHandler | None = None) -> None:
        self.group = group
        self.topics = topics
        self.handler = handler
        self.batch_handler = batch_handler
        self.status = ConsumerStatus(group, topics, stall_seconds=stall_seconds)
        self.consumer: AIOKafkaConsumer | None = None
        self.task: asyncio.Task[None] | None = None


class KafkaBus:
    """One producer per process; one supervised consumer (group) per subscription.

    Offsets are committed only after the handler returned, i.e. after the
    consumer's database commit: a crash in between means redelivery, which the
    inbox turns into a no-op.

    Any failure of a consume loop (iteration, offset commit, rebalance, lost broker)
    is logged, and the loop starts a new consumer that rejoins its group, with
    backoff. A watchdog measures each group's lag (committed vs end offsets) and
    restarts a consumer that has lag but made no progress for `stall_seconds`.
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
        stall_seconds: float = 60.0,
        watch_interval: float = 2.0,
        consumer_options: dict[str, Any] | None = None,
        fetch_max: int = 500,
    ) -> None:
        self.bootstrap_servers = bootstrap_servers
        self.client_id = client_id
        self.topics = tuple(topics)
        self.partitions = partitions
        self.replication_factor = replication_factor
        self.max_backoff = max_backoff
        self.stall_seconds = stall_seconds
        self.watch_interval = watch_interval
        self.consumer_options = dict(consumer_options or {})
        self.fetch_max = fetch_max
        self._subscriptions: list[_Subscription] = []
        self._watchdog: asyncio.Task[None] | None = None
        self._producer: AIOKafkaProducer | None = None

    def subscribe(self, group: str, topics: Sequence[str], handler: MessageHandler, *,
                  batch_handler: BatchHandler | None = None) -> None:
        """Register a consumer group (started by `start`)."""
        self._subscriptions.append(
            _Subscription(group, tuple(topics), handler, self.stall_seconds, batch_handler))

    def consumer_status(self) -> list[ConsumerStatus]:
        """The status of every subscribed group's consume loop."""
        return [s.status for s in self._subscriptions]

    async def start(self) -> None:
        """Create missing topics, start the producer and the supervised consumers."""
        await self.ensure_topics()
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap_servers,
            client_id=self.client_id,
            enable_idempotence=True,
            acks="all",
            linger_ms=2,
        )
        await self._producer.start()
        for sub in self._subscriptions:
            sub.task = asyncio.create_task(self._supervise(sub), name=f"kafka:{sub.group}")
        if self._subscriptions:
            self._watchdog = asyncio.create_task(self._watch(), name="kafka:watchdog")

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
        tasks = [t for t in [self._watchdog, *(s.task for s in self._subscriptions)] if t]
        for task in tasks:
            task.cancel()
        for task, result in zip(tasks, await asyncio.gather(*tasks, return_exceptions=True),
                                strict=True):
            if isinstance(result, Exception):
                log.error("kafka task %s ended with %r", task.get_name(), result)
        self._watchdog = None
        for sub in self._subscriptions:
            sub.task = None
            sub.status.alive = False
        if self._producer:
            await self._producer.stop()
            self._producer = None

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
            await self._producer.send(m.topic, m.value, key=m.key.encode(), headers=HEADERS)
            for m in messages
        ]
        await asyncio.gather(*futures)

    # ------------------------------------------------------------------ consumers

    def _new_consumer(self, sub: _Subscription) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            *sub.topics,
            bootstrap_servers=self.bootstrap_servers,
            client_id=f"{self.client_id}-{sub.group}",
            group_id=sub.group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            **self.consumer_options,
        )

    async def _supervise(self, sub: _Subscription) -> None:
        """Run the consume loop forever: any failure is logged and a new consumer rejoins."""
        backoff = Backoff(0.2, self.max_backoff)
        while True:
            consumer = self._new_consumer(sub)
            processed = sub.status.processed
            try:
                await consumer.start()
                sub.consumer = consumer
                sub.status.alive = True
                sub.status.started_at = utcnow()
                await self._consume(consumer, sub)
                raise RuntimeError("the consumer stopped delivering")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                sub.status.failed(exc)
                if sub.status.processed != processed:
                    backoff.reset()  # it had worked: come back quickly
                log.exception("kafka consumer %s failed (restart %d in %.1fs)",
                              sub.group, sub.status.restarts, backoff.current)
                await backoff.pause()
            finally:
                sub.consumer = None
                sub.status.alive = False
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(consumer.stop(), 10)

    async def _consume(self, consumer: AIOKafkaConsumer, sub: _Subscription) -> None:
        """Fetch what is there; handle each partition's messages in order (partitions side
        by side: their keys differ), then commit every partition's offset at once."""
        async for fetched in self._fetches(consumer):
            sub.status.busy = True
            await asyncio.gather(*(self._handle(sub, msgs) for msgs in fetched.values()))
            await consumer.commit({tp: msgs[-1].offset + 1 for tp, msgs in fetched.items()})
            sub.status.busy = False
            sub.status.delivered(sum(len(msgs) for msgs in fetched.values()))

    async def _fetches(self, consumer: Any) -> AsyncIterator[dict[TopicPartition, list[Any]]]:
        """Each fetch: the messages per partition, in order. A client that can only iterate
        (no `getmany`) gives one message at a time."""
        if not hasattr(consumer, "getmany"):
            async for msg in consumer:
                yield {TopicPartition(msg.topic, msg.partition): [msg]}
            return
        while True:
            fetched = await consumer.getmany(timeout_ms=1000, max_records=self.fetch_max)
            fetched = {tp: msgs for tp, msgs in fetched.items() if msgs}
            if fetched:
                yield fetched

    async def _handle(self, sub: _Subscription, msgs: Sequence[Any]) -> None:
        """Handle one partition's messages in order; a failure retries from the one that
        failed (a batch handler gets the whole batch again: its inbox skips the done)."""
        if sub.batch_handler is not None:
            items = [(m.topic, m.value) for m in msgs]
            await self._retrying(lambda: sub.batch_handler(items))  # type: ignore[misc]
            return
        for msg in msgs:
            await self._retrying(lambda m=msg: sub.handler(m.topic, m.value))

    async def _retrying(self, call: Any) -> None:
        backoff = Backoff(0.1, self.max_backoff)
        while True:
            try:
                await call()
                return
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("kafka delivery failed; retrying in %.1fs", backoff.current)
                await backoff.pause()

    async def _watch(self) -> None:
        """Measure lag; restart a consumer that has lag but makes no progress."""
        while True:
            await asyncio.sleep(self.watch_interval)
            for sub in self._subscriptions:
                try:
                    await self._measure(sub)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    sub.status.lag = None
                    log.debug("kafka lag of %s unknown: %r", sub.group, exc)
                status = sub.status
                if status.stalled and not status.busy and sub.consumer is not None:
                    log.error("kafka consumer %s stalled (lag %s, %.0fs without progress): "
                              "restarting it", sub.group, status.lag, status.idle_seconds)
                    status.progressed()  # give the new consumer its own bound
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(sub.consumer.stop(), 10)

    async def _measure(self, sub: _Subscription) -> None:
        consumer = sub.consumer
        if consumer is None:
            sub.status.lag = None
            return
        partitions = [
            TopicPartition(topic, p)
            for topic in sub.topics
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        if not partitions:
            sub.status.lag = None
            return
        async with asyncio.timeout(5):
            ends = await consumer.end_offsets(partitions)
            begins = await consumer.beginning_offsets(partitions)
            committed = await asyncio.gather(*(consumer.committed(tp) for tp in partitions))
        lag = 0
        for tp, done in zip(partitions, committed, strict=True):
            lag += max(0, ends[tp] - (done if done is not None else begins[tp]))
        sub.status.lag = lag
        if lag == 0:
            sub.status.progressed()
