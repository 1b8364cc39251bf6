"""Request and response bodies (separate from the tables: no mass assignment)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from aftersales_common.wire import Money
from aftersales_common.wire import PlainDecimal as Qty
from billing.adapters.tables import Invoice, InvoiceLineRow
from billing.domain.settlement import vat_rate_str

Rate = Annotated[Decimal, PlainSerializer(vat_rate_str, return_type=str)]
AmountIn = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2,
                                    description="two places at most, e.g. \"1234.50\"")]
Method = Literal["cash", "card", "wechat", "alipay", "bank_transfer", "voucher"]


class PaymentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: AmountIn
    method: Method
    reference: str | None = Field(default=None, max_length=100,
                                  description="card slip, WeChat/Alipay transaction or voucher no.")


class PaymentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    invoice_id: str
    amount: Money
    method: str
    reference: str | None
    refunded: Money
    received_by: str
    created_at: datetime


class RefundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: AmountIn
    reason: str = Field(min_length=1, max_length=500)
    payment_id: str | None = Field(default=None, max_length=36)


class RefundOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    invoice_id: str
    payment_id: str | None
    amount: Money
    reason: str
    refunded_by: str
    created_at: datetime


class LineOut(BaseModel):
    """One item, explained: warranty and internal items show their value at no cost to the customer."""

    kind: Literal["labour", "part"]
    job_id: str
    op_code: str
    description: str
    part_no: str | None
    hours: Qty | None = Field(description="labour lines: hours charged")
    qty: Qty | None = Field(description="part lines: quantity issued")
    unit_price: Money
    amount: Money
    charged_to: Literal["customer", "warranty", "internal"]
    customer_amount: Money

    @classmethod
    def of(cls, row: InvoiceLineRow) -> LineOut:
        labour = row.kind == "labour"
        return cls(kind=row.kind, job_id=row.job_id, op_code=row.op_code,  # type: ignore[arg-type]
                   description=row.description, part_no=row.part_no,
                   hours=row.qty if labour else None, qty=None if labour else row.qty,
                   unit_price=row.unit_price, amount=row.amount,
                   charged_to=row.charged_to, customer_amount=row.customer_amount)  # type: ignore[arg-type]


class WaitingPart(BaseModel):
    job_id: str
    part_no: str
    qty_needed: Qty
    qty_issued: Qty


class InvoiceOut(BaseModel):
    id: str
    invoice_no: str
    order_id: str
    order_no: str
    dealer_id: str
    customer_id: str | None
    vehicle_id: str | None
    vin: str | None
    plate: str | None
    status: Literal["draft", "issued", "paid", "refunded"]
    currency: str
    labour_rate: Money
    lines: list[LineOut]
    subtotal: Money
    vat_rate: Rate
    vat: Money
    total: Money
    warranty_amount: Money = Field(description="value of warranty items, not charged to the customer")
    internal_amount: Money = Field(description="value of internal items, not charged to the customer")
    paid: Money
    refunded: Money
    balance: Money
    waiting_for: list[WaitingPart] = Field(description="draft: parts not yet issued to a job")
    issued_at: datetime | None
    paid_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, invoice: Invoice, lines: list[InvoiceLineRow]) -> InvoiceOut:
        fields = {name: getattr(invoice, name) for name in cls.model_fields
                  if name not in ("lines", "balance", "waiting_for")}
        return cls(**fields, lines=[LineOut.of(r) for r in lines],
                   balance=invoice.total - invoice.paid,
                   waiting_for=[WaitingPart(**w) for w in json.loads(invoice.waiting_for)])


class RatesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    labour_rate: Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2)]
    vat_rate: Decimal | None = Field(default=None, ge=0, lt=1, decimal_places=4,
                                     description="null: the national rate (setting VAT_RATE)")
    currency: str | None = Field(default=None, pattern="^[A-Z]{3}$",
                                 description="null: the default currency")


class RatesOut(BaseModel):
    dealer_id: str
    labour_rate: Money
    vat_rate: Rate
    currency: str
    dealer_specific: bool
