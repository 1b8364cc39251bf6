"""Billing's writes: loads invoices as aggregates, hands them to the unit of work, saves them back."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select, update

from aftersales_common.auth import Principal
from aftersales_common.db import insert_ignore, upsert
from aftersales_common.errors import Conflict, NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from billing.adapters import mapping
from billing.adapters.tables import (
    BilledOrder,
    CreditNoteCounter,
    DealerRate,
    InvoiceCounter,
    InvoiceLineRow,
    PartMovementRow,
    SignedEstimate,
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
from billing.config import BillingSettings
from billing.domain.invoice import Invoice, InvoiceStatus
from billing.domain.numbering import Series, document_no
from billing.domain.pricing import PartMovement, Rates

CHANGED_MEANWHILE = Conflict("the invoice changed meanwhile, reload and try again / "
                             "发票已被更新，请刷新后重试", code="concurrent-update")
_COUNTERS: dict[Series, Any] = {Series.INVOICE: InvoiceCounter, Series.CREDIT_NOTE: CreditNoteCounter}


class BillingRepository:
    """Invoices of one unit of work: every one loaded or added is saved when it commits."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.session = uow.session

    # --- the order's parts ledger (before and beside the invoice) ---

    async def lock_order(self, order_id: str, dealer_id: str) -> None:
        """Serialise everything that touches one order's billing (row lock until commit)."""
        await insert_ignore(self.session, BilledOrder.__table__,
                            {"order_id": order_id, "dealer_id": dealer_id, "changes": 0}, ["order_id"])
        await self.session.execute(update(BilledOrder).where(BilledOrder.order_id == order_id)
                                   .values(changes=BilledOrder.changes + 1))

    def record_movements(self, order_id: str, dealer_id: str, moves: list[PartMovement],
                         event_id: str) -> None:
        """Append parts issued (qty > 0) or returned (qty < 0) to the order's ledger."""
        self.session.add_all([
            PartMovementRow(order_id=order_id, job_id=m.job_id, dealer_id=dealer_id, part_no=m.part_no,
                            name=m.name, qty=m.qty, unit_price=m.unit_price, event_id=event_id)
            for m in moves])

    async def movements(self, order_id: str) -> list[PartMovement]:
        await self.session.flush()
        rows = (await self.session.execute(
            select(PartMovementRow).where(PartMovementRow.order_id == order_id)
            .order_by(PartMovementRow.created_at, PartMovementRow.id))).scalars().all()
        return [PartMovement(r.job_id, r.part_no, r.name, r.qty, r.unit_price) for r in rows]

    # --- numbers and rates ---

    async def next_number(self, series: Series, dealer_id: str, year: int) -> str:
        """The dealer's next number of the series and year (the counter row is locked until commit)."""
        counter = _COUNTERS[series]
        await insert_ignore(self.session, counter.__table__,
                            {"dealer_id": dealer_id, "year": year, "last": 0}, ["dealer_id", "year"])
        where = (counter.dealer_id == dealer_id, counter.year == year)
        await self.session.execute(update(counter).where(*where).values(last=counter.last + 1))
        last = await self.session.scalar(select(counter.last).where(*where))
        return document_no(series, year, int(last or 0))

    async def rates(self, dealer_id: str, settings: BillingSettings) -> Rates:
        """The dealer's rates, the settings filling what the dealer has not set."""
        return await rates_of(self.session, dealer_id, settings)

    async def save_rates(self, dealer_id: str, rates: dict[str, Any], at: Any) -> None:
        """Replace the dealer's rates (two first saves at once both succeed; the later one stays)."""
        await upsert(self.session, DealerRate.__table__,
                     {"dealer_id": dealer_id, **rates, "updated_at": at}, ["dealer_id"])

    # --- invoices ---

    async def invoice(self, invoice_id: str, principal: Principal) -> Invoice:
        """An invoice the caller may see (404 otherwise), with its order's parts ledger."""
        row = await self.session.get(InvoiceRow, invoice_id)
        if row is None:
            raise NotFound("invoice not found / 发票不存在")
        principal.check_record(row.dealer_id, row.customer_id)
        return await self._load(row)

    async def invoice_for_order(self, order_id: str) -> Invoice | None:
        row = (await self.session.execute(
            select(InvoiceRow).where(InvoiceRow.order_id == order_id))).scalar_one_or_none()
        return await self._load(row) if row else None

    async def _load(self, row: InvoiceRow) -> Invoice:
        moves = {row.order_id: await self.movements(row.order_id)} if row.status == "draft" else {}
        [invoice] = await mapping.assemble(self.session, [row], moves)
        self.uow.track(invoice, _Saver(self.session, invoice, new=False).save)
        return invoice

    def add(self, invoice: Invoice) -> None:
        """A new invoice, inserted when the unit of work commits."""
        self.uow.track(invoice, _Saver(self.session, invoice, new=True).save)


