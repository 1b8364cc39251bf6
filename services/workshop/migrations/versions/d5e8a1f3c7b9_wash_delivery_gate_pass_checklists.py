"""washing and delivery on the order (next service, settlement no.), QC checklists, gate passes

Revision ID: d5e8a1f3c7b9
Revises: c4d2e3f6a7b8
Create Date: 2026-12-01 01:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aftersales_common.db


revision: str = 'd5e8a1f3c7b9'
down_revision: str | None = 'c4d2e3f6a7b8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('qc_checklist_item',
    sa.Column('dealer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('dealer_id', 'level', 'code')
    )
    op.create_table('gate_pass',
    sa.Column('order_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('dealer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('issued_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('issued_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('exited_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('checked_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['repair_order.id'], ),
    sa.PrimaryKeyConstraint('order_id')
    )
    with op.batch_alter_table('gate_pass', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gate_pass_code'), ['code'], unique=True)
        batch_op.create_index(batch_op.f('ix_gate_pass_dealer_id'), ['dealer_id'], unique=False)
    with op.batch_alter_table('qc_check', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checklist', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('rework_technicians', sa.JSON(), nullable=True))
    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wash_outcome', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))
        batch_op.add_column(sa.Column('washed_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column('ready_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('warranty_signed_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column('old_parts_handled', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('documents_handed', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('next_service_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('next_service_km', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('next_service_basis', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))
        batch_op.add_column(sa.Column('invoice_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column('invoice_total', aftersales_common.db.MoneyType(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        for name in ('invoice_total', 'invoice_no', 'next_service_basis', 'next_service_km',
                     'next_service_on', 'documents_handed', 'old_parts_handled',
                     'warranty_signed_by', 'ready_at', 'washed_by', 'wash_outcome'):
            batch_op.drop_column(name)
    with op.batch_alter_table('qc_check', schema=None) as batch_op:
        batch_op.drop_column('rework_technicians')
        batch_op.drop_column('checklist')
    with op.batch_alter_table('gate_pass', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gate_pass_dealer_id'))
        batch_op.drop_index(batch_op.f('ix_gate_pass_code'))
    op.drop_table('gate_pass')
    op.drop_table('qc_checklist_item')
