"""The bus seen by services: publish batches, subscribe a group to topics."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from aftersales_common.clock import utcnow
from aftersales_common.messaging.outbox import OutgoingMessage

MessageHandler = Callable[[str, bytes], Awaitable[None]]
"""(topic, raw envelope). Returns once the effects are committed; raising means 'redeliver'."""

BatchHandler = Callable[[Sequence[tuple[str, bytes]]], Awaitable[None]]
"""Several (topic, raw envelope) of one log in order; returns once all effects are committed."""

SERVICES = ("booking", "workshop", "parts", "billing", "crm")
TOPICS = tuple(f"aftersales.{s}" for s in SERVICES)

CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json"
"""Kafka `content-type` header of every message: structured mode of the CloudEvents Kafka binding."""


@dataclass
class ConsumerStatus:
    """What a supervised consume loop knows about itself (for readiness and operators).

    `alive` is true while the loop holds a working consumer; `lag` is how many messages of
    its topics the group has not committed yet (None while unknown). A consumer is
    *stalled* when it has lag and has made no progress (no message committed, never seen
    caught up) for longer than `stall_seconds`.
    """

    group: str
    topics: tuple[str, ...]
    stall_seconds: float = 60.0
    alive: bool = False
    restarts: int = 0
    processed: int = 0
    lag: int | None = None
    busy: bool = False
    last_message_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    started_at: datetime | None = None
    _progress: float = field(default_factory=time.monotonic, repr=False)

    def progressed(self) -> None:
        """A message was handled and committed, or the group was seen caught up."""
        self._progress = time.monotonic()

    def delivered(self, count: int = 1) -> None:
        """Messages handled and their offset committed."""
        self.processed += count
        self.last_message_at = utcnow()
        self.progressed()

    def failed(self, exc: BaseException) -> None:
        """The loop failed and will restart."""
        self.alive = False
        self.busy = False
        self.restarts += 1
        self.last_error = repr(exc)[:2000]
        self.last_error_at = utcnow()

    @property
    def idle_seconds(self) -> float:
        """Seconds since the last progress."""
        return time.monotonic() - self._progress

    @property
    def stalled(self) -> bool:
        """Lag and no progress for longer than the bound."""
        return bool(self.lag) and self.idle_seconds > self.stall_seconds

    @property
    def healthy(self) -> bool:
        """Alive and not stalled."""
        return self.alive and not self.stalled

    def as_dict(self) -> dict[str, Any]:
        """JSON view for `/readyz` and `/admin/consumers`."""
        return {
            "group": self.group,
            "topics": list(self.topics),
            "alive": self.alive,
            "stalled": self.stalled,
            "healthy": self.healthy,
            "lag": self.lag,
            "busy": self.busy,
            "processed": self.processed,
            "restarts": self.restarts,
            "seconds_since_progress": round(self.idle_seconds, 1),
            "stall_seconds": self.stall_seconds,
            "last_message_at": self.last_message_at.isoformat() if self.last_message_at else None,
            "last_error": self.last_error,
            "last_error_at": self.last_error_at.isoformat() if self.last_error_at else None,
            "started_at": self.started_at.isoformat() if self.started_at else None,
        }


class Transport(Protocol):
    """Kafka when distributed, the in-process bus when embedded: same semantics."""

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None: ...

    def subscribe(self, group: str, topics: Sequence[str], handler: MessageHandler, *,
                  batch_handler: BatchHandler | None = None) -> None:
        """Register a group. With `batch_handler`, messages come in batches of one log
        (partition) in order and offsets are committed once per batch."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def ping(self) -> bool: ...

    def consumer_status(self) -> list[ConsumerStatus]: ...
