"""Readers of workshop's events: only the fields parts uses (extra fields ignored).

Parts never interprets workshop's job statuses: `order.authorized` and
`order.additional_work_approved` say exactly which lines to reserve now (`reserve`,
required), `order.cancelled` means release everything held for the order, and
`job.started` names the lines to issue to that job.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel

from parts.domain.quantity import QTY_PLACES
from parts.domain.reservation import needs_by_job
from parts.domain.stock import needs_by_part, normalise_part_no


def _exact(qty: Decimal) -> Decimal:
    exponent = qty.normalize().as_tuple().exponent
    if not qty.is_finite() or (isinstance(exponent, int) and exponent < -QTY_PLACES):
        raise ValueError(f"qty must be finite with at most {QTY_PLACES} decimal places")
    return qty


Qty = Annotated[Decimal, AfterValidator(_exact)]
PartNo = Annotated[str, AfterValidator(normalise_part_no)]


class PartLine(BaseModel):
    part_no: PartNo
    qty: Qty


class ReserveLine(BaseModel):
    """One line to reserve now, for one job."""

    job_id: str
    part_no: PartNo
    qty: Qty


class OrderApproved(BaseModel):
    """`order.authorized` and `order.additional_work_approved`: the lines to reserve now."""

    order_id: str
    dealer_id: str
    reserve: list[ReserveLine]

    def jobs(self) -> list[tuple[str, dict[str, Decimal]]]:
        """Per job (first-seen order) its needs summed per part number."""
        return needs_by_job((r.job_id, r.part_no, r.qty) for r in self.reserve)


class OrderCancelled(BaseModel):
    """`order.cancelled`: release everything held for the order."""

    order_id: str
    dealer_id: str


class JobStarted(BaseModel):
    """`job.started`: the lines to issue to that job."""

    order_id: str
    job_id: str
    dealer_id: str
    parts: list[PartLine]

    def needs(self) -> dict[str, Decimal]:
        return needs_by_part((p.part_no, p.qty) for p in self.parts)
