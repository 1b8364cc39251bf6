"""The fields billing reads from other services' events (tolerant reader: the rest is ignored).

Every field that carries money or says who pays is required: a producer that stops sending
one is dead-lettered, never priced with a guess.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel

from billing.domain.credit_note import ReturnedPart
from billing.domain.pricing import Job, NeededPart, PartMovement, PayType


class PartLineRead(BaseModel):
    part_no: str
    name: str = ""
    qty: Decimal
    unit_price: Decimal


class PartsIssuedRead(BaseModel):
    """`parts.issued` (parts) v1: lines issued to one job."""

    order_id: str
    job_id: str
    dealer_id: str
    lines: list[PartLineRead]

    def movements(self) -> list[PartMovement]:
        """The issue as movements of the order's parts ledger."""
        return [PartMovement(self.job_id, ln.part_no, ln.name, ln.qty, ln.unit_price)
                for ln in self.lines]


class PartsReturnedRead(BaseModel):
    """`parts.returned` (parts) v1: lines taken back from the order (job named when known)."""

    order_id: str
    job_id: str | None = None
    dealer_id: str
    lines: list[PartLineRead]

    def returned(self) -> list[ReturnedPart]:
        """The return as the domain reads it."""
        return [ReturnedPart(ln.part_no, ln.qty, ln.unit_price, ln.name, self.job_id)
                for ln in self.lines]


class NeededPartRead(BaseModel):
    part_no: str
    qty: Decimal


class JobRead(BaseModel):
    job_id: str
    op_code: str = ""
    description: str = ""
    labor_hours: Decimal
    pay_type: PayType
    status: str
    parts: list[NeededPartRead] = []

    def to_domain(self) -> Job:
        return Job(self.job_id, self.op_code, self.description, self.labor_hours, self.pay_type,
                   self.status, tuple(NeededPart(p.part_no, p.qty) for p in self.parts))


class QcPassedRead(BaseModel):
    """`order.qc_passed` (workshop) v1: the repair order as it leaves the workshop."""

    order_id: str
    order_no: str = ""
    dealer_id: str
    customer_id: str | None = None
    vehicle_id: str | None = None
    vin: str | None = None
    plate: str | None = None
    jobs: list[JobRead]


class SignedEstimateRead(BaseModel):
    """The estimate's figures as signed (money required)."""

    labour: Decimal
    parts: Decimal
    vat: Decimal
    total: Decimal
    quoted_total: Decimal
    promised_at: datetime | None = None


class OrderAuthorizedRead(BaseModel):
    """`order.authorized` (workshop) v1: the priced estimate the customer signed, if any."""

    order_id: str
    dealer_id: str
    estimate: SignedEstimateRead | None = None
