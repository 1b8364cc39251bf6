"""The priced estimate (估价单): labour and parts apart, VAT, the quoted figure and the promised time.

Priced the way billing invoices (`billing.domain.pricing`): every line to the fen (half up),
warranty and internal lines shown with their value but not charged to the customer, the
subtotal summing what the customer pays, VAT on that subtotal rounded once.
"""

from __future__ import annotations

import base64
import binascii
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from aftersales_common.errors import InvalidInput
from workshop.domain.events import PartNeed
from workshop.domain.policy import WorkshopPolicy
from workshop.domain.statuses import JobStatus, PayType
from workshop.domain.terms import PartOrigin

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
NOT_PRICED = frozenset({JobStatus.DECLINED})
"""Jobs the customer declined are neither priced nor counted in the time."""


def to_money(value: Decimal) -> Decimal:
    """Two places, half up (as on a fapiao; the same rule as billing)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rates:
    """The dealer's labour rate per hour and VAT rate (billing's, projected)."""

    labour_rate: Decimal
    vat_rate: Decimal
    currency: str = "CNY"
    known: bool = True


@dataclass(frozen=True)
class PartPrice:
    name: str
    unit_price: Decimal


@dataclass(frozen=True)
class PartAvailability:
    """What can be had of a part now and when more arrives."""

    available: Decimal
    expected_date: date | None = None


@dataclass(frozen=True)
class EstimateJob:
    """What the estimate needs of a job."""

    job_id: str
    op_code: str
    description: str
    labor_hours: Decimal
    pay_type: PayType
    status: JobStatus
    parts: tuple[PartNeed, ...]


@dataclass(frozen=True)
class LabourLine:
    job_id: str
    op_code: str
    description: str
    hours: Decimal
    rate: Decimal
    amount: Decimal
    pay_type: PayType
    customer_amount: Decimal


@dataclass(frozen=True)
class PartsLine:
    job_id: str
    part_no: str
    name: str
    qty: Decimal
    unit_price: Decimal | None
    """None while parts has not told workshop the part's price."""
    amount: Decimal
    pay_type: PayType
    customer_amount: Decimal
    origin: PartOrigin
    consent_by: str | None
    available: bool
    short_qty: Decimal
    expected_date: date | None


@dataclass(frozen=True)
class Estimate:
    """The priced estimate of an order's jobs."""

    labour_lines: tuple[LabourLine, ...]
    parts_lines: tuple[PartsLine, ...]
    labour: Decimal
    parts: Decimal
    subtotal: Decimal
    vat_rate: Decimal
    vat: Decimal
    total: Decimal
    margin_pct: Decimal
    quoted_total: Decimal
    warranty_amount: Decimal
    internal_amount: Decimal
    currency: str
    work_hours: Decimal
    aux_minutes: int
    parts_ready_on: date | None
    """The latest expected arrival of a short part (work waits for it)."""
    promised_at: datetime | None
    """None while a short part has no arrival date."""
    complete: bool
    """Every rate and price is known."""
    labour_rate: Decimal = ZERO
    rates_known: bool = True


def check_margin(margin_pct: Decimal) -> Decimal:
    """A quote may exceed the computed figure by 0..10% (the sources' ceiling); 422 beyond."""
    if margin_pct < 0 or margin_pct > WorkshopPolicy.MAX_MARGIN_PCT:
        raise InvalidInput(f"the margin must be between 0 and {WorkshopPolicy.MAX_MARGIN_PCT}% / "
                           "报价上浮比例须在 0 至 10% 之间", field="margin_pct")
    return margin_pct


def quoted(total: Decimal, margin_pct: Decimal) -> Decimal:
    """The quoted figure: the computed total plus the margin, to the fen."""
    return to_money(total * (1 + check_margin(margin_pct) / 100))


def _customer(amount: Decimal, pay_type: PayType) -> Decimal:
    return amount if pay_type is PayType.CUSTOMER else ZERO


def _labour(jobs: Sequence[EstimateJob], rates: Rates) -> list[LabourLine]:
    lines = []
    for job in jobs:
        amount = to_money(job.labor_hours * rates.labour_rate)
        lines.append(LabourLine(job.job_id, job.op_code, job.description, job.labor_hours,
                                to_money(rates.labour_rate), amount, job.pay_type,
                                _customer(amount, job.pay_type)))
    return lines


def _parts(jobs: Sequence[EstimateJob], prices: Mapping[str, PartPrice],
           stock: Mapping[str, PartAvailability]) -> list[PartsLine]:
    """Parts lines; stock is shared out in job order, so a later job's line shows the shortage."""
    left: dict[str, Decimal] = defaultdict(Decimal)
    for part_no, have in stock.items():
        left[part_no] = max(have.available, Decimal(0))
    lines = []
    for job in jobs:
        for need in job.parts:
            price = prices.get(need.part_no)
            amount = to_money(need.qty * price.unit_price) if price else ZERO
            take = min(need.qty, left[need.part_no])
            left[need.part_no] -= take
            short = need.qty - take
            coming = stock.get(need.part_no)
            lines.append(PartsLine(
                job.job_id, need.part_no, price.name if price else "", need.qty,
                to_money(price.unit_price) if price else None, amount, job.pay_type,
                _customer(amount, job.pay_type), need.origin, need.consent_by, short == 0, short,
                coming.expected_date if coming and short > 0 else None))
    return lines


