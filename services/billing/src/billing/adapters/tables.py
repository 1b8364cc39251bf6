"""Billing's own database tables (SQLModel, own metadata) plus the seedwork tables."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Column, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from aftersales_common.clock import new_id, utcnow
from aftersales_common.db import decimal_column, money_column, utc_column
from aftersales_common.messaging.tables import messaging_tables
from aftersales_common.money import ZERO


class BillingTable(SQLModel, registry=registry()):
    """Base of billing's tables: a metadata of its own."""


class DealerRate(BillingTable, table=True):
    """A dealer's labour rate; a null VAT rate or currency follows the settings."""

    __tablename__ = "dealer_rate"
    dealer_id: str = Field(primary_key=True, max_length=36)
    labour_rate: Decimal = Field(sa_column=money_column(nullable=False))
    vat_rate: Decimal | None = Field(default=None, sa_column=decimal_column(nullable=True))
    currency: str | None = Field(default=None, max_length=3)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class SignedEstimate(BillingTable, table=True):
    """The estimate the customer signed before work (from `order.authorized`), per order."""

    __tablename__ = "signed_estimate"
    order_id: str = Field(primary_key=True, max_length=36)
    dealer_id: str = Field(index=True, max_length=36)
    labour: Decimal = Field(sa_column=money_column(nullable=False))
    parts: Decimal = Field(sa_column=money_column(nullable=False))
    vat: Decimal = Field(sa_column=money_column(nullable=False))
    total: Decimal = Field(sa_column=money_column(nullable=False))
    quoted_total: Decimal = Field(sa_column=money_column(nullable=False))
    promised_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class BilledOrder(BillingTable, table=True):
    """One row per repair order seen: the lock that serialises its events (parts vs QC)."""

    __tablename__ = "billed_order"
    order_id: str = Field(primary_key=True, max_length=36)
    dealer_id: str = Field(max_length=36)
    changes: int = 0


