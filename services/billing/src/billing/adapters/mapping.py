"""Explicit mapping between billing's rows and the Invoice aggregate (both directions)."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from aftersales_common.db import Session
from billing.adapters.tables import (
    CreditNoteLineRow,
    CreditNoteRow,
    InvoiceLineRow,
)
from billing.adapters.tables import (
    Invoice as InvoiceRow,
)
from billing.adapters.tables import (
    Payment as PaymentRow,
)
from billing.adapters.tables import (
    Refund as RefundRow,
)
from billing.adapters.tables import SignedEstimate as SignedEstimateRow
from billing.domain.credit_note import CreditNote
from billing.domain.events import CreditedLine
from billing.domain.invoice import Invoice, InvoiceStatus, Payment, PaymentMethod, Refund
from billing.domain.pricing import (
    InvoiceLine,
    Job,
    LineKind,
    MissingPart,
    NeededPart,
    PartMovement,
    PayType,
    Rates,
)


def jobs_to_json(jobs: tuple[Job, ...]) -> str:
    """The order's jobs as received, kept on the invoice (the pay type feeds warranty claims)."""
    return json.dumps([
        {"job_id": j.job_id, "op_code": j.op_code, "description": j.description,
         "labor_hours": str(j.labor_hours), "pay_type": j.pay_type.value, "status": j.status,
         "parts": [{"part_no": p.part_no, "qty": str(p.qty)} for p in j.parts]}
        for j in jobs
    ], ensure_ascii=False)


def jobs_from_json(text: str) -> tuple[Job, ...]:
    return tuple(
        Job(job_id=j["job_id"], op_code=j["op_code"], description=j["description"],
            labor_hours=Decimal(j["labor_hours"]), pay_type=PayType(j["pay_type"]), status=j["status"],
            parts=tuple(NeededPart(p["part_no"], Decimal(p["qty"])) for p in j["parts"]))
        for j in json.loads(text)
    )


def waiting_to_json(missing: tuple[MissingPart, ...]) -> str:
    return json.dumps([
        {"job_id": m.job_id, "part_no": m.part_no, "qty_needed": str(m.qty_needed),
         "qty_issued": str(m.qty_issued)} for m in missing
    ])


def waiting_from_json(text: str) -> tuple[MissingPart, ...]:
    return tuple(MissingPart(w["job_id"], w["part_no"], Decimal(w["qty_needed"]),
                             Decimal(w["qty_issued"])) for w in json.loads(text))


def line_of(r: InvoiceLineRow) -> InvoiceLine:
    return InvoiceLine(kind=LineKind(r.kind), job_id=r.job_id, op_code=r.op_code,
                       description=r.description, part_no=r.part_no, qty=r.qty,
                       unit_price=r.unit_price, amount=r.amount, charged_to=PayType(r.charged_to),
                       customer_amount=r.customer_amount)


def line_rows(invoice_id: str, lines: tuple[InvoiceLine, ...]) -> list[InvoiceLineRow]:
    return [InvoiceLineRow(invoice_id=invoice_id, position=i, kind=ln.kind.value, job_id=ln.job_id,
                           op_code=ln.op_code, description=ln.description[:500], part_no=ln.part_no,
                           qty=ln.qty, unit_price=ln.unit_price, amount=ln.amount,
                           charged_to=ln.charged_to.value, customer_amount=ln.customer_amount)
            for i, ln in enumerate(lines)]


def payment_of(r: PaymentRow) -> Payment:
    return Payment(id=r.id, amount=r.amount, method=PaymentMethod(r.method), reference=r.reference,
                   received_by=r.received_by, created_at=r.created_at, refunded=r.refunded,
                   provider_payment_id=r.provider_payment_id)


def refund_of(r: RefundRow) -> Refund:
    return Refund(id=r.id, payment_id=r.payment_id, amount=r.amount, reason=r.reason,
                  refunded_by=r.refunded_by, created_at=r.created_at)


def credit_note_of(r: CreditNoteRow, lines: list[CreditNoteLineRow]) -> CreditNote:
    return CreditNote(
        id=r.id, credit_note_no=r.credit_note_no, invoice_id=r.invoice_id,
        lines=tuple(CreditedLine(ln.job_id, ln.part_no, ln.name, ln.qty, ln.unit_price, ln.amount,
                                 PayType(ln.charged_to)) for ln in lines),
        net=r.net, vat_rate=r.vat_rate, vat=r.vat, total=r.total, issued_by=r.issued_by,
        issued_at=r.issued_at)


