"""complaint category (the customer-service guide's categories)

Revision ID: 9d3f1a6c0e57
Revises: 5b8e2c7d41a9
Create Date: 2026-11-30 14:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '9d3f1a6c0e57'
down_revision: str | None = '5b8e2c7d41a9'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=30),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_column('category')
