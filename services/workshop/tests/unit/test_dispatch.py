"""Dispatch on plain values: priority order, load against the shift, the reserve, the ranking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from aftersales_common.errors import InvalidInput
from workshop.domain import dispatch
from workshop.domain.repair_order import RepairOrder
from workshop.domain.technicians import Technician
from workshop.domain.terms import Skill

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def _tech(user: str, skills: tuple[str, ...] = ("mechanical",), team: str = "机电一组",
          start: str = "08:30", end: str = "17:30", active: bool = True) -> Technician:
    return Technician.register(dealer_id="d1", user_id=user, name=user, skills=skills, team=team,
                               shift_start=start, shift_end=end, active=active, at=T0)


def _order(n: int, *, appointment: bool = False, waiting: bool = False, minutes: int = 0,
           hours: tuple[str, ...] = ("2",), skill: str = "mechanical") -> RepairOrder:
    order = RepairOrder.open(order_no=f"RO-{n}", dealer_id="d1",
                             appointment_id=f"a{n}" if appointment else None, customer_id="c1",
                             vehicle_id="v1", vin="LSVAU2180N2183294", plate=f"沪A{n}",
                             model="Lavida", service_type="repair", concern="",
                             by="sa", at=T0 + timedelta(minutes=minutes))
    for h in hours:
        order.add_job(op_code=f"OP{n}", description="x", labor_hours=h, pay_type="customer",
                      parts=(), by="sa", at=T0, skill=Skill(skill))
    order.authorize(signed_by="c", at=T0)
    order.customer_waiting = waiting
    return order


def test_priority_is_rework_then_waiting_customer_then_appointment_then_walk_in():
    walk_in_early = _order(1, minutes=0)
    appointment = _order(2, appointment=True, minutes=5)
    waiting = _order(3, waiting=True, minutes=10)
    walk_in_late = _order(4, minutes=20)
    rework = _order(5, minutes=30)
    job = rework.jobs[0]
    rework.start_job(job_id=job.id, technician="li", may_override=False, at=T0)
    rework.finish_job(job_id=job.id, notes=None, at=T0)
    rework.record_qc(level="self", passed=False, by="li", roles={"technician"}, at=T0)  # type: ignore[arg-type]
    job.technician = None  # the foreman dispatches the rework afresh
    queue = dispatch.queue([walk_in_late, waiting, rework, appointment, walk_in_early])
    assert [i.order.order_no for i in queue] == ["RO-5", "RO-3", "RO-2", "RO-1", "RO-4"]
    assert [i.priority_name for i in queue] == ["rework", "waiting", "appointment", "walk_in",
                                                "walk_in"]


def test_assigned_and_unsigned_jobs_are_not_in_the_queue():
    signed = _order(1)
    signed.assign(job_id=signed.jobs[0].id, technician="li", by="fm", at=T0)
    unsigned = RepairOrder.open(order_no="RO-9", dealer_id="d1", appointment_id=None,
                                customer_id="c", vehicle_id="v", vin="LSVAU2180N2183294",
                                plate="p", model="m", service_type="repair", concern="", by="sa",
                                at=T0)
    unsigned.add_job(op_code="X", description="x", labor_hours="1", pay_type="customer",
                     parts=(), by="sa", at=T0)
    assert dispatch.queue([signed, unsigned]) == []


def test_hours_left_in_the_shift_and_the_next_shift_once_it_is_over():
    tech = _tech("li", start="08:30", end="17:30")
    assert dispatch.available_hours(tech, datetime(2026, 12, 1, 7, 0, tzinfo=SH)) == D(9)
    assert dispatch.available_hours(tech, datetime(2026, 12, 1, 15, 30, tzinfo=SH)) == D(2)
    assert dispatch.available_hours(tech, datetime(2026, 12, 1, 19, 0, tzinfo=SH)) == D(9)


def test_load_counts_assigned_unfinished_sold_hours_and_keeps_the_reserve_free():
    now = datetime(2026, 12, 1, 13, 30, tzinfo=SH)  # 4 hours left
    order = _order(1, hours=("2", "1", "0.5"))
    a, b, c = order.jobs
    for job in (a, b, c):
        order.assign(job_id=job.id, technician="li", by="fm", at=T0)
    order.start_job(job_id=c.id, technician="li", may_override=False, at=T0)
    order.finish_job(job_id=c.id, notes=None, at=T0)  # finished: no longer held
    load = dispatch.load_of(_tech("li"), [order], now=now, reserve_pct=10)
    assert (load.held, load.available, load.usable, load.jobs) == (D(3), D(4), D("3.6"), 2)
    assert load.ratio == D("0.75")
    assert load.fits(D("0.5")) and not load.fits(D("1"))  # 4.0 > 3.6: would eat the reserve


def test_suggestions_rank_skill_then_least_loaded_then_the_orders_team():
    now = datetime(2026, 12, 1, 9, 30, tzinfo=SH)  # 8 hours left for everyone
    busy = _order(1, hours=("4",))
    busy.assign(job_id=busy.jobs[0].id, technician="wang", by="fm", at=T0)
    target = _order(2, hours=("1", "1"))
    target.assign(job_id=target.jobs[1].id, technician="li", by="fm", at=T0)
    roster = [_tech("wang"), _tech("li", team="机电二组"), _tech("zhao", team="机电一组"),
              _tech("painter", skills=("paint",)), _tech("zhou", active=False)]
    loads = [dispatch.load_of(t, [busy, target], now=now, reserve_pct=10) for t in roster]
    teams = dispatch.teams_on(target, target.jobs[0].id, roster)
    assert teams == {"机电二组"}
    ranked = dispatch.suggest(skill=Skill.MECHANICAL, hours=D(1), teams_on_order=teams,
                              loads=loads)
    names = [s.load.technician.user_id for s in ranked]
    assert names == ["zhao", "li", "wang", "painter"]  # inactive zhou is never weighed
    assert [s.suggested for s in ranked] == [True, True, True, False]


def test_the_same_team_breaks_a_tie_and_a_full_technician_is_not_suggested():
    now = datetime(2026, 12, 1, 16, 30, tzinfo=SH)  # 1 hour left
    target = _order(2, hours=("1", "0.5"))
    target.assign(job_id=target.jobs[1].id, technician="ma", by="fm", at=T0)
    roster = [_tech("ma", team="机电二组"), _tech("li", team="机电二组"),
              _tech("an", team="机电一组")]
    loads = [dispatch.load_of(t, [target], now=now, reserve_pct=20) for t in roster]
    ranked = dispatch.suggest(skill=Skill.MECHANICAL, hours=D("0.5"),
                              teams_on_order=dispatch.teams_on(target, target.jobs[0].id, roster),
                              loads=loads)
    assert [s.load.technician.user_id for s in ranked] == ["li", "an", "ma"]
    assert ranked[-1].suggested is False  # 0.5 held + 0.5 > 0.8 usable


def test_a_technician_needs_a_skill_and_a_shift_that_ends_after_it_starts():
    with pytest.raises(InvalidInput):
        _tech("x", skills=())
    with pytest.raises(InvalidInput):
        _tech("x", skills=("welding",))
    with pytest.raises(InvalidInput):
        _tech("x", start="18:00", end="08:00")
    assert _tech("x").shift_hours == D(9)
