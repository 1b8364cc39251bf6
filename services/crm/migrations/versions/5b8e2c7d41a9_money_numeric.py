"""CSI scores as exact decimals: NUMERIC(18, 4) on PostgreSQL, the plain string on SQLite

Revision ID: 5b8e2c7d41a9
Revises: 1e33a7b57b03
Create Date: 2026-11-30 14:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from aftersales_common.migrations import money_to_numeric

revision: str = '5b8e2c7d41a9'
down_revision: str | None = '1e33a7b57b03'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CSI_SCORES = {"callback_task": ["csi_score"], "csi_survey": ["csi_score"]}


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        money_to_numeric(op, CSI_SCORES, scale=4, precision=18)
        return
    # SQLite keeps the exact string (DecimalText), only wider.
    for table, columns in CSI_SCORES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, type_=sa.String(32), existing_type=sa.String(8))


def downgrade() -> None:
    for table, columns in CSI_SCORES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, type_=sa.String(8),
                                      postgresql_using=f'"{column}"::text')
