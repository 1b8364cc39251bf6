"""idempotency_key: the lease of the request running under a key (ADR 0010)

A pending key is a lease held by one request (`claim`) until `locked_until`; after that a
retry may take it over. Rows written before this revision have neither: they count as
expired leases (a key left pending by a crash is freed by the upgrade).

Revision ID: m0002_idempotency_lease
Revises: m0001_messaging
Create Date: 2026-12-05
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales_common.db

revision: str = "m0002_idempotency_lease"
down_revision: str | None = "m0001_messaging"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("idempotency_key")}
    with op.batch_alter_table("idempotency_key", schema=None) as batch_op:
        if "claim" not in columns:
            batch_op.add_column(sa.Column("claim", sa.String(length=36), nullable=True))
        if "locked_until" not in columns:
            batch_op.add_column(sa.Column("locked_until",
                                          aftersales_common.db.UTCDateTime(timezone=True),
                                          nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("idempotency_key", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("claim")
