"""retention tasks (客户促进): reminders about declined or deferred work

Revision ID: a7c2e9f4b1d3
Revises: 9d3f1a6c0e57
Create Date: 2026-12-02 10:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aftersales_common.db

revision: str = 'a7c2e9f4b1d3'
down_revision: str | None = '9d3f1a6c0e57'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table('retention_task',
    sa.Column('id', S(length=36), nullable=False),
    sa.Column('dealer_id', S(length=36), nullable=False),
    sa.Column('customer_id', S(length=36), nullable=False),
    sa.Column('vehicle_id', S(length=36), nullable=False),
    sa.Column('source', S(length=20), nullable=False),
    sa.Column('source_id', S(length=36), nullable=False),
    sa.Column('order_id', S(length=36), nullable=False),
    sa.Column('order_no', S(length=30), nullable=False),
    sa.Column('plate', S(length=20), nullable=False),
    sa.Column('title', S(length=600), nullable=False),
    sa.Column('reason', S(length=500), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', S(length=10), nullable=False),
    sa.Column('outcome', S(length=20), nullable=True),
    sa.Column('note', S(length=500), nullable=False),
    sa.Column('done_by', S(length=120), nullable=True),
    sa.Column('done_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source', 'source_id', name='uq_retention_task_source')
    )
    with op.batch_alter_table('retention_task', schema=None) as batch_op:
        for column in ('dealer_id', 'customer_id', 'vehicle_id', 'due_on'):
            batch_op.create_index(batch_op.f(f'ix_retention_task_{column}'), [column], unique=False)


def downgrade() -> None:
    op.drop_table('retention_task')
