"""vehicle files (projection of booking's customers and vehicles) and the QC round

Revision ID: c4d2e3f6a7b8
Revises: b3c1d2e4f5a6
Create Date: 2026-12-01 09:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aftersales_common.db


revision: str = 'c4d2e3f6a7b8'
down_revision: str | None = 'b3c1d2e4f5a6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('known_customer',
    sa.Column('customer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('dealer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('updated_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('customer_id')
    )
    with op.batch_alter_table('known_customer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_known_customer_dealer_id'), ['dealer_id'], unique=False)
    op.create_table('known_vehicle',
    sa.Column('vehicle_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('customer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('dealer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('vin', sqlmodel.sql.sqltypes.AutoString(length=17), nullable=False),
    sa.Column('plate', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('model', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('updated_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('vehicle_id')
    )
    with op.batch_alter_table('known_vehicle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_known_vehicle_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_known_vehicle_dealer_id'), ['dealer_id'], unique=False)
    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('qc_stage', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
    with op.batch_alter_table('qc_check', schema=None) as batch_op:  # "pre_delivery" is 12 long
        batch_op.alter_column('level', existing_type=sqlmodel.sql.sqltypes.AutoString(length=10),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=20), existing_nullable=False)
    # Orders past the final check under v1 (three levels) stand where v2 expects the advisor's check.
    op.execute("UPDATE repair_order SET qc_stage = 'final' WHERE status = 'qc_passed'")
    op.execute("UPDATE repair_order SET qc_stage = 'pre_delivery' WHERE status = 'delivered'")


def downgrade() -> None:
    with op.batch_alter_table('qc_check', schema=None) as batch_op:
        batch_op.alter_column('level', existing_type=sqlmodel.sql.sqltypes.AutoString(length=20),
                              type_=sqlmodel.sql.sqltypes.AutoString(length=10), existing_nullable=False)
    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        batch_op.drop_column('qc_stage')
    with op.batch_alter_table('known_vehicle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_known_vehicle_dealer_id'))
        batch_op.drop_index(batch_op.f('ix_known_vehicle_customer_id'))
    op.drop_table('known_vehicle')
    with op.batch_alter_table('known_customer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_known_customer_dealer_id'))
    op.drop_table('known_customer')
