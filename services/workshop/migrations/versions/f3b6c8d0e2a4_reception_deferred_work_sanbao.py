"""reception (visit, greeting, words, choices, rule flags), 3C, structured walk-around,
deferred work and 三包 alerts

Revision ID: f3b6c8d0e2a4
Revises: c4d2e3f6a7b8
Create Date: 2026-12-02 10:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aftersales_common.db


revision: str = 'f3b6c8d0e2a4'
down_revision: str | None = 'c4d2e3f6a7b8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def _time(name: str, nullable: bool) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, aftersales_common.db.UTCDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table('reception',
    sa.Column('order_id', S(length=36), nullable=False),
    sa.Column('visit_type', S(length=20), nullable=False),
    sa.Column('arrival', S(length=10), nullable=False),
    _time('arrived_at', True),
    _time('greeted_at', True),
    sa.Column('greeted_by', S(length=120), nullable=True),
    sa.Column('greet_target_minutes', sa.Integer(), nullable=False),
    sa.Column('customer_words', S(length=2000), nullable=False),
    sa.Column('payment_method', S(length=20), nullable=True),
    sa.Column('old_parts', S(length=10), nullable=True),
    sa.Column('extra_work_needs_approval', sa.Boolean(), nullable=False),
    sa.Column('recorded_by', S(length=120), nullable=True),
    _time('recorded_at', True),
    sa.Column('repeat_of', S(length=36), nullable=True),
    sa.Column('comeback', sa.JSON(), nullable=True),
    sa.Column('loaner_required', sa.Boolean(), nullable=False),
    _time('loaner_due_at', True),
    sa.ForeignKeyConstraint(['order_id'], ['repair_order.id'], ),
    sa.PrimaryKeyConstraint('order_id')
    )
    with op.batch_alter_table('reception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_repeat_of'), ['repeat_of'], unique=False)
    op.create_table('deferred_work',
    sa.Column('id', S(length=36), nullable=False),
    sa.Column('dealer_id', S(length=36), nullable=False),
    sa.Column('vehicle_id', S(length=36), nullable=False),
    sa.Column('customer_id', S(length=36), nullable=False),
    sa.Column('order_id', S(length=36), nullable=False),
    sa.Column('order_no', S(length=30), nullable=False),
    sa.Column('job_id', S(length=36), nullable=False),
    sa.Column('op_code', S(length=40), nullable=False),
    sa.Column('description', S(length=500), nullable=False),
    sa.Column('labor_hours', aftersales_common.db.DecimalText(length=32), nullable=False),
    sa.Column('parts', sa.JSON(), nullable=False),
    sa.Column('kind', S(length=10), nullable=False),
    sa.Column('reason', S(length=500), nullable=False),
    sa.Column('remind_on', sa.Date(), nullable=True),
    sa.Column('status', S(length=10), nullable=False),
    sa.Column('recorded_by', S(length=120), nullable=False),
    _time('recorded_at', False),
    sa.Column('taken_up_order_id', S(length=36), nullable=True),
    sa.Column('taken_up_job_id', S(length=36), nullable=True),
    _time('taken_up_at', True),
    sa.ForeignKeyConstraint(['order_id'], ['repair_order.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('deferred_work', schema=None) as batch_op:
        for column in ('dealer_id', 'vehicle_id', 'customer_id', 'order_id'):
            batch_op.create_index(batch_op.f(f'ix_deferred_work_{column}'), [column], unique=False)
    op.create_table('sanbao_alert',
    sa.Column('id', S(length=36), nullable=False),
    sa.Column('dealer_id', S(length=36), nullable=False),
    sa.Column('vehicle_id', S(length=36), nullable=False),
    sa.Column('customer_id', S(length=36), nullable=False),
    sa.Column('vin', S(length=17), nullable=False),
    sa.Column('plate', S(length=20), nullable=False),
    sa.Column('reason', S(length=20), nullable=False),
    sa.Column('system_key', S(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('limit', sa.Integer(), nullable=False),
    sa.Column('order_ids', sa.JSON(), nullable=False),
    sa.Column('raised_on_order', S(length=36), nullable=False),
    sa.Column('status', S(length=15), nullable=False),
    sa.Column('acknowledged_by', S(length=120), nullable=True),
    _time('acknowledged_at', True),
    sa.Column('note', S(length=500), nullable=False),
    _time('raised_at', False),
    _time('updated_at', False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('vehicle_id', 'reason', 'system_key',
                        name='uq_sanbao_alert_vehicle_reason')
    )
    with op.batch_alter_table('sanbao_alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sanbao_alert_dealer_id'), ['dealer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sanbao_alert_vehicle_id'), ['vehicle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sanbao_alert_raised_at'), ['raised_at'], unique=False)
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('three_c', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('pay_reason', S(length=200), nullable=True))
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_column('detail')
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_column('pay_reason')
        batch_op.drop_column('three_c')
    op.drop_table('sanbao_alert')
    op.drop_table('deferred_work')
    op.drop_table('reception')
