"""Outbox, inbox, dead-letter and idempotency tables, added to each service's own metadata."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from aftersales_common.db import UTCDateTime

SEQ = BigInteger().with_variant(Integer, "sqlite")


@dataclass(frozen=True)
class MessagingTables:
    """The seedwork tables of one service database."""

    outbox: Table
    inbox: Table
    dead_letter: Table
    idempotency: Table


def messaging_tables(metadata: MetaData) -> MessagingTables:
    """Define the seedwork tables on a service's metadata (so its Alembic sees them)."""
    outbox = Table(
        "outbox",
        metadata,
        Column("seq", SEQ, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("topic", String(120), nullable=False),
        Column("aggregate_type", String(60), nullable=False),
        Column("aggregate_id", String(64), nullable=False, index=True),
        Column("type", String(120), nullable=False),
        Column("payload", Text, nullable=False),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("sent_at", UTCDateTime(), nullable=True, index=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text, nullable=True),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(60), primary_key=True),
        Column("event_id", String(64), primary_key=True),
        Column("type", String(120), nullable=False),
        Column("processed_at", UTCDateTime(), nullable=False),
    )
    dead_letter = Table(
        "dead_letter",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("consumer", String(60), nullable=False),
        Column("event_id", String(64), nullable=True, index=True),
        Column("topic", String(120), nullable=False),
        Column("type", String(120), nullable=True),
        Column("payload", Text, nullable=False),
        Column("error", Text, nullable=False),
        Column("attempts", Integer, nullable=False),
        Column("status", String(20), nullable=False, default="open"),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("replayed_at", UTCDateTime(), nullable=True),
    )
    idempotency = Table(
        "idempotency_key",
        metadata,
        Column("principal", String(120), primary_key=True),
        Column("key", String(200), primary_key=True),
        Column("method", String(10), nullable=False),
        Column("path", String(400), nullable=False),
        Column("request_hash", String(64), nullable=False),
        Column("status_code", Integer, nullable=True),
        Column("content_type", String(100), nullable=True),
        Column("body", Text, nullable=True),
        Column("created_at", UTCDateTime(), nullable=False),
        # The lease of the request running under this key (ADR 0010): who holds it, until when.
        Column("claim", String(36), nullable=True),
        Column("locked_until", UTCDateTime(), nullable=True),
    )
    return MessagingTables(outbox, inbox, dead_letter, idempotency)
