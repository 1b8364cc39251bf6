"""online payments: provider payment id, unique (a confirmation is recorded once)

Revision ID: e6c575315505
Revises: a1c2e3d4f5b6
Create Date: 2026-11-30 14:16:12.781035
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'e6c575315505'
down_revision: str | None = 'a1c2e3d4f5b6'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('provider_payment_id',
                                      sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.create_unique_constraint('uq_payment_provider_payment_id', ['provider_payment_id'])


def downgrade() -> None:
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_constraint('uq_payment_provider_payment_id', type_='unique')
        batch_op.drop_column('provider_payment_id')
