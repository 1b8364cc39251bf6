"""The bus seen by services: publish batches, subscribe a group to topics."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from aftersales_common.messaging.outbox import OutgoingMessage

MessageHandler = Callable[[str, bytes], Awaitable[None]]
"""(topic, raw envelope). Returns once the effects are committed; raising means 'redeliver'."""

SERVICES = ("booking", "workshop", "parts", "billing", "crm")
TOPICS = tuple(f"aftersales.{s}" for s in SERVICES)


class Transport(Protocol):
    """Kafka when distributed, the in-process bus when embedded: same semantics."""

    async def publish(self, messages: Sequence[OutgoingMessage]) -> None: ...

    def subscribe(self, group: str, topics: Sequence[str], handler: MessageHandler) -> None: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def ping(self) -> bool: ...
