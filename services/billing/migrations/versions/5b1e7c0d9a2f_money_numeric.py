"""money and quantities as NUMERIC on PostgreSQL

Databases created while money was stored as text get NUMERIC(14, 2) money columns and
NUMERIC(18, 4) quantity, hours and rate columns; a no-op on SQLite and on a fresh
PostgreSQL database.

Revision ID: 5b1e7c0d9a2f
Revises: e323026cba1b
Create Date: 2026-11-30 12:00:00
"""
from collections.abc import Sequence

from alembic import op

from aftersales_common.migrations import money_to_numeric


revision: str = '5b1e7c0d9a2f'
down_revision: str | None = 'e323026cba1b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = {
    "dealer_rate": ["labour_rate"],
    "invoice": ["labour_rate", "subtotal", "vat", "total", "warranty_amount", "internal_amount",
                "paid", "refunded"],
    "invoice_line": ["unit_price", "amount", "customer_amount"],
    "part_movement": ["unit_price"],
    "payment": ["amount", "refunded"],
    "refund": ["amount"],
}
DECIMALS = {
    "dealer_rate": ["vat_rate"],
    "invoice": ["vat_rate"],
    "invoice_line": ["qty"],
    "part_movement": ["qty"],
}


def upgrade() -> None:
    money_to_numeric(op, MONEY)
    money_to_numeric(op, DECIMALS, scale=4, precision=18)


def downgrade() -> None:
    pass  # text money is not coming back: NUMERIC holds the same exact values
