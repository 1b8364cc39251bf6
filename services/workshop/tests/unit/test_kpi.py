"""The manager's figures on plain values: flow per day, sold vs clocked, comebacks, stages, late."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from workshop.domain import kpi
from workshop.domain.events import SignedEstimate
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import OrderStatus, QcLevel
from workshop.domain.technicians import Technician

SH = ZoneInfo("Asia/Shanghai")
DAY1 = datetime(2026, 12, 1, 9, 0, tzinfo=SH)
ALL = {"technician", "foreman", "qc_inspector", "service_advisor"}


def _h(hours: float) -> datetime:
    return DAY1 + timedelta(hours=hours)


def _tech(user: str, active: bool = True) -> Technician:
    return Technician.register(dealer_id="d1", user_id=user, name=user, skills=("mechanical",),
                               team="A", shift_start="08:30", shift_end="17:30", active=active,
                               at=DAY1)


def _order(n: int, opened: float, *, sold: str = "2") -> RepairOrder:
    order = RepairOrder.open(order_no=f"RO-{n}", dealer_id="d1", appointment_id=None,
                             customer_id="c", vehicle_id="v", vin="LSVAU2180N2183294", plate="p",
                             model="m", service_type="repair", concern="", by="sa", at=_h(opened))
    order.add_job(op_code="OP", description="x", labor_hours=sold, pay_type="customer",
                  parts=(), by="sa", at=_h(opened))
    order.authorize(signed_by="c", at=_h(opened + 1))
    return order


def _work(order: RepairOrder, tech: str, start: float, end: float) -> None:
    job = order.jobs[0]
    order.start_job(job_id=job.id, technician=tech, may_override=False, at=_h(start))
    order.finish_job(job_id=job.id, notes=None, at=_h(end))


def _checks(order: RepairOrder, at: float, fail_at: QcLevel | None = None) -> None:
    for level in (QcLevel.SELF, QcLevel.FOREMAN, QcLevel.FINAL):
        order.record_qc(level=level, passed=level != fail_at, by="x", roles=ALL, at=_h(at))
        if level == fail_at:
            return


def _period(first: date = date(2026, 12, 1), last: date = date(2026, 12, 2)) -> kpi.Period:
    return kpi.Period(first=first, last=last, zone=SH)


def test_figures_of_two_days():
    clean = _order(1, 0, sold="2")  # opened 09:00 day 1, signed 10:00
    _work(clean, "li", 1.5, 3.5)  # 2 h clocked for 2 sold
    _checks(clean, 4)
    clean.status, clean.delivered_at = OrderStatus.DELIVERED, _h(6)  # paid, checked, delivered

    comeback = _order(2, 24, sold="1")  # day 2
    _work(comeback, "wang", 26, 27)
    _checks(comeback, 27, fail_at=QcLevel.FOREMAN)
    _work(comeback, "wang", 27.5, 28)  # a rework line of 0.5 h
    _checks(comeback, 28.5)

    roster = [_tech("li"), _tech("wang"), _tech("zhou", active=False)]
    now = _h(48)  # day 3: both days are over
    f = kpi.figures([clean, comeback], roster, _period(), now)

    assert [(d.day.day, d.vehicles_in, d.vehicles_out) for d in f.flow] == [(1, 1, 1), (2, 1, 0)]
    assert (f.sold, f.clocked, f.rework_clocked) == (D(3), D("3.50"), D("0.50"))
    assert f.efficiency == D("0.86")  # 3 / 3.5
    assert f.attended == D(18)  # li on day 1, wang on day 2: one 9 h shift each
    assert f.productivity == D("0.19")  # 3.5 / 18
    assert f.available == D(36)  # two active technicians, two days
    assert f.utilisation == D("0.08")  # 3 / 36
    assert (f.orders_finished, f.comeback_orders, f.comeback_rate) == (2, 1, D("0.50"))
    stages = {s.name: (s.average_hours, s.orders) for s in f.stages}
    assert stages["opened_to_authorized"] == (D("1.00"), 2)
    assert stages["authorized_to_start"] == (D("0.75"), 2)  # 0.5 h and 1 h
    assert stages["start_to_final_qc"] == (D("2.50"), 2)  # 2.5 h each
    assert stages["final_qc_to_delivered"] == (D("2.00"), 1)
    by_tech = {t.user_id: t for t in f.technicians}
    assert (by_tech["wang"].jobs_finished, by_tech["wang"].comebacks) == (1, 1)
    assert by_tech["wang"].comeback_rate == D("1.00") and by_tech["li"].comeback_rate == D(0)
    assert by_tech["li"].efficiency == D("1.00") and by_tech["wang"].efficiency == D("0.67")
    assert (f.late_orders, f.orders_with_promise) == (0, 0)


def test_only_time_inside_the_period_counts_and_today_is_available_once():
    order = _order(1, 0)
    job = order.jobs[0]
    order.start_job(job_id=job.id, technician="li", may_override=False, at=_h(14))  # 23:00 day 1
    now = _h(17)  # 02:00 day 2, the line still open
    f = kpi.figures([order], [_tech("li")], _period(date(2026, 12, 2), date(2026, 12, 3)), now)
    assert f.clocked == D("2.00")  # from midnight to now, not the hour before midnight
    assert f.available == D(9)  # day 3 has not come yet
    assert f.sold == 0 and f.efficiency == 0


def test_late_orders_need_a_promised_time():
    promised = _h(5)

    def signed(order: RepairOrder) -> RepairOrder:
        order.signed = SignedEstimate(labour=D(0), parts=D(0), vat=D(0), total=D(0),
                                      quoted_total=D(0), promised_at=promised, signed_at=_h(1))
        return order

    on_time = signed(_order(1, 0))
    on_time.delivered_at = _h(4)
    late_delivered = signed(_order(2, 0))
    late_delivered.delivered_at = _h(6)
    still_here = signed(_order(3, 0))
    no_promise = _order(4, 0)
    f = kpi.figures([on_time, late_delivered, still_here, no_promise], [], _period(), _h(7))
    assert (f.late_orders, f.orders_with_promise) == (2, 3)
    early = kpi.figures([replace(still_here)], [], _period(), _h(4))
    assert early.late_orders == 0  # not delivered, but the promised time has not passed
