"""messaging tables: outbox, inbox, dead_letter, idempotency_key

The shared "messaging" branch: every service's Alembic history runs it beside its own,
so a change to these tables is one migration here (ADR 0008). Databases created before
the branch existed already hold the tables; they are left as they are.

Revision ID: m0001_messaging
Revises:
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales_common.db

revision: str = "m0001_messaging"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("messaging",)
depends_on: str | Sequence[str] | None = None


def _exists(name: str) -> bool:
    return sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    if not _exists("outbox"):
        op.create_table(
            "outbox",
            sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True,
                      nullable=False),
            sa.Column("event_id", sa.String(length=36), nullable=False),
            sa.Column("topic", sa.String(length=120), nullable=False),
            sa.Column("aggregate_type", sa.String(length=60), nullable=False),
            sa.Column("aggregate_id", sa.String(length=64), nullable=False),
            sa.Column("type", sa.String(length=120), nullable=False),
            sa.Column("payload", sa.Text(), nullable=False),
            sa.Column("created_at", aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
            sa.Column("sent_at", aftersales_common.db.UTCDateTime(timezone=True), nullable=True),
            sa.Column("attempts", sa.Integer(), nullable=False),
            sa.Column("last_error", sa.Text(), nullable=True),
            sa.PrimaryKeyConstraint("seq"),
            sa.UniqueConstraint("event_id"),
        )
        with op.batch_alter_table("outbox", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_outbox_aggregate_id"), ["aggregate_id"], unique=False)
            batch_op.create_index(batch_op.f("ix_outbox_sent_at"), ["sent_at"], unique=False)
    if not _exists("inbox"):
        op.create_table(
            "inbox",
            sa.Column("consumer", sa.String(length=60), nullable=False),
            sa.Column("event_id", sa.String(length=64), nullable=False),
            sa.Column("type", sa.String(length=120), nullable=False),
            sa.Column("processed_at", aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("consumer", "event_id"),
        )
    if not _exists("dead_letter"):
        op.create_table(
            "dead_letter",
            sa.Column("id", sa.String(length=36), nullable=False),
            sa.Column("consumer", sa.String(length=60), nullable=False),
            sa.Column("event_id", sa.String(length=64), nullable=True),
            sa.Column("topic", sa.String(length=120), nullable=False),
            sa.Column("type", sa.String(length=120), nullable=True),
            sa.Column("payload", sa.Text(), nullable=False),
            sa.Column("error", sa.Text(), nullable=False),
            sa.Column("attempts", sa.Integer(), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("created_at", aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
            sa.Column("replayed_at", aftersales_common.db.UTCDateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("id"),
        )
        with op.batch_alter_table("dead_letter", schema=None) as batch_op:
            batch_op.create_index(batch_op.f("ix_dead_letter_event_id"), ["event_id"], unique=False)
    if not _exists("idempotency_key"):
        op.create_table(
            "idempotency_key",
            sa.Column("principal", sa.String(length=120), nullable=False),
            sa.Column("key", sa.String(length=200), nullable=False),
            sa.Column("method", sa.String(length=10), nullable=False),
            sa.Column("path", sa.String(length=400), nullable=False),
            sa.Column("request_hash", sa.String(length=64), nullable=False),
            sa.Column("status_code", sa.Integer(), nullable=True),
            sa.Column("content_type", sa.String(length=100), nullable=True),
            sa.Column("body", sa.Text(), nullable=True),
            sa.Column("created_at", aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("principal", "key"),
        )


def downgrade() -> None:
    for name in ("idempotency_key", "dead_letter", "inbox", "outbox"):
        op.drop_table(name)
