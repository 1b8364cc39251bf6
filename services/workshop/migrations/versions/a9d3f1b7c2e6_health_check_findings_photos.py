"""the digital vehicle inspection (健康车检): checklists, inspections, results, findings, photos;
the finding a job prices

Revision ID: a9d3f1b7c2e6
Revises: c4d2e3f6a7b8
Create Date: 2026-12-01 01:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aftersales_common.db


revision: str = 'a9d3f1b7c2e6'
down_revision: str | None = 'c4d2e3f6a7b8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
T = aftersales_common.db.UTCDateTime


def upgrade() -> None:
    op.create_table('dvi_checklist',
    sa.Column('id', S(length=36), nullable=False),
    sa.Column('dealer_id', S(length=36), nullable=False),
    sa.Column('name_zh', S(length=200), nullable=False),
    sa.Column('name_en', S(length=200), nullable=False),
    sa.Column('groups', sa.JSON(), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.Column('created_at', T(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dvi_checklist', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dvi_checklist_dealer_id'), ['dealer_id'], unique=False)
    op.create_table('dvi_inspection',
    sa.Column('id', S(length=36), nullable=False),
    sa.Column('order_id', S(length=36), nullable=False),
    sa.Column('dealer_id', S(length=36), nullable=False),
    sa.Column('customer_id', S(length=36), nullable=False),
    sa.Column('vehicle_id', S(length=36), nullable=False),
    sa.Column('checklist_id', S(length=36), nullable=False),
    sa.Column('status', S(length=12), nullable=False),
    sa.Column('started_by', S(length=120), nullable=False),
    sa.Column('started_at', T(timezone=True), nullable=False),
    sa.Column('completed_by', S(length=120), nullable=True),
    sa.Column('completed_at', T(timezone=True), nullable=True),
    sa.Column('updated_at', T(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['checklist_id'], ['dvi_checklist.id'], ),
    sa.ForeignKeyConstraint(['order_id'], ['repair_order.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('order_id')
    )
    with op.batch_alter_table('dvi_inspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dvi_inspection_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dvi_inspection_dealer_id'), ['dealer_id'], unique=False)
    op.create_table('dvi_result',
    sa.Column('inspection_id', S(length=36), nullable=False),
    sa.Column('point_code', S(length=40), nullable=False),
    sa.Column('grade', S(length=10), nullable=False),
    sa.Column('note', S(length=1000), nullable=False),
    sa.Column('measured', aftersales_common.db.DecimalText(), nullable=True),
    sa.Column('graded_by', S(length=120), nullable=False),
    sa.Column('graded_at', T(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['dvi_inspection.id'], ),
    sa.PrimaryKeyConstraint('inspection_id', 'point_code')
    )
    op.create_table('dvi_finding',
    sa.Column('id', S(length=36), nullable=False),
    sa.Column('inspection_id', S(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('point_code', S(length=40), nullable=True),
    sa.Column('severity', S(length=10), nullable=False),
    sa.Column('title', S(length=300), nullable=False),
    sa.Column('note', S(length=1000), nullable=False),
    sa.Column('raised_by', S(length=120), nullable=False),
    sa.Column('raised_at', T(timezone=True), nullable=False),
    sa.Column('job_id', S(length=36), nullable=True),
    sa.Column('proposed_by', S(length=120), nullable=True),
    sa.Column('proposed_at', T(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['inspection_id'], ['dvi_inspection.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dvi_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dvi_finding_inspection_id'), ['inspection_id'], unique=False)
    op.create_table('photo',
    sa.Column('id', S(length=36), nullable=False),
    sa.Column('dealer_id', S(length=36), nullable=False),
    sa.Column('order_id', S(length=36), nullable=False),
    sa.Column('customer_id', S(length=36), nullable=False),
    sa.Column('inspection_id', S(length=36), nullable=True),
    sa.Column('point_code', S(length=40), nullable=True),
    sa.Column('finding_id', S(length=36), nullable=True),
    sa.Column('object_key', S(length=300), nullable=False),
    sa.Column('content_type', S(length=40), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', S(length=120), nullable=False),
    sa.Column('uploaded_at', T(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['dvi_inspection.id'], ),
    sa.ForeignKeyConstraint(['order_id'], ['repair_order.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_photo_dealer_id'), ['dealer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_photo_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_photo_order_id'), ['order_id'], unique=False)
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('finding_id', S(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_column('finding_id')
    op.drop_table('photo')
    op.drop_table('dvi_finding')
    op.drop_table('dvi_result')
    op.drop_table('dvi_inspection')
    op.drop_table('dvi_checklist')
