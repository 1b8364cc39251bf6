"""CloudEvents 1.0 structured-mode envelope and typed event payload contracts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from aftersales_common.clock import new_id, utcnow

SPEC_VERSION = "1.0"


class CloudEvent(BaseModel):
    """One event on the wire. `id` is the dedupe key, `subject` the aggregate id."""

    model_config = ConfigDict(extra="allow")

    specversion: str = SPEC_VERSION
    id: str = Field(default_factory=new_id)
    source: str
    type: str
    subject: str
    time: datetime = Field(default_factory=utcnow)
    datacontenttype: str = "application/json"
    dataschema: str
    dealerid: str
    traceparent: str | None = None
    data: dict[str, Any]

    def to_json(self) -> bytes:
        """Serialise as structured-mode JSON bytes (for the bus)."""
        return self.model_dump_json(exclude_none=True).encode()

    @classmethod
    def from_json(cls, raw: bytes | str) -> CloudEvent:
        """Parse structured-mode JSON."""
        return cls.model_validate_json(raw)


class EventData(BaseModel):
    """Base of every published payload. Subclasses set `event_type` and `version`.

    Consumers declare their own narrow readers (extra fields ignored): tolerant reader.
    """

    model_config = ConfigDict(extra="ignore")

    event_type: ClassVar[str]
    version: ClassVar[int] = 1

    @classmethod
    def schema_uri(cls) -> str:
        """`dataschema`: names the type and its major version."""
        return f"urn:aftersales:event:{cls.event_type}:v{cls.version}"


def make_event(
    payload: EventData, *, service: str, subject: str, dealer_id: str
) -> CloudEvent:
    """Wrap a typed payload in an envelope from `service`."""
    return CloudEvent(
        source=f"/aftersales/{service}",
        type=payload.event_type,
        subject=subject,
        dataschema=payload.schema_uri(),
        dealerid=dealer_id,
        data=payload.model_dump(mode="json"),
    )


def json_schemas(contracts: list[type[EventData]]) -> dict[str, Any]:
    """JSON Schemas of a service's published events, keyed by `dataschema`."""
    return {c.schema_uri(): c.model_json_schema(mode="serialization") for c in contracts}
