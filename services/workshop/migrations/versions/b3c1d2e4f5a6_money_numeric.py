"""money numeric: labour hours and part quantities as NUMERIC on PostgreSQL

Revision ID: b3c1d2e4f5a6
Revises: 77928f6a8388
Create Date: 2026-12-01 09:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

from aftersales_common.migrations import money_to_numeric


revision: str = 'b3c1d2e4f5a6'
down_revision: str | None = '77928f6a8388'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUANTITIES = {"job": ["labor_hours"],
              "parts_status": ["held", "issued", "short", "awaiting_initial"]}


def upgrade() -> None:
    # Workshop has no money columns; hours and quantities are DecimalText (NUMERIC(18, 4)).
    money_to_numeric(op, QUANTITIES, scale=4, precision=18)


def downgrade() -> None:
    # Converting back to text would lose nothing but gains nothing either; keep NUMERIC.
    pass
