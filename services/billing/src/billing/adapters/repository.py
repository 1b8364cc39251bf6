"""All of billing's queries."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from aftersales_common.auth import Principal
from aftersales_common.db import insert_ignore
from aftersales_common.errors import NotFound
from aftersales_common.web.pagination import keyset, page_of
from billing.adapters.tables import (
    BilledOrder,
    DealerRate,
    Invoice,
    InvoiceCounter,
    InvoiceLineRow,
    PartMovementRow,
    Payment,
    Refund,
)
from billing.config import BillingSettings
from billing.domain.invoice import InvoiceLine, Job, MissingPart, NeededPart, PartMovement, Rates


class BillingRepository:
    """Reads and writes within one session, always scoped to the caller."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- orders and parts (event side) ---

    async def lock_order(self, order_id: str, dealer_id: str) -> None:
        """Serialise everything that touches one order's billing (row lock until commit)."""
        await insert_ignore(self.session, BilledOrder.__table__,
                            {"order_id": order_id, "dealer_id": dealer_id, "changes": 0},
                            ["order_id"])
        await self.session.execute(
            update(BilledOrder).where(BilledOrder.order_id == order_id)
            .values(changes=BilledOrder.changes + 1)
        )

    def add_movements(self, rows: list[PartMovementRow]) -> None:
        self.session.add_all(rows)

    async def movements(self, order_id: str) -> list[PartMovement]:
        await self.session.flush()
        rows = (await self.session.execute(
            select(PartMovementRow).where(PartMovementRow.order_id == order_id)
            .order_by(PartMovementRow.created_at, PartMovementRow.id))).scalars().all()
        return [PartMovement(r.job_id, r.part_no, r.name, r.qty, r.unit_price) for r in rows]

    async def invoice_for_order(self, order_id: str) -> Invoice | None:
        return (await self.session.execute(
            select(Invoice).where(Invoice.order_id == order_id))).scalar_one_or_none()

    async def next_invoice_no(self, dealer_id: str, year: int) -> str:
        """The dealer's next invoice number of the year (the counter row is locked until commit)."""
        await insert_ignore(self.session, InvoiceCounter.__table__,
                            {"dealer_id": dealer_id, "year": year, "last": 0}, ["dealer_id", "year"])
        where = (InvoiceCounter.dealer_id == dealer_id, InvoiceCounter.year == year)
        await self.session.execute(update(InvoiceCounter).where(*where)
                                   .values(last=InvoiceCounter.last + 1))
        last = await self.session.scalar(select(InvoiceCounter.last).where(*where))
        return f"INV{year}-{int(last or 0):06d}"

    async def replace_lines(self, invoice_id: str, lines: tuple[InvoiceLine, ...]) -> None:
        await self.session.execute(delete(InvoiceLineRow).where(InvoiceLineRow.invoice_id == invoice_id))
        self.session.add_all([
            InvoiceLineRow(invoice_id=invoice_id, position=i, kind=ln.kind.value, job_id=ln.job_id,
                           op_code=ln.op_code, description=ln.description[:500], part_no=ln.part_no,
                           qty=ln.qty, unit_price=ln.unit_price, amount=ln.amount,
                           charged_to=ln.charged_to, customer_amount=ln.customer_amount)
            for i, ln in enumerate(lines)
        ])

    # --- rates ---

    async def rate_row(self, dealer_id: str) -> DealerRate | None:
        return await self.session.get(DealerRate, dealer_id)

    async def rates(self, dealer_id: str, settings: BillingSettings) -> Rates:
        """The dealer's rates, the settings filling what the dealer has not set."""
        row = await self.rate_row(dealer_id)
        return Rates(
            labour_rate=row.labour_rate if row else settings.default_labour_rate,
            vat_rate=row.vat_rate if row and row.vat_rate is not None else settings.vat_rate,
            currency=row.currency if row and row.currency else settings.default_currency,
        )

    # --- invoices (request side) ---

    async def invoice(self, invoice_id: str, principal: Principal) -> Invoice:
        row = await self.session.get(Invoice, invoice_id)
        if row is None:
            raise NotFound("invoice not found")
        principal.check_record(row.dealer_id, row.customer_id)
        return row

    async def lines_of(self, invoice_ids: list[str]) -> dict[str, list[InvoiceLineRow]]:
        rows = (await self.session.execute(
            select(InvoiceLineRow).where(InvoiceLineRow.invoice_id.in_(invoice_ids))
            .order_by(InvoiceLineRow.invoice_id, InvoiceLineRow.position))).scalars().all()
        out: dict[str, list[InvoiceLineRow]] = defaultdict(list)
        for r in rows:
            out[r.invoice_id].append(r)
        return out

    async def save_account(self, invoice: Invoice, **values: Any) -> bool:
        """Conditional update: only if nobody moved money on this invoice since we read it."""
        result: Any = await self.session.execute(
            update(Invoice)
            .where(Invoice.id == invoice.id, Invoice.version == invoice.version)
            .values(version=invoice.version + 1, **values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            return False
        await self.session.refresh(invoice)
        return True

    async def list_invoices(self, principal: Principal, *, dealer_id: str | None,
                            order_id: str | None, status: str | None, customer_id: str | None,
                            limit: int, cursor: str | None) -> tuple[list[Invoice], str | None]:
        query = select(Invoice)
        if principal.is_customer:
            query = query.where(Invoice.customer_id == principal.customer_id)
        else:
            query = query.where(Invoice.dealer_id.in_(principal.listable_dealers(dealer_id)))
        if order_id:
            query = query.where(Invoice.order_id == order_id)
        if status:
            query = query.where(Invoice.status == status)
        if customer_id:
            query = query.where(Invoice.customer_id == customer_id)
        rows = (await self.session.execute(
            keyset(query, Invoice.created_at, Invoice.id, limit, cursor))).scalars().all()
        return page_of(list(rows), limit)

    async def payments(self, invoice_id: str) -> list[Payment]:
        return list((await self.session.execute(
            select(Payment).where(Payment.invoice_id == invoice_id)
            .order_by(Payment.created_at, Payment.id))).scalars().all())

    async def payment_of(self, invoice_id: str, payment_id: str) -> Payment:
        row = await self.session.get(Payment, payment_id)
        if row is None or row.invoice_id != invoice_id:
            raise NotFound("payment not found on this invoice")
        return row

    async def refunds(self, invoice_id: str) -> list[Refund]:
        return list((await self.session.execute(
            select(Refund).where(Refund.invoice_id == invoice_id)
            .order_by(Refund.created_at, Refund.id))).scalars().all())



def jobs_to_json(jobs: list[Job]) -> str:
    """The order's jobs as received, kept on the invoice (the pay type feeds warranty claims)."""
    return json.dumps([
        {"job_id": j.job_id, "op_code": j.op_code, "description": j.description,
         "labor_hours": str(j.labor_hours), "pay_type": j.pay_type, "status": j.status,
         "parts": [{"part_no": p.part_no, "qty": str(p.qty)} for p in j.parts]}
        for j in jobs
    ], ensure_ascii=False)


def jobs_from_json(text: str) -> list[Job]:
    return [
        Job(job_id=j["job_id"], op_code=j["op_code"], description=j["description"],
            labor_hours=Decimal(j["labor_hours"]), pay_type=j["pay_type"], status=j["status"],
            parts=tuple(NeededPart(p["part_no"], Decimal(p["qty"])) for p in j["parts"]))
        for j in json.loads(text)
    ]


def waiting_to_json(missing: tuple[MissingPart, ...]) -> str:
    return json.dumps([
        {"job_id": m.job_id, "part_no": m.part_no, "qty_needed": str(m.qty_needed),
         "qty_issued": str(m.qty_issued)} for m in missing
    ])
