"""appointment channel; vehicle last service date

Revision ID: 7c2d9e41b5a0
Revises: 3f96a3e839ab
Create Date: 2026-12-01 09:00:00.000000

Appointments booked before the channel was recorded get one from what v1 knew: a
customer's own booking came through the app, a staff booking is taken as a phone call,
and a phone call is the customer's initiative (被动预约), so those rows, wrongly marked
dealer-initiated by v1, become customer-initiated.
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aftersales_common.db


revision: str = '7c2d9e41b5a0'
down_revision: str | None = '3f96a3e839ab'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=10),
                                      nullable=False, server_default='app'))
    op.execute("UPDATE appointment SET channel = 'phone', initiated_by = 'customer' "
               "WHERE initiated_by = 'dealer'")
    with op.batch_alter_table('vehicle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_service_at',
                                      aftersales_common.db.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('vehicle', schema=None) as batch_op:
        batch_op.drop_column('last_service_at')
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_column('channel')
