"""Reception and China's rules as pure functions: greeting, comebacks, repeats, 三包, walk-around."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from aftersales_common.errors import Conflict, InvalidInput
from workshop.domain.deferred import DeferralKind
from workshop.domain.policy import SanbaoLimits, WorkshopPolicy
from workshop.domain.repair_order import RepairOrder
from workshop.domain.rules import (
    AlertReason,
    OpInfo,
    PastJob,
    Visit,
    find_comeback,
    loaner_due,
    repair_days,
    repeat_of,
    sanbao_findings,
    within_validity,
)
from workshop.domain.statuses import JobStatus, PayType
from workshop.domain.terms import GuaranteeClass, VehicleSystem
from workshop.domain.visit import VisitType, greeting, visit_of
from workshop.domain.walkaround import (
    DamageKind,
    DamageMark,
    Tyre,
    TyreCondition,
    WalkAroundDetail,
    Wheel,
    Zone,
)

T0 = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
POLICY = WorkshopPolicy()
LIMITS = SanbaoLimits()
BRAKES = OpInfo(GuaranteeClass.MINOR, VehicleSystem.BRAKING, safety_related=True)
ENGINE = OpInfo(GuaranteeClass.MAJOR, VehicleSystem.ENGINE)


def _visit(n: int, *, opened: datetime, days: float = 1, km: int | None = 10_000,
           jobs: tuple[PastJob, ...] = (PastJob("BRK-01", BRAKES),),
           kind: VisitType = VisitType.PAID_REPAIR, delivered: bool = True) -> Visit:
    return Visit(order_id=f"o{n}", order_no=f"RO-{n}", visit_type=kind, opened_at=opened,
                 delivered_at=opened + timedelta(days=days) if delivered else None,
                 delivery_odometer_km=km, odometer_km=km, jobs=jobs)


# ---- greeting ------------------------------------------------------------------------------
def test_greeting_at_the_target_is_on_time_a_second_more_is_late():
    assert greeting(T0, T0 + timedelta(minutes=5), 5).late is False
    late = greeting(T0, T0 + timedelta(minutes=5, seconds=1), 5)
    assert late.late is True and late.minutes == 5
    assert greeting(T0, T0 + timedelta(minutes=2), 1).late is True


def test_visit_type_defaults_from_the_old_service_type():
    assert visit_of("repair", None) == VisitType.PAID_REPAIR
    assert visit_of("quick", None) == VisitType.MAINTENANCE
    assert visit_of("campaign", None) == VisitType.WARRANTY
    assert visit_of("repair", "rework") == VisitType.REWORK
    with pytest.raises(InvalidInput):
        visit_of("repair", "tuning")


# ---- guarantee-period comebacks ---------------------------------------------------------------
def _comeback(at: datetime, km: int | None, code: str = "BRK-01", info: OpInfo = BRAKES):
    history = [_visit(1, opened=T0, days=1, km=10_000)]  # delivered T0 + 1 day at 10,000 km
    return find_comeback(history, op_code=code, info=info, at=at, odometer_km=km, policy=POLICY)


def test_comeback_inside_ten_days_and_two_thousand_km_is_free():
    found = _comeback(T0 + timedelta(days=1 + 10, hours=1), 12_000)  # day 10, exactly 2,000 km
    assert found is not None and found.of_order == "o1" and found.free
    assert (found.within_days, found.within_km) == (10, 2_000)
    assert (found.period_days, found.period_km) == (10, 2_000)


def test_comeback_ends_on_day_eleven_or_past_two_thousand_km():
    assert _comeback(T0 + timedelta(days=1 + 11), 10_500) is None
    assert _comeback(T0 + timedelta(days=3), 12_001) is None


def test_comeback_by_days_alone_when_no_odometer_was_read():
    found = _comeback(T0 + timedelta(days=5), None)
    assert found is not None and found.within_km is None


def test_comeback_matches_the_same_system_and_the_earlier_class_sets_the_period():
    other_brake_job = OpInfo(GuaranteeClass.MINOR, VehicleSystem.BRAKING)
    assert _comeback(T0 + timedelta(days=4), 10_100, "BRK-09", other_brake_job) is not None
    assert _comeback(T0 + timedelta(days=4), 10_100, "AC-01", OpInfo()) is None
    history = [_visit(1, opened=T0, jobs=(PastJob("ENG-OVH", ENGINE),), km=10_000)]
    late = find_comeback(history, op_code="ENG-OVH", info=ENGINE, odometer_km=29_000,
                         at=T0 + timedelta(days=90), policy=POLICY)
    assert late is not None and late.period_days == 100  # a major repair: 100 days / 20,000 km


def test_other_systems_never_match():
    unknown = OpInfo(system=VehicleSystem.OTHER)
    history = [_visit(1, opened=T0, jobs=(PastJob("X-1", unknown),))]
    assert find_comeback(history, op_code="X-2", info=unknown, at=T0 + timedelta(days=2),
                         odometer_km=None, policy=POLICY) is None


def test_an_open_earlier_order_is_no_comeback():
    history = [_visit(1, opened=T0, delivered=False)]
    assert find_comeback(history, op_code="BRK-01", info=BRAKES, at=T0 + timedelta(days=2),
                         odometer_km=None, policy=POLICY) is None


def test_a_declared_rework_repeats_the_latest_delivered_visit():
    history = [_visit(1, opened=T0), _visit(2, opened=T0 + timedelta(days=20)),
               _visit(3, opened=T0 + timedelta(days=40), delivered=False)]
    assert repeat_of(history, VisitType.REWORK) == "o2"
    assert repeat_of(history, VisitType.PAID_REPAIR) is None
    assert repeat_of([], VisitType.REWORK) is None


# ---- 三包 -------------------------------------------------------------------------------------
def test_repair_days_count_a_started_day_as_one():
    assert repair_days(T0, T0 + timedelta(hours=3)) == 1
    assert repair_days(T0, T0 + timedelta(days=5)) == 5
    assert repair_days(T0, T0 + timedelta(days=5, minutes=1)) == 6


def test_loaner_due_over_five_days_not_at_five():
    assert not loaner_due(T0, T0 + timedelta(days=5), LIMITS)
    assert loaner_due(T0, T0 + timedelta(days=5, minutes=1), LIMITS)


def test_validity_two_years_or_fifty_thousand_km():
    assert within_validity(T0, T0 + timedelta(days=730), 50_000, LIMITS)
    assert not within_validity(T0, T0 + timedelta(days=731), 100, LIMITS)
    assert not within_validity(T0, T0 + timedelta(days=10), 50_001, LIMITS)


def _reasons(visits: list[Visit]) -> set[tuple[str, str | None, int]]:
    return {(f.reason.value, f.system, f.count)
            for f in sanbao_findings(visits, at=T0 + timedelta(days=400), limits=LIMITS)}


def test_four_repairs_of_a_serious_system_no_alert_the_fifth_alerts():
    engine = (PastJob("ENG-1", ENGINE),)
    four = [_visit(i, opened=T0 + timedelta(days=30 * i), jobs=engine) for i in range(4)]
    assert _reasons(four) == set()
    five = [*four, _visit(5, opened=T0 + timedelta(days=200), jobs=engine)]
    assert _reasons(five) == {("same_problem", "engine", 5)}


def test_safety_fault_alerts_at_the_second_repair():
    one = [_visit(1, opened=T0)]
    assert all(r[0] != "safety_fault" for r in _reasons(one))
    two = [*one, _visit(2, opened=T0 + timedelta(days=40))]
    assert ("safety_fault", "braking", 2) in _reasons(two)


def test_thirty_cumulative_days_no_alert_thirty_one_alerts():
    body = (PastJob("BODY-1", OpInfo(system=VehicleSystem.BODY)),)
    thirty = [_visit(i, opened=T0 + timedelta(days=40 * i), days=10, jobs=body) for i in range(3)]
    assert _reasons(thirty) == set()
    more = [*thirty, _visit(9, opened=T0 + timedelta(days=200), days=0.5, jobs=body)]
    assert _reasons(more) == {("cumulative_days", None, 31)}


def test_maintenance_and_repairs_outside_validity_do_not_count():
    engine = (PastJob("ENG-1", ENGINE),)
    visits = [_visit(i, opened=T0 + timedelta(days=10 * i), jobs=engine,
                     kind=VisitType.MAINTENANCE) for i in range(6)]
    assert _reasons(visits) == set()
    late = [_visit(i, opened=T0 + timedelta(days=800 + i), jobs=engine) for i in range(5)]
    assert _reasons([_visit(0, opened=T0, jobs=()), *late]) == set()


# ---- the order's reception steps ------------------------------------------------------------
def _order() -> RepairOrder:
    order = RepairOrder.open(order_no="RO1", dealer_id="d1", appointment_id=None, customer_id="c1",
                             vehicle_id="v1", vin="LSVAU2180N2183294", plate="沪A1", model="m",
                             service_type="repair", concern="刹车异响", by="sa", at=T0)
    order.note_arrival(visit_type=VisitType.PAID_REPAIR, arrived_at=T0 - timedelta(minutes=7),
                       customer_words="刹车时有吱吱声", greet_target_minutes=5)
    return order


def test_greeting_counts_once_and_is_late_after_seven_minutes():
    order = _order()
    assert order.greet(by="sa", at=T0, target_minutes=5)
    assert order.greet_minutes == 7 and order.greeted_late is True
    assert not order.greet(by="sa2", at=T0 + timedelta(hours=1), target_minutes=5)
    assert order.greet_minutes == 7


def test_customer_words_are_fixed_once_signed_and_the_approval_rule_cannot_be_waived():
    order = _order()
    with pytest.raises(InvalidInput):
        order.record_reception(visit_type=None, customer_words=None, payment_method=None,
                               old_parts=None, extra_work_needs_approval=False, by="sa", at=T0)
    order.add_job(op_code="BRK-01", description="刹车片", labor_hours="1", pay_type="customer",
                  parts=[], by="sa", at=T0)
    order.authorize(signed_by="张伟", at=T0)
    with pytest.raises(Conflict):
        order.record_reception(visit_type=None, customer_words="改过的话", payment_method=None,
                               old_parts=None, extra_work_needs_approval=True, by="sa", at=T0)
    assert order.customer_words == "刹车时有吱吱声"


def test_a_comeback_job_becomes_free_and_the_order_says_why():
    order = _order()
    job = order.add_job(op_code="BRK-01", description="刹车片", labor_hours="1",
                        pay_type="customer", parts=[], by="sa", at=T0)
    found = find_comeback([_visit(1, opened=T0 - timedelta(days=5), days=1)], op_code="BRK-01",
                          info=BRAKES, at=T0, odometer_km=None, policy=POLICY)
    assert found is not None
    order.flag_comeback(job=job, comeback=found, at=T0)
    assert job.pay_type == PayType.INTERNAL and "质量保证期" in (job.pay_reason or "")
    assert order.comeback == found and order.repeat_of == "o1"
    assert [type(e).__name__ for e in order.recorded_events][-1] == "ComebackFlagged"


def test_deferring_an_estimate_job_keeps_it_on_the_record():
    order = _order()
    job = order.add_job(op_code="AC-01", description="空调清洗", labor_hours="0.5",
                        pay_type="customer", parts=[("AC-FILTER", "1")], by="sa", at=T0)
    work = order.defer_job(job_id=job.id, kind=DeferralKind.DEFERRED, reason="下次再做",
                           remind_on=date(2027, 1, 10), by="sa", at=T0)
    assert job.status == JobStatus.DECLINED and work.vehicle_id == "v1"
    assert work.reminder_due() == date(2027, 1, 10) and work.parts[0].part_no == "AC-FILTER"
    with pytest.raises(Conflict):
        order.defer_job(job_id=job.id, kind=DeferralKind.DEFERRED, reason="x", remind_on=None,
                        by="sa", at=T0)
    with pytest.raises(Conflict):
        work.take_up(order_id=order.id, job_id="j", at=T0)  # not on its own order
    work.take_up(order_id="later", job_id="j2", at=T0)
    with pytest.raises(Conflict):
        work.take_up(order_id="later2", job_id="j3", at=T0)


def test_a_past_reminder_date_is_refused():
    order = _order()
    job = order.add_job(op_code="AC-01", description="空调清洗", labor_hours="0.5",
                        pay_type="customer", parts=[], by="sa", at=T0)
    with pytest.raises(InvalidInput):
        order.defer_job(job_id=job.id, kind=DeferralKind.DECLINED, reason="不要",
                        remind_on=date(2026, 10, 1), by="sa", at=T0)


def test_the_loaner_is_flagged_once_over_five_days():
    order = _order()
    assert not order.check_loaner(at=T0 + timedelta(days=5), limits=LIMITS, in_validity=True)
    assert not order.check_loaner(at=T0 + timedelta(days=6), limits=LIMITS, in_validity=False)
    assert order.check_loaner(at=T0 + timedelta(days=6), limits=LIMITS, in_validity=True)
    assert not order.check_loaner(at=T0 + timedelta(days=7), limits=LIMITS, in_validity=True)
    assert order.loaner_required


# ---- the structured walk-around ---------------------------------------------------------------
def test_walk_around_marks_lie_on_the_diagram_and_each_wheel_once():
    with pytest.raises(InvalidInput):
        DamageMark(Zone.HOOD, DamageKind.DENT, 1.2, 0.5)
    with pytest.raises(InvalidInput):
        WalkAroundDetail(tyres=(Tyre(Wheel.LEFT_FRONT, TyreCondition.GOOD),
                                Tyre(Wheel.LEFT_FRONT, TyreCondition.WORN)))
    with pytest.raises(InvalidInput):
        WalkAroundDetail(interior_ok=True, interior_faults=("左后车窗不升",))


def test_alert_reasons_are_the_three_of_the_regulation():
    assert {r.value for r in AlertReason} == {"cumulative_days", "same_problem", "safety_fault"}
