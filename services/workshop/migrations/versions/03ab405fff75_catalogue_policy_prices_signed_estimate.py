"""operation catalogue, maintenance menus, workshop policy, price list, signed estimate, job skill

Revision ID: 03ab405fff75
Revises: c4d2e3f6a7b8
Create Date: 2026-11-30 16:40:36.340647
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aftersales_common.db


revision: str = '03ab405fff75'
down_revision: str | None = 'c4d2e3f6a7b8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('dealer_rate',
    sa.Column('dealer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('labour_rate', aftersales_common.db.MoneyType(length=32), nullable=False),
    sa.Column('vat_rate', aftersales_common.db.DecimalText(length=32), nullable=False),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('updated_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('dealer_id')
    )
    op.create_table('maintenance_menu',
    sa.Column('dealer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('mileage_km', sa.Integer(), nullable=True),
    sa.Column('operations', sa.JSON(), nullable=False),
    sa.Column('parts', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('updated_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('dealer_id', 'code')
    )
    op.create_table('operation',
    sa.Column('dealer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('op_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('standard_hours', aftersales_common.db.DecimalText(length=32), nullable=False),
    sa.Column('skill', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('guarantee_class', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('system', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('safety_related', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('updated_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('dealer_id', 'op_code')
    )
    op.create_table('part_price',
    sa.Column('dealer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('part_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('unit_price', aftersales_common.db.MoneyType(length=32), nullable=False),
    sa.Column('updated_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('dealer_id', 'part_no')
    )
    op.create_table('part_stock',
    sa.Column('dealer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('part_no', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('available', aftersales_common.db.DecimalText(length=32), nullable=False),
    sa.Column('on_order', aftersales_common.db.DecimalText(length=32), nullable=False),
    sa.Column('expected_date', sa.Date(), nullable=True),
    sa.Column('updated_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('dealer_id', 'part_no')
    )
    op.create_table('workshop_policy',
    sa.Column('dealer_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('updated_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('dealer_id')
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('skill', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                                      server_default='mechanical'))

    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_labour', aftersales_common.db.MoneyType(length=32), nullable=True))
        batch_op.add_column(sa.Column('signed_parts', aftersales_common.db.MoneyType(length=32), nullable=True))
        batch_op.add_column(sa.Column('signed_vat', aftersales_common.db.MoneyType(length=32), nullable=True))
        batch_op.add_column(sa.Column('signed_total', aftersales_common.db.MoneyType(length=32), nullable=True))
        batch_op.add_column(sa.Column('signed_quoted_total', aftersales_common.db.MoneyType(length=32), nullable=True))
        batch_op.add_column(sa.Column('promised_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('signed_at', aftersales_common.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('signature', sa.Text(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('repair_order', schema=None) as batch_op:
        batch_op.drop_column('signature')
        batch_op.drop_column('signed_at')
        batch_op.drop_column('promised_at')
        batch_op.drop_column('signed_quoted_total')
        batch_op.drop_column('signed_total')
        batch_op.drop_column('signed_vat')
        batch_op.drop_column('signed_parts')
        batch_op.drop_column('signed_labour')

    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_column('skill')

    op.drop_table('workshop_policy')
    op.drop_table('part_stock')
    op.drop_table('part_price')
    op.drop_table('operation')
    op.drop_table('maintenance_menu')
    op.drop_table('dealer_rate')
