"""technicians (roster with skills, team and shift), clock lines per job, the waiting customer flag

Revision ID: e7a1c9d2b4f0
Revises: c4d2e3f6a7b8
Create Date: 2026-12-01 00:50:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aftersales_common.db


revision: str = 'e7a1c9d2b4f0'
down_revision: str | None = 'c4d2e3f6a7b8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('technician',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('dealer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('team', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('shift_start', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('shift_end', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dealer_id', 'user_id', name='uq_technician_dealer_user')
    )
    with op.batch_alter_table('technician', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_technician_dealer_id'), ['dealer_id'], unique=False)
    op.create_table('clock_line',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('order_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('job_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('technician', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('started_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('pause_reason', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['job.id'], ),
    sa.ForeignKeyConstraint(['order_id'], ['repair_order.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('clock_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clock_line_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clock_line_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clock_line_started_at'), ['started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_clock_line_technician'), ['technician'], unique=False)
    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customer_waiting', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        batch_op.drop_column('customer_waiting')
    with op.batch_alter_table('clock_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clock_line_technician'))
        batch_op.drop_index(batch_op.f('ix_clock_line_started_at'))
        batch_op.drop_index(batch_op.f('ix_clock_line_order_id'))
        batch_op.drop_index(batch_op.f('ix_clock_line_job_id'))
    op.drop_table('clock_line')
    with op.batch_alter_table('technician', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_technician_dealer_id'))
    op.drop_table('technician')
