"""The fields billing reads from other services' events (tolerant reader: the rest is ignored)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from billing.domain.invoice import Job, NeededPart, PartMovement


class PartLineRead(BaseModel):
    part_no: str
    name: str = ""
    qty: Decimal
    unit_price: Decimal


class PartsMovedRead(BaseModel):
    """`parts.issued` and `parts.returned`."""

    order_id: str
    job_id: str
    dealer_id: str
    lines: list[PartLineRead]

    def movements(self, sign: int) -> list[PartMovement]:
        return [PartMovement(self.job_id, ln.part_no, ln.name, ln.qty * sign, ln.unit_price)
                for ln in self.lines]


class NeededPartRead(BaseModel):
    part_no: str
    qty: Decimal


class JobRead(BaseModel):
    job_id: str
    op_code: str = ""
    description: str = ""
    labor_hours: Decimal = Decimal(0)
    pay_type: str = "customer"
    status: str = ""
    parts: list[NeededPartRead] = []

    def to_domain(self) -> Job:
        return Job(self.job_id, self.op_code, self.description, self.labor_hours, self.pay_type,
                   self.status, tuple(NeededPart(p.part_no, p.qty) for p in self.parts))


class QcPassedRead(BaseModel):
    """`order.qc_passed`: the repair order as it leaves the workshop."""

    order_id: str
    order_no: str = ""
    dealer_id: str
    customer_id: str | None = None
    vehicle_id: str | None = None
    vin: str | None = None
    plate: str | None = None
    jobs: list[JobRead]
