"""The priced estimate, the promised time, the signed figures and part-origin consent, on plain values."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from aftersales_common.errors import Conflict, InvalidInput
from workshop.domain import estimate as est
from workshop.domain import events as ev
from workshop.domain.catalogue import Menu, Operation, job_from_catalogue, menu_jobs
from workshop.domain.events import PartNeed
from workshop.domain.policy import WorkshopPolicy
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import JobStatus, PayType
from workshop.domain.terms import GuaranteeClass, PartOrigin, Skill, VehicleSystem

SH = ZoneInfo("Asia/Shanghai")
RATES = est.Rates(labour_rate=D("300.00"), vat_rate=D("0.13"))
PRICES = {"OIL": est.PartPrice("机油", D("298.00")), "FLT": est.PartPrice("机滤", D("45.00")),
          "PAD": est.PartPrice("刹车片", D("520.00")), "ODD": est.PartPrice("odd", D("0.33"))}
PLENTY = {p: est.PartAvailability(D(100)) for p in PRICES}
POLICY = WorkshopPolicy()  # 08:30-18:00, handover 10 + free checks 10 + QC 15 + washing 20


def _local(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SH)


def _job(job_id: str, hours: str, pay: PayType = PayType.CUSTOMER,
         parts: tuple[tuple[str, str], ...] = (), status: JobStatus = JobStatus.ESTIMATED,
         ) -> est.EstimateJob:
    return est.EstimateJob(job_id, f"OP-{job_id}", job_id, D(hours), pay, status,
                           tuple(PartNeed(p, D(q)) for p, q in parts))


def _price(jobs: list[est.EstimateJob], *, stock: dict | None = None,
           now: datetime = _local(2026, 12, 1, 9), policy: WorkshopPolicy = POLICY,
           margin: D | None = None) -> est.Estimate:
    return est.price(jobs, rates=RATES, prices=PRICES, stock=PLENTY if stock is None else stock,
                     policy=policy, now=now, zone=SH, margin_pct=margin)


# ---- arithmetic --------------------------------------------------------------------------
def test_labour_and_parts_apart_each_line_to_the_fen_vat_once_on_the_subtotal():
    e = _price([_job("1", "1.5", parts=(("OIL", "1"), ("FLT", "1"))), _job("2", "0.33"),
                _job("3", "0.1", parts=(("ODD", "3"),))])
    # labour 450.00 + 99.00 + 30.00; parts 298.00 + 45.00 + 0.99 (3 x 0.33)
    assert (e.labour, e.parts, e.subtotal) == (D("579.00"), D("343.99"), D("922.99"))
    assert e.vat == D("119.99")  # 922.99 x 0.13 = 119.9887, rounded half up once
    assert e.total == D("1042.98")
    assert [ln.amount for ln in e.labour_lines] == [D("450.00"), D("99.00"), D("30.00")]


def test_a_half_fen_rounds_up_as_billing_does():
    rates = est.Rates(labour_rate=D("300.00"), vat_rate=D("0.13"))
    e = est.price([_job("1", "0.01", parts=(("ODD", "0.5"),))], rates=rates, prices=PRICES,
                  stock=PLENTY, policy=POLICY, now=_local(2026, 12, 1, 9), zone=SH)
    assert e.parts_lines[0].amount == D("0.17")  # 0.165 -> 0.17 (half up, not banker's)
    assert e.labour == D("3.00") and e.vat == D("0.41")  # 3.17 x 0.13 = 0.4121


def test_warranty_and_internal_work_is_shown_but_not_charged_to_the_customer():
    e = _price([_job("1", "1", parts=(("PAD", "1"),)),
                _job("2", "2", PayType.WARRANTY, parts=(("PAD", "2"),)),
                _job("3", "1", PayType.INTERNAL)])
    assert len(e.labour_lines) == 3 and len(e.parts_lines) == 2
    assert (e.labour, e.parts) == (D("300.00"), D("520.00"))
    assert e.warranty_amount == D("1640.00") and e.internal_amount == D("300.00")
    assert e.total == D("926.60")


def test_declined_jobs_are_neither_priced_nor_timed():
    e = _price([_job("1", "1"), _job("2", "5", status=JobStatus.DECLINED)])
    assert e.labour == D("300.00") and e.work_hours == D(1)


def test_the_quote_adds_the_margin_up_to_ten_percent_and_no_more():
    e = _price([_job("1", "1")], margin=D("10"))
    assert (e.total, e.quoted_total) == (D("339.00"), D("372.90"))
    assert _price([_job("1", "1")], policy=WorkshopPolicy(estimate_margin_pct=D("5"))
                  ).quoted_total == D("355.95")
    with pytest.raises(InvalidInput):
        _price([_job("1", "1")], margin=D("10.01"))
    with pytest.raises(InvalidInput):
        est.quoted(D("100"), D("-1"))


def test_an_unknown_price_or_rate_leaves_the_estimate_incomplete():
    e = _price([_job("1", "1", parts=(("NEW-PART", "1"),))])
    assert e.parts_lines[0].unit_price is None and not e.complete
    unknown = est.price([_job("1", "1")], rates=est.Rates(D(0), D(0), known=False), prices={},
                        stock={}, policy=POLICY, now=_local(2026, 12, 1, 9), zone=SH)
    assert not unknown.complete and not unknown.rates_known


# ---- the promised time ---------------------------------------------------------------------
def test_the_promise_adds_work_and_auxiliary_time_within_the_day():
    e = _price([_job("1", "1.5")], now=_local(2026, 12, 1, 9))
    assert e.aux_minutes == 55
    assert e.promised_at == _local(2026, 12, 1, 11, 25)  # 09:00 + 90 + 55 minutes


def test_the_promise_is_a_clock_time_that_holds_while_the_customer_reads_it():
    read = _price([_job("1", "1.5")], now=_local(2026, 12, 1, 9, 2) + timedelta(seconds=31.5))
    signed = _price([_job("1", "1.5")], now=_local(2026, 12, 1, 9, 4) + timedelta(seconds=59))
    # counted from 09:05, the next five-minute mark: 09:05 + 90 + 55 minutes
    assert read.promised_at == signed.promised_at == _local(2026, 12, 1, 11, 30)
    later = _price([_job("1", "1.5")], now=_local(2026, 12, 1, 9, 5) + timedelta(microseconds=1))
    assert later.promised_at == _local(2026, 12, 1, 11, 35)


def test_time_beyond_closing_rolls_over_to_the_next_working_day():
    e = _price([_job("1", "2")], now=_local(2026, 12, 1, 16, 30))
    # 175 minutes from 16:30: 90 today (to 18:00), 85 tomorrow from 08:30
    assert e.promised_at == _local(2026, 12, 2, 9, 55)
    before_opening = _price([_job("1", "1")], now=_local(2026, 12, 1, 6))
    assert before_opening.promised_at == _local(2026, 12, 1, 10, 25)


def test_work_waits_for_the_latest_expected_part():
    stock = {"PAD": est.PartAvailability(D(1), date(2026, 12, 3)),
             "OIL": est.PartAvailability(D(0), date(2026, 12, 2)), "FLT": PLENTY["FLT"]}
    e = _price([_job("1", "1", parts=(("PAD", "2"), ("OIL", "1"), ("FLT", "1")))], stock=stock)
    pad, oil, flt = e.parts_lines
    assert (pad.available, pad.short_qty, pad.expected_date) == (False, D(1), date(2026, 12, 3))
    assert (oil.short_qty, flt.available) == (D(1), True)
    assert e.parts_ready_on == date(2026, 12, 3)
    assert e.promised_at == _local(2026, 12, 3, 10, 25)  # opening on the 3rd + 60 + 55


def test_no_promise_while_a_short_part_has_no_arrival_date():
    e = _price([_job("1", "1", parts=(("PAD", "2"),))],
               stock={"PAD": est.PartAvailability(D(1))})
    assert e.promised_at is None and e.parts_lines[0].short_qty == D(1)


def test_stock_is_shared_in_job_order_so_the_later_job_shows_the_shortage():
    stock = {"OIL": est.PartAvailability(D(1), date(2026, 12, 5))}
    e = _price([_job("1", "1", parts=(("OIL", "1"),)), _job("2", "1", parts=(("OIL", "1"),))],
               stock=stock)
    assert [ln.available for ln in e.parts_lines] == [True, False]


# ---- the catalogue ----------------------------------------------------------------------
T = datetime(2026, 12, 1, 1, tzinfo=UTC)


def _op(code: str = "MNT-OIL", hours: str = "0.5", skill: Skill = Skill.MAINTENANCE,
        active: bool = True) -> Operation:
    return Operation.define(dealer_id="d1", op_code=code, name="更换机油机滤", name_en="Oil change",
                            standard_hours=hours, skill=skill, guarantee_class=GuaranteeClass.MINOR,
                            system=VehicleSystem.ENGINE, safety_related=False, active=active,
                            by="m", at=T)


def test_a_known_operation_gives_skill_hours_and_name_an_unknown_one_needs_them():
    terms = job_from_catalogue(_op(skill=Skill.MAINTENANCE), description=None, labor_hours=None,
                               skill=Skill.BODY)
    assert (terms.labor_hours, terms.skill, terms.description) == (D("0.5"), Skill.MAINTENANCE,
                                                                    "更换机油机滤")
    own = job_from_catalogue(None, description="异响检查", labor_hours=D("1"), skill=None)
    assert own.skill == Skill.MECHANICAL
    with pytest.raises(InvalidInput):
        job_from_catalogue(None, description="x", labor_hours=None, skill=None)


def test_operation_codes_and_hours_are_checked():
    assert _op(code=" mnt-oil ").op_code == "MNT-OIL"
    for bad in ({"code": "机油"}, {"hours": "0"}, {"hours": "0.125"}):
        with pytest.raises(InvalidInput):
            _op(**bad)


def test_a_menu_needs_known_operations_and_brings_them_at_standard_hours():
    with pytest.raises(InvalidInput):
        Menu.define(dealer_id="d1", code="M5K", name="5,000 km", name_en="", mileage_km=5000,
                    operations=["MNT-OIL", "NOPE"], parts=[], known=["MNT-OIL"], by="m", at=T)
    menu = Menu.define(dealer_id="d1", code="m5k", name="5,000 km 保养", name_en="", mileage_km=5000,
                       operations=["MNT-OIL", "MNT-CHK"], parts=[("oil", "1")],
                       known=["MNT-OIL", "MNT-CHK"], by="m", at=T)
    jobs = menu_jobs(menu, {"MNT-OIL": _op(), "MNT-CHK": _op("MNT-CHK", "0.3")})
    assert [(j.op_code, j.labor_hours, len(j.parts)) for j in jobs] == [
        ("MNT-OIL", D("0.5"), 1), ("MNT-CHK", D("0.3"), 0)]
    with pytest.raises(InvalidInput):  # an operation since withdrawn
        menu_jobs(menu, {"MNT-OIL": _op(), "MNT-CHK": _op("MNT-CHK", active=False)})


# ---- part origin and signing ----------------------------------------------------------------
def _order() -> RepairOrder:
    return RepairOrder.open(order_no="RO1", dealer_id="d1", appointment_id=None, customer_id="c1",
                            vehicle_id="v1", vin="LSVAU2180N2183294", plate="沪A1", model="",
                            service_type="repair", concern="", by="sa", at=T)


def test_remanufactured_or_used_parts_need_the_customers_consent_at_add():
    order = _order()
    with pytest.raises(InvalidInput):
        order.add_job(op_code="X", description="x", labor_hours="1", pay_type="customer",
                      parts=[PartNeed("GBX-1", D(1), PartOrigin.REMANUFACTURED)], by="sa", at=T)
    job = order.add_job(op_code="X", description="x", labor_hours="1", pay_type="customer",
                        parts=[PartNeed("gbx-1", D(1), PartOrigin.USED, " 张伟 "),
                               PartNeed("pad", D(2), PartOrigin.EQUIVALENT, "ignored")],
                        by="sa", at=T)
    used, equivalent = job.parts
    assert (used.part_no, used.origin, used.consent_by, used.consent_at) == (
        "GBX-1", PartOrigin.USED, "张伟", T)
    assert (equivalent.origin, equivalent.consent_by) == (PartOrigin.EQUIVALENT, None)


def test_signing_without_consent_is_refused_and_signing_keeps_the_figures():
    order = _order()
    order.add_job(op_code="X", description="x", labor_hours="1", pay_type="customer",
                  parts=[("pad", "1")], by="sa", at=T)
    order.jobs[0].parts = (PartNeed("PAD", D(1), PartOrigin.USED),)  # e.g. a row from before
    with pytest.raises(Conflict) as refused:
        order.authorize(signed_by="张伟", at=T)
    assert refused.value.code == "part-origin-consent-missing"
    order.jobs[0].parts = (PartNeed("PAD", D(1), PartOrigin.USED, "张伟", T),)
    signed = ev.SignedEstimate(labour=D("300.00"), parts=D("520.00"), vat=D("106.60"),
                               total=D("926.60"), quoted_total=D("926.60"), promised_at=T,
                               signed_at=T)
    order.authorize(signed_by="张伟", at=T, signed=signed)
    assert order.signed == signed
    authorized = order.recorded_events[-1]
    assert isinstance(authorized, ev.OrderAuthorized) and authorized.signed == signed


def _png(size: int = 10) -> str:
    return est.SIGNATURE_PREFIX + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * size).decode()


def test_the_signature_is_a_png_data_url_of_at_most_200_kb():
    assert est.signature_image(_png()) == _png()
    for bad in ("data:image/jpeg;base64,AAAA", est.SIGNATURE_PREFIX + "not base64!",
                est.SIGNATURE_PREFIX + base64.b64encode(b"GIF89a").decode(),
                _png(200 * 1024)):
        with pytest.raises(InvalidInput):
            est.signature_image(bad)