class _Saver:
    """Writes one invoice back: a version-guarded update, then what its children gained."""

    def __init__(self, session: Any, invoice: Invoice, *, new: bool) -> None:
        self.session, self.new = session, new
        self.was_draft = new or invoice.status is InvoiceStatus.DRAFT
        self.version = invoice.version
        self.payments = {p.id: p.refunded for p in invoice.payments}
        self.refunds = {r.id for r in invoice.refunds}
        self.notes = {n.id for n in invoice.credit_notes}

    async def save(self, invoice: Invoice) -> None:
        if self.new:
            self.session.add(mapping.new_invoice_row(invoice))
            await self.session.flush()
        else:
            await self._update(invoice)
        if self.was_draft:  # an issued invoice's lines never change
            await self.session.execute(delete(InvoiceLineRow).where(InvoiceLineRow.invoice_id == invoice.id))
            self.session.add_all(mapping.line_rows(invoice.id, invoice.lines))
        for p in invoice.payments:
            if p.id not in self.payments:
                self.session.add(PaymentRow(id=p.id, invoice_id=invoice.id, dealer_id=invoice.dealer_id,
                                            amount=p.amount, method=p.method.value, reference=p.reference,
                                            refunded=p.refunded, received_by=p.received_by,
                                            provider_payment_id=p.provider_payment_id,
                                            created_at=p.created_at))
            elif p.refunded != self.payments[p.id]:
                await self.session.execute(update(PaymentRow).where(PaymentRow.id == p.id)
                                           .values(refunded=p.refunded))
        await self.session.flush()  # refunds refer to payments
        self.session.add_all([RefundRow(id=r.id, invoice_id=invoice.id, payment_id=r.payment_id,
                                        dealer_id=invoice.dealer_id, amount=r.amount, reason=r.reason,
                                        refunded_by=r.refunded_by, created_at=r.created_at)
                              for r in invoice.refunds if r.id not in self.refunds])
        for note in invoice.credit_notes:
            if note.id not in self.notes:
                head, *lines = mapping.credit_note_rows(invoice, note)
                self.session.add(head)
                await self.session.flush()  # the lines refer to it
                self.session.add_all(lines)
        await self.session.flush()

    async def _update(self, invoice: Invoice) -> None:
        """Only if nobody moved money on this invoice since it was read: no double charge."""
        result: Any = await self.session.execute(
            update(InvoiceRow)
            .where(InvoiceRow.id == invoice.id, InvoiceRow.version == self.version)
            .values(version=self.version + 1, **mapping.invoice_values(invoice))
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise CHANGED_MEANWHILE
        invoice.version = self.version + 1


async def rates_of(session: Any, dealer_id: str, settings: BillingSettings) -> Rates:
    """The dealer's rates, the settings filling what the dealer has not set."""
    row = await session.get(DealerRate, dealer_id)
    return Rates(
        labour_rate=row.labour_rate if row else settings.default_labour_rate,
        vat_rate=row.vat_rate if row and row.vat_rate is not None else settings.vat_rate,
        currency=row.currency if row and row.currency else settings.default_currency,
    )


class SignedEstimates:
    """The signed estimate per order (projection of workshop's `order.authorized`)."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def keep(self, *, order_id: str, dealer_id: str, labour: Decimal, parts: Decimal,
                   vat: Decimal, total: Decimal, quoted_total: Decimal,
                   promised_at: datetime | None, at: datetime) -> None:
        """Insert or replace the order's signed figures."""
        row = await self.session.get(SignedEstimate, order_id) or SignedEstimate(
            order_id=order_id, dealer_id=dealer_id, labour=labour, parts=parts, vat=vat,
            total=total, quoted_total=quoted_total)
        row.dealer_id, row.labour, row.parts, row.vat = dealer_id, labour, parts, vat
        row.total, row.quoted_total, row.promised_at, row.recorded_at = (total, quoted_total,
                                                                         promised_at, at)
        self.session.add(row)
