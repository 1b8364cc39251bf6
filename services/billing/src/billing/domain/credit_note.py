"""Credit notes (红字发票): parts returned after issue are credited, never edited off the invoice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from aftersales_common.money import ZERO, to_money
from billing.domain.events import CreditedLine
from billing.domain.pricing import InvoiceLine, LineKind, PayType

Key = tuple[str, str, Decimal]  # job, part, unit price


@dataclass(frozen=True)
class ReturnedPart:
    """A part line parts took back from the order (job unknown when parts did not say)."""

    part_no: str
    qty: Decimal
    unit_price: Decimal
    name: str = ""
    job_id: str | None = None


@dataclass(eq=False)
class CreditNote:
    """A credit note of an invoice: its own number, the returned customer-pay lines, VAT."""

    id: str
    credit_note_no: str
    invoice_id: str
    lines: tuple[CreditedLine, ...]
    net: Decimal
    vat_rate: Decimal
    vat: Decimal
    total: Decimal
    issued_by: str
    issued_at: datetime

    @classmethod
    def of(cls, *, id: str, number: str, invoice_id: str, lines: Sequence[CreditedLine],
           vat_rate: Decimal, by: str, at: datetime) -> CreditNote:
        """Total the lines like the invoice does: each line to the fen, VAT once on the net."""
        net = sum((ln.amount for ln in lines), ZERO)
        vat = to_money(net * vat_rate)
        return cls(id=id, credit_note_no=number, invoice_id=invoice_id, lines=tuple(lines),
                   net=net, vat_rate=vat_rate, vat=vat, total=net + vat, issued_by=by, issued_at=at)


def _invoiced(lines: Iterable[InvoiceLine]) -> dict[Key, tuple[InvoiceLine, Decimal]]:
    out: dict[Key, tuple[InvoiceLine, Decimal]] = {}
    for ln in lines:
        if ln.kind is LineKind.PART and ln.part_no is not None:
            key = (ln.job_id, ln.part_no, to_money(ln.unit_price))
            prev = out.get(key)
            out[key] = (ln, ln.qty + (prev[1] if prev else Decimal(0)))
    return out


def _credited(notes: Iterable[CreditNote]) -> dict[Key, Decimal]:
    out: dict[Key, Decimal] = defaultdict(Decimal)
    for note in notes:
        for ln in note.lines:
            out[(ln.job_id, ln.part_no, to_money(ln.unit_price))] += ln.qty
    return out


def creditable_lines(invoice_lines: Iterable[InvoiceLine], notes: Iterable[CreditNote],
                     returned: Iterable[ReturnedPart]) -> list[CreditedLine]:
    """The customer-pay part lines a return credits: at most what was invoiced and not yet credited.

    Warranty and internal lines cost the customer nothing, so there is nothing to credit;
    a return of a part the invoice never charged is ignored.
    """
    invoiced = _invoiced(invoice_lines)
    left = {k: qty - _credited(notes).get(k, Decimal(0)) for k, (_, qty) in invoiced.items()}
    out: list[CreditedLine] = []
    for back in returned:
        want = back.qty
        for key in sorted(left):
            job_id, part_no, price = key
            if want <= 0 or part_no != back.part_no or price != to_money(back.unit_price):
                continue
            if back.job_id and job_id != back.job_id:
                continue
            line, take = invoiced[key][0], min(want, left[key])
            if take <= 0:
                continue
            left[key] -= take
            want -= take
            if line.charged_to is PayType.CUSTOMER:
                out.append(CreditedLine(job_id, part_no, back.name or line.description, take, price,
                                        to_money(take * price), line.charged_to))
    return out