def credit_note_rows(invoice: Invoice, note: CreditNote) -> list[Any]:
    head = CreditNoteRow(id=note.id, credit_note_no=note.credit_note_no, invoice_id=invoice.id,
                         dealer_id=invoice.dealer_id, net=note.net, vat_rate=note.vat_rate,
                         vat=note.vat, total=note.total, issued_by=note.issued_by,
                         issued_at=note.issued_at)
    lines = [CreditNoteLineRow(credit_note_id=note.id, position=i, job_id=ln.job_id,
                               part_no=ln.part_no, name=ln.name[:200], qty=ln.qty,
                               unit_price=ln.unit_price, amount=ln.amount,
                               charged_to=ln.charged_to.value)
             for i, ln in enumerate(note.lines)]
    return [head, *lines]


def invoice_values(invoice: Invoice) -> dict[str, Any]:
    """The invoice row's columns from the aggregate."""
    return {
        "invoice_no": invoice.invoice_no, "status": invoice.status.value,
        "currency": invoice.rates.currency, "labour_rate": invoice.rates.labour_rate,
        "vat_rate": invoice.rates.vat_rate, "subtotal": invoice.subtotal, "vat": invoice.vat,
        "total": invoice.total, "warranty_amount": invoice.warranty_amount,
        "internal_amount": invoice.internal_amount, "paid": invoice.paid,
        "refunded": invoice.refunded, "jobs": jobs_to_json(invoice.jobs),
        "waiting_for": waiting_to_json(invoice.waiting_for), "issued_at": invoice.issued_at,
        "paid_at": invoice.paid_at,
    }


def new_invoice_row(invoice: Invoice) -> InvoiceRow:
    return InvoiceRow(id=invoice.id, order_id=invoice.order_id, order_no=invoice.order_no,
                      dealer_id=invoice.dealer_id, customer_id=invoice.customer_id,
                      vehicle_id=invoice.vehicle_id, vin=invoice.vin, plate=invoice.plate,
                      created_at=invoice.created_at, version=0, **invoice_values(invoice))


async def _children(session: Session, model: Any, key: Any, ids: list[str],
                    *order: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    if not ids:
        return out
    rows = (await session.execute(select(model).where(key.in_(ids)).order_by(key, *order))).scalars()
    for r in rows:
        out[getattr(r, key.key)].append(r)
    return out


async def assemble(session: Session, rows: list[InvoiceRow],
                   movements: dict[str, list[PartMovement]] | None = None) -> list[Invoice]:
    """Invoices with their lines, payments, refunds and credit notes (children loaded in batches)."""
    ids = [r.id for r in rows]
    lines = await _children(session, InvoiceLineRow, InvoiceLineRow.invoice_id, ids,
                            InvoiceLineRow.position)
    pays = await _children(session, PaymentRow, PaymentRow.invoice_id, ids, PaymentRow.created_at,
                           PaymentRow.id)
    refunds = await _children(session, RefundRow, RefundRow.invoice_id, ids, RefundRow.created_at,
                              RefundRow.id)
    notes = await _children(session, CreditNoteRow, CreditNoteRow.invoice_id, ids, CreditNoteRow.issued_at)
    note_lines = await _children(session, CreditNoteLineRow, CreditNoteLineRow.credit_note_id,
                                 [n.id for ns in notes.values() for n in ns], CreditNoteLineRow.position)
    signed = await signed_totals(session, [r.order_id for r in rows])
    return [Invoice(
        id=r.id, order_id=r.order_id, dealer_id=r.dealer_id,
        rates=Rates(r.labour_rate, r.vat_rate, r.currency), jobs=jobs_from_json(r.jobs),
        movements=list((movements or {}).get(r.order_id, [])), created_at=r.created_at,
        order_no=r.order_no, customer_id=r.customer_id, vehicle_id=r.vehicle_id, vin=r.vin,
        plate=r.plate, invoice_no=r.invoice_no, status=InvoiceStatus(r.status),
        lines=tuple(line_of(ln) for ln in lines[r.id]), subtotal=r.subtotal, vat=r.vat,
        total=r.total, warranty_amount=r.warranty_amount, internal_amount=r.internal_amount,
        waiting_for=waiting_from_json(r.waiting_for),
        payments=[payment_of(p) for p in pays[r.id]], refunds=[refund_of(x) for x in refunds[r.id]],
        credit_notes=[credit_note_of(n, note_lines[n.id]) for n in notes[r.id]],
        issued_at=r.issued_at, paid_at=r.paid_at, version=r.version,
        estimate_total=signed.get(r.order_id),
    ) for r in rows]


async def signed_totals(session: Session, order_ids: list[str]) -> dict[str, Decimal]:
    """The signed estimate's total per order (orders signed before work only)."""
    if not order_ids:
        return {}
    rows = await session.execute(select(SignedEstimateRow.order_id, SignedEstimateRow.total)
                                 .where(SignedEstimateRow.order_id.in_(order_ids)))
    return {order_id: total for order_id, total in rows.all()}
