"""money columns as NUMERIC on PostgreSQL

Money was stored as two-place strings; on PostgreSQL it is NUMERIC(14, 2) now, so reports
can sum in SQL. Quantities keep their integer thousandths (`QuantityType`), which are
exact already. A no-op on SQLite and on databases created numeric.

Revision ID: c4f2a9d81e07
Revises: b60731b74455
Create Date: 2026-12-01 09:00:00
"""
from collections.abc import Sequence

from alembic import op

from aftersales_common.migrations import money_to_numeric

revision: str = 'c4f2a9d81e07'
down_revision: str | None = 'b60731b74455'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    money_to_numeric(op, {
        "part": ["unit_price", "unit_cost"],
        "issue": ["unit_price", "unit_cost"],
        "stock_movement": ["unit_cost"],
    })


def downgrade() -> None:
    # NUMERIC holds every value the text columns held; nothing to undo.
    pass