def price(jobs: Sequence[EstimateJob], *, rates: Rates, prices: Mapping[str, PartPrice],
          stock: Mapping[str, PartAvailability], policy: WorkshopPolicy, now: datetime,
          zone: tzinfo, margin_pct: Decimal | None = None) -> Estimate:
    """Price the jobs (declined ones left out) and promise a completion time."""
    priced = [j for j in jobs if j.status not in NOT_PRICED]
    labour_lines, parts_lines = _labour(priced, rates), _parts(priced, prices, stock)
    labour = sum((ln.customer_amount for ln in labour_lines), ZERO)
    parts = sum((ln.customer_amount for ln in parts_lines), ZERO)
    subtotal = labour + parts
    vat = to_money(subtotal * rates.vat_rate)
    total = subtotal + vat
    margin = policy.estimate_margin_pct if margin_pct is None else margin_pct
    valued: list[tuple[Decimal, PayType]] = [(ln.amount, ln.pay_type) for ln in labour_lines]
    valued += [(ln.amount, ln.pay_type) for ln in parts_lines]
    short = [ln for ln in parts_lines if ln.short_qty > 0]
    undated = any(ln.expected_date is None for ln in short)
    ready_on = max((ln.expected_date for ln in short if ln.expected_date), default=None)
    hours = sum((j.labor_hours for j in priced), Decimal(0))
    aux = aux_minutes(policy)
    promised = None if undated else promise(now=now, work_hours=hours, aux=aux, policy=policy,
                                            zone=zone, parts_ready_on=ready_on)
    return Estimate(
        labour_lines=tuple(labour_lines), parts_lines=tuple(parts_lines), labour=labour,
        parts=parts, subtotal=subtotal, vat_rate=rates.vat_rate, vat=vat, total=total,
        margin_pct=check_margin(margin), quoted_total=quoted(total, margin),
        warranty_amount=sum((a for a, pay in valued if pay is PayType.WARRANTY), ZERO),
        internal_amount=sum((a for a, pay in valued if pay is PayType.INTERNAL), ZERO),
        currency=rates.currency, work_hours=hours, aux_minutes=aux, parts_ready_on=ready_on,
        promised_at=promised,
        complete=rates.known and all(ln.unit_price is not None for ln in parts_lines),
        labour_rate=to_money(rates.labour_rate), rates_known=rates.known)


def aux_minutes(policy: WorkshopPolicy) -> int:
    """The auxiliary time around the work: handover, free checks, QC, washing."""
    return (policy.handover_minutes + policy.free_check_minutes + policy.qc_minutes
            + policy.washing_minutes)


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


PROMISE_STEP_MINUTES = 5


def _next_mark(moment: datetime) -> datetime:
    """The moment rounded up to the next whole five minutes (itself when already on one)."""
    whole = moment.replace(second=0, microsecond=0)
    step = timedelta(minutes=PROMISE_STEP_MINUTES)
    past = timedelta(minutes=whole.minute % PROMISE_STEP_MINUTES)
    if past or whole != moment:
        whole += step - past
    return whole


def promise(*, now: datetime, work_hours: Decimal, aux: int, policy: WorkshopPolicy,
            zone: tzinfo, parts_ready_on: date | None = None) -> datetime:
    """When the car will be ready: the work and the auxiliary time counted in working hours.

    Work starts at the next five-minute mark (or at the next opening), but not before the day
    the last short part arrives; minutes beyond the closing time roll over to the next working
    day. A promise is a time on the clock, so the estimate the customer reads and the one they
    sign a moment later promise the same minute.
    """
    opens, closes = _clock(policy.workday_start), _clock(policy.workday_end)
    if opens >= closes:
        raise InvalidInput("the working day must end after it starts / 下班时间须晚于上班时间",
                           field="workday_end")
    local = _next_mark(now.astimezone(zone))
    if parts_ready_on is not None and parts_ready_on > local.date():
        local = datetime.combine(parts_ready_on, opens, tzinfo=zone)
    remaining = int((work_hours * 60).to_integral_value(rounding=ROUND_HALF_UP)) + aux
    day = local.date()
    cursor = local
    while True:
        start = datetime.combine(day, opens, tzinfo=zone)
        end = datetime.combine(day, closes, tzinfo=zone)
        cursor = max(cursor, start)
        if cursor < end:
            room = int((end - cursor).total_seconds() // 60)
            if remaining <= room:
                return cursor + timedelta(minutes=remaining)
            remaining -= room
        day += timedelta(days=1)
        cursor = datetime.combine(day, opens, tzinfo=zone)


SIGNATURE_PREFIX = "data:image/png;base64,"
MAX_SIGNATURE_BYTES = 200 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def signature_image(data_url: str) -> str:
    """The drawn signature: a PNG data URL of at most 200 KB (422 otherwise)."""
    if not data_url.startswith(SIGNATURE_PREFIX):
        raise InvalidInput("signature must be a PNG data URL (data:image/png;base64,...) / "
                           "签名须为 PNG 图片", field="signature")
    try:
        image = base64.b64decode(data_url[len(SIGNATURE_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("signature is not valid base64 / 签名图片编码无效",
                           field="signature") from None
    if not image.startswith(_PNG_MAGIC):
        raise InvalidInput("signature is not a PNG image / 签名不是 PNG 图片", field="signature")
    if len(image) > MAX_SIGNATURE_BYTES:
        raise InvalidInput("signature image is larger than 200 KB / 签名图片超过 200 KB",
                           field="signature")
    return data_url
