"""Pricing a repair order: labour, issued parts, who pays, VAT, and what is still missing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from aftersales_common.money import ZERO, to_money

# Work the customer refused (or the workshop dropped) is neither invoiced nor awaited.
NOT_PERFORMED = frozenset({"declined", "cancelled"})


class PayType(StrEnum):
    """Who pays for a job (workshop's closed vocabulary)."""

    CUSTOMER = "customer"
    WARRANTY = "warranty"  # the manufacturer, through a warranty claim
    INTERNAL = "internal"  # the dealer itself


class LineKind(StrEnum):
    LABOUR = "labour"
    PART = "part"


@dataclass(frozen=True)
class NeededPart:
    """A part a job calls for."""

    part_no: str
    qty: Decimal


@dataclass(frozen=True)
class Job:
    """A job of the repair order as it stood when it passed QC."""

    job_id: str
    op_code: str
    description: str
    labor_hours: Decimal
    pay_type: PayType
    status: str
    parts: tuple[NeededPart, ...] = ()

    @property
    def performed(self) -> bool:
        """True unless the job was declined or cancelled."""
        return self.status not in NOT_PERFORMED


@dataclass(frozen=True)
class PartMovement:
    """Parts issued to a job (positive qty) or returned from it (negative qty)."""

    job_id: str
    part_no: str
    name: str
    qty: Decimal
    unit_price: Decimal


@dataclass(frozen=True)
class Rates:
    """A dealer's prices: labour per hour and VAT, both VAT-exclusive figures."""

    labour_rate: Decimal
    vat_rate: Decimal
    currency: str = "CNY"


@dataclass(frozen=True)
class InvoiceLine:
    """One explained item: its value, and how much of it the customer pays."""

    kind: LineKind
    job_id: str
    op_code: str
    description: str
    part_no: str | None
    qty: Decimal
    unit_price: Decimal
    amount: Decimal
    charged_to: PayType
    customer_amount: Decimal


@dataclass(frozen=True)
class MissingPart:
    """A part a job needs that parts has not (fully) issued yet."""

    job_id: str
    part_no: str
    qty_needed: Decimal
    qty_issued: Decimal


@dataclass(frozen=True)
class InvoiceDraft:
    """The computed invoice: lines, totals and what it still waits for."""

    lines: tuple[InvoiceLine, ...]
    subtotal: Decimal
    vat_rate: Decimal
    vat: Decimal
    total: Decimal
    warranty_amount: Decimal
    internal_amount: Decimal
    waiting_for: tuple[MissingPart, ...]

    @property
    def complete(self) -> bool:
        """Every part the performed jobs need has been issued."""
        return not self.waiting_for


def _line(kind: LineKind, job: Job, description: str, part_no: str | None, qty: Decimal,
          unit_price: Decimal) -> InvoiceLine:
    amount = to_money(qty * unit_price)
    charged_to = PayType(job.pay_type)
    return InvoiceLine(
        kind=kind, job_id=job.job_id, op_code=job.op_code, description=description,
        part_no=part_no, qty=qty, unit_price=to_money(unit_price), amount=amount,
        charged_to=charged_to,
        customer_amount=amount if charged_to is PayType.CUSTOMER else ZERO,
    )


def _net_issued(movements: Sequence[PartMovement]) -> dict[tuple[str, str, Decimal], tuple[str, Decimal]]:
    """Net quantity per (job, part, unit price): a return cancels the issue it reverses."""
    net: dict[tuple[str, str, Decimal], tuple[str, Decimal]] = {}
    for m in movements:
        key = (m.job_id, m.part_no, to_money(m.unit_price))
        name, qty = net.get(key, (m.name, Decimal(0)))
        net[key] = (name or m.name, qty + m.qty)
    return net


def missing_parts(jobs: Sequence[Job], movements: Sequence[PartMovement]) -> list[MissingPart]:
    """What the performed jobs need minus what has been issued to them, by job and part."""
    issued: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for m in movements:
        issued[(m.job_id, m.part_no)] += m.qty
    missing = []
    for job in jobs:
        if not job.performed:
            continue
        needed: dict[str, Decimal] = defaultdict(Decimal)
        for p in job.parts:
            needed[p.part_no] += p.qty
        for part_no, qty in needed.items():
            got = issued.get((job.job_id, part_no), Decimal(0))
            if got < qty:
                missing.append(MissingPart(job.job_id, part_no, qty, max(got, Decimal(0))))
    return missing


def build_invoice(jobs: Sequence[Job], movements: Sequence[PartMovement], rates: Rates) -> InvoiceDraft:
    """Price every performed job: labour hours x rate, parts qty x unit price, each to the fen.

    Warranty and internal lines keep their value but cost the customer nothing. The
    subtotal sums what the customer pays; VAT is the subtotal x rate, rounded once.
    """
    net = _net_issued(movements)
    lines: list[InvoiceLine] = []
    for job in jobs:
        if not job.performed:
            continue
        if job.labor_hours:
            lines.append(_line(LineKind.LABOUR, job, job.description, None, job.labor_hours,
                               rates.labour_rate))
        for (job_id, part_no, price), (name, qty) in sorted(net.items()):
            if job_id == job.job_id and qty > 0:
                lines.append(_line(LineKind.PART, job, name, part_no, qty, price))
    subtotal = sum((ln.customer_amount for ln in lines), ZERO)
    vat = to_money(subtotal * rates.vat_rate)
    return InvoiceDraft(
        lines=tuple(lines), subtotal=subtotal, vat_rate=rates.vat_rate, vat=vat,
        total=subtotal + vat,
        warranty_amount=sum((ln.amount for ln in lines if ln.charged_to == "warranty"), ZERO),
        internal_amount=sum((ln.amount for ln in lines if ln.charged_to == "internal"), ZERO),
        waiting_for=tuple(missing_parts(jobs, movements)),
    )


def job_of_return(part_no: str, movements: Sequence[PartMovement]) -> str:
    """The job a return without a job id comes back from: the one holding most of that part."""
    held: dict[str, Decimal] = defaultdict(Decimal)
    for m in movements:
        if m.part_no == part_no:
            held[m.job_id] += m.qty
    best = max(held.items(), key=lambda kv: kv[1], default=("", Decimal(0)))
    return best[0]


def vat_rate_str(rate: Decimal) -> str:
    """The wire form of a rate: at least two places ("0.13", "0.06", "0.065")."""
    text = format(Decimal(rate).normalize(), "f")
    if "." not in text or len(text.split(".")[1]) < 2:
        text = format(Decimal(rate).quantize(Decimal("0.01")), "f")
    return text