class PartMovementRow(BillingTable, table=True):
    """Parts issued to (qty > 0) or returned from (qty < 0) a job of an order."""

    __tablename__ = "part_movement"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    order_id: str = Field(index=True, max_length=36)
    job_id: str = Field(max_length=36)
    dealer_id: str = Field(max_length=36)
    part_no: str = Field(max_length=60)
    name: str = Field(default="", max_length=200)
    qty: Decimal = Field(sa_column=decimal_column(nullable=False))
    unit_price: Decimal = Field(sa_column=money_column(nullable=False))
    event_id: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Invoice(BillingTable, table=True):
    """The settlement list (结算单) of one repair order."""

    __table_args__ = (UniqueConstraint("dealer_id", "invoice_no", name="uq_invoice_dealer_no"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    invoice_no: str | None = Field(default=None, max_length=30)  # null until issued
    order_id: str = Field(unique=True, max_length=36)
    order_no: str = Field(default="", max_length=40)
    dealer_id: str = Field(index=True, max_length=36)
    customer_id: str | None = Field(default=None, index=True, max_length=36)
    vehicle_id: str | None = Field(default=None, max_length=36)
    vin: str | None = Field(default=None, max_length=17)
    plate: str | None = Field(default=None, max_length=20)
    status: str = Field(default="draft", max_length=20, index=True)
    currency: str = Field(default="CNY", max_length=3)
    labour_rate: Decimal = Field(sa_column=money_column(nullable=False))
    vat_rate: Decimal = Field(sa_column=decimal_column(nullable=False))
    subtotal: Decimal = Field(default=ZERO, sa_column=money_column(nullable=False))
    vat: Decimal = Field(default=ZERO, sa_column=money_column(nullable=False))
    total: Decimal = Field(default=ZERO, sa_column=money_column(nullable=False))
    warranty_amount: Decimal = Field(default=ZERO, sa_column=money_column(nullable=False))
    internal_amount: Decimal = Field(default=ZERO, sa_column=money_column(nullable=False))
    paid: Decimal = Field(default=ZERO, sa_column=money_column(nullable=False))
    refunded: Decimal = Field(default=ZERO, sa_column=money_column(nullable=False))
    jobs: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    waiting_for: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    version: int = 0
    issued_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    paid_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class InvoiceLineRow(BillingTable, table=True):
    """One explained item of an invoice."""

    __tablename__ = "invoice_line"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    invoice_id: str = Field(foreign_key="invoice.id", index=True, max_length=36)
    position: int
    kind: str = Field(max_length=10)
    job_id: str = Field(max_length=36)
    op_code: str = Field(default="", max_length=40)
    description: str = Field(default="", max_length=500)
    part_no: str | None = Field(default=None, max_length=60)
    qty: Decimal = Field(sa_column=decimal_column(nullable=False))
    unit_price: Decimal = Field(sa_column=money_column(nullable=False))
    amount: Decimal = Field(sa_column=money_column(nullable=False))
    charged_to: str = Field(max_length=10)
    customer_amount: Decimal = Field(sa_column=money_column(nullable=False))


class Payment(BillingTable, table=True):
    __table_args__ = (UniqueConstraint("provider_payment_id", name="uq_payment_provider_payment_id"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    invoice_id: str = Field(foreign_key="invoice.id", index=True, max_length=36)
    dealer_id: str = Field(max_length=36)
    amount: Decimal = Field(sa_column=money_column(nullable=False))
    method: str = Field(max_length=20)
    reference: str | None = Field(default=None, max_length=100)
    refunded: Decimal = Field(default=ZERO, sa_column=money_column(nullable=False))
    received_by: str = Field(max_length=120)
    # Online payments: the provider's payment id; unique, so a repeated confirmation never
    # records a second payment.
    provider_payment_id: str | None = Field(default=None, max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class Refund(BillingTable, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    invoice_id: str = Field(foreign_key="invoice.id", index=True, max_length=36)
    payment_id: str | None = Field(default=None, foreign_key="payment.id", max_length=36)
    dealer_id: str = Field(max_length=36)
    amount: Decimal = Field(sa_column=money_column(nullable=False))
    reason: str = Field(max_length=500)
    refunded_by: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class InvoiceCounter(BillingTable, table=True):
    """The last invoice number handed out per dealer and year."""

    __tablename__ = "invoice_counter"
    dealer_id: str = Field(primary_key=True, max_length=36)
    year: int = Field(primary_key=True)
    last: int = 0


class CreditNoteRow(BillingTable, table=True):
    """A credit note (红字发票) of an issued invoice: parts returned after issue."""

    __tablename__ = "credit_note"
    __table_args__ = (UniqueConstraint("dealer_id", "credit_note_no", name="uq_credit_note_dealer_no"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    credit_note_no: str = Field(max_length=30)
    invoice_id: str = Field(foreign_key="invoice.id", index=True, max_length=36)
    dealer_id: str = Field(max_length=36)
    net: Decimal = Field(sa_column=money_column(nullable=False))
    vat_rate: Decimal = Field(sa_column=decimal_column(nullable=False))
    vat: Decimal = Field(sa_column=money_column(nullable=False))
    total: Decimal = Field(sa_column=money_column(nullable=False))
    issued_by: str = Field(max_length=120)
    issued_at: datetime = Field(default_factory=utcnow, sa_column=utc_column(nullable=False))


class CreditNoteLineRow(BillingTable, table=True):
    """One returned part credited."""

    __tablename__ = "credit_note_line"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    credit_note_id: str = Field(foreign_key="credit_note.id", index=True, max_length=36)
    position: int
    job_id: str = Field(max_length=36)
    part_no: str = Field(max_length=60)
    name: str = Field(default="", max_length=200)
    qty: Decimal = Field(sa_column=decimal_column(nullable=False))
    unit_price: Decimal = Field(sa_column=money_column(nullable=False))
    amount: Decimal = Field(sa_column=money_column(nullable=False))
    charged_to: str = Field(max_length=10)


class CreditNoteCounter(BillingTable, table=True):
    """The last credit-note number handed out per dealer and (local) year."""

    __tablename__ = "credit_note_counter"
    dealer_id: str = Field(primary_key=True, max_length=36)
    year: int = Field(primary_key=True)
    last: int = 0


metadata = BillingTable.metadata
messaging = messaging_tables(metadata)
