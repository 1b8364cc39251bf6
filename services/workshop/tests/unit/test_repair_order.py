"""The repair order aggregate on plain values: transitions, rules and the events it records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from aftersales_common.domain import IllegalTransition
from aftersales_common.errors import Conflict, Forbidden, InvalidInput
from workshop.domain import events as ev
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import JOB_FLOW, ORDER_FLOW, JobStatus, OrderStatus, QcLevel

T0 = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)
ROLES = {QcLevel.SELF: {"technician"}, QcLevel.FOREMAN: {"foreman"},
         QcLevel.FINAL: {"qc_inspector"}, QcLevel.PRE_DELIVERY: {"service_advisor"}}


def _at(minutes: int = 0) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _opened() -> RepairOrder:
    return RepairOrder.open(order_no="RO20261201-0001", dealer_id="d1", appointment_id="a1",
                            customer_id="c1", vehicle_id="v1", vin="LSVAU2180N2183294",
                            plate="沪A12345", model="Lavida", service_type="repair",
                            concern="异响", by="sa", at=_at())


def _job(order: RepairOrder, op: str = "BRK-01", parts=(("bp-100", "2"),)):
    return order.add_job(op_code=op, description="刹车片", labor_hours="1.5", pay_type="customer",
                         parts=parts, by="sa", at=_at(1))


def _authorized(n: int = 1) -> RepairOrder:
    order = _opened()
    for i in range(n):
        _job(order, f"OP-{i}")
    order.authorize(signed_by="张伟", at=_at(2))
    return order


def _finished(n: int = 1) -> RepairOrder:
    order = _authorized(n)
    for job in order.jobs:
        order.start_job(job_id=job.id, technician="li", may_override=False, at=_at(3))
        order.finish_job(job_id=job.id, notes=None, at=_at(4))
    return order


def _check(order, level, passed=True, **kw):
    return order.record_qc(level=level, passed=passed, by="x", roles=kw.pop("roles", ROLES[level]),
                           at=_at(5), **kw)


def _through(order, *levels):
    """Pass these checks; after the final inspection the car is washed (the step before
    the advisor's check)."""
    for level in levels:
        _check(order, level)
        if level == QcLevel.FINAL:
            order.wash_car(washed=True, by="washer", at=_at(6))


ALL = (QcLevel.SELF, QcLevel.FOREMAN, QcLevel.FINAL, QcLevel.PRE_DELIVERY)


def _types(order):
    return [type(e).__name__ for e in order.pull_events()]


# ---- transition tables ---------------------------------------------------------------
def test_the_tables_hold_the_documented_rows():
    rows = ORDER_FLOW.rows()
    assert ("opened", "authorize", "authorized") in rows
    assert ("in_progress", "pass_final", "qc_passed") in rows
    assert ("qc_passed", "fail_check", "qc_failed") in rows
    assert ("qc_passed", "deliver", "delivered") in rows
    assert not ORDER_FLOW.allows(OrderStatus.IN_PROGRESS, "cancel")
    assert JOB_FLOW.next(JobStatus.REWORK, "start") == JobStatus.IN_PROGRESS
    with pytest.raises(IllegalTransition) as err:
        JOB_FLOW.next(JobStatus.PENDING_APPROVAL, "start")
    assert err.value.code == "approval-required"


# ---- reception and the estimate ------------------------------------------------------
def test_opening_records_the_order_and_refuses_unknown_service_types():
    order = _opened()
    (opened,) = order.pull_events()
    assert isinstance(opened, ev.OrderOpened) and opened.order.status == OrderStatus.OPENED
    with pytest.raises(InvalidInput):
        RepairOrder.open(order_no="x", dealer_id="d1", appointment_id=None, customer_id="c",
                         vehicle_id="v", vin="v", plate="p", model="m", service_type="wash",
                         concern="", by="sa", at=_at())


def test_jobs_join_the_estimate_before_signing_and_are_additional_after():
    order = _opened()
    assert _job(order).status == JobStatus.ESTIMATED
    order.authorize(signed_by="张伟", at=_at(2))
    order.pull_events()
    extra = _job(order, "TYR")
    assert extra.status == JobStatus.PENDING_APPROVAL and extra.additional
    (requested,) = order.pull_events()
    assert isinstance(requested, ev.AdditionalWorkRequested) and requested.job_ids == (extra.id,)
    with pytest.raises(InvalidInput):
        order.add_job(op_code="X", description="x", labor_hours="1", pay_type="free", parts=(),
                      by="sa", at=_at())


def test_walk_around_only_at_reception():
    order = _opened()
    order.record_walk_around(odometer_km=42000, fuel_level=50, notes="", damages=["划痕"],
                             valuables=[], by="sa", at=_at(1))
    assert order.walk_around and order.walk_around.odometer_km == 42000
    order = _authorized()
    with pytest.raises(Conflict):
        order.record_walk_around(odometer_km=1, fuel_level=1, notes="", damages=[], valuables=[],
                                 by="sa", at=_at())


def test_authorising_needs_a_job_approves_the_estimate_and_reserves_its_parts():
    with pytest.raises(Conflict) as err:
        _opened().authorize(signed_by="x", at=_at())
    assert err.value.code == "no-jobs"
    order = _opened()
    a, b = _job(order, "A"), _job(order, "B", parts=())
    order.pull_events()
    order.authorize(signed_by="张伟", at=_at(2))
    assert order.status == OrderStatus.AUTHORIZED and {a.status, b.status} == {JobStatus.APPROVED}
    (authorized,) = order.pull_events()
    assert authorized.reserve == (ev.ReserveLine(a.id, "BP-100", D(2)),)
    with pytest.raises(Conflict):
        order.authorize(signed_by="张伟", at=_at())


def test_no_work_starts_before_the_customer_signs():
    order = _opened()
    job = _job(order)
    with pytest.raises(Conflict) as err:
        order.start_job(job_id=job.id, technician="li", may_override=False, at=_at())
    assert err.value.code == "not-authorized" and "签字" in err.value.detail
    assert job.status == JobStatus.ESTIMATED


# ---- additional work -----------------------------------------------------------------
def test_additional_work_waits_for_approval_and_reserves_only_the_approved_jobs():
    order = _authorized()
    extra, other = _job(order, "TYR", parts=(("ty-1", "4"),)), _job(order, "AC", parts=())
    with pytest.raises(Conflict) as err:
        order.start_job(job_id=extra.id, technician="li", may_override=False, at=_at())
    assert err.value.code == "approval-required"
    order.pull_events()
    assert order.decide_additional_work(job_ids=[extra.id], approve=True, signed_by="张伟",
                                        at=_at()) == [extra]
    (approved,) = order.pull_events()
    assert approved.job_ids == (extra.id,)
    assert approved.reserve == (ev.ReserveLine(extra.id, "TY-1", D(4)),)
    order.decide_additional_work(job_ids=[other.id], approve=False, signed_by="张伟", at=_at())
    assert other.status == JobStatus.DECLINED and order.pull_events() == []
    with pytest.raises(Conflict) as err:
        order.decide_additional_work(job_ids=[other.id], approve=True, signed_by="x", at=_at())
    assert err.value.code == "not-pending-approval"
    with pytest.raises(Conflict):
        order.start_job(job_id=other.id, technician="li", may_override=False, at=_at())
    with pytest.raises(InvalidInput):
        order.decide_additional_work(job_ids=["nope"], approve=True, signed_by="x", at=_at())


# ---- dispatch and work ---------------------------------------------------------------
def test_a_job_assigned_to_someone_else_is_theirs_unless_a_supervisor_starts_it():
    order = _authorized()
    job = order.jobs[0]
    order.assign(job_id=job.id, technician="wang", by="foreman", at=_at())
    with pytest.raises(Conflict) as err:
        order.start_job(job_id=job.id, technician="li", may_override=False, at=_at())
    assert err.value.code == "assigned-elsewhere" and job.status == JobStatus.APPROVED
    order.start_job(job_id=job.id, technician="foreman.zhao", may_override=True, at=_at())
    assert job.technician == "wang" and order.status == OrderStatus.IN_PROGRESS
    order.finish_job(job_id=job.id, notes="ok", at=_at())
    with pytest.raises(Conflict):
        order.assign(job_id=job.id, technician="zhao", by="foreman", at=_at())


def test_starting_takes_the_job_and_records_the_parts_to_issue():
    order = _authorized()
    job = order.jobs[0]
    order.pull_events()
    order.start_job(job_id=job.id, technician="li", may_override=False, at=_at(3))
    assert job.technician == "li" and job.started_at == _at(3)
    (started,) = order.pull_events()
    assert isinstance(started, ev.JobStarted) and started.job.parts[0].part_no == "BP-100"
    with pytest.raises(Conflict):
        order.start_job(job_id=job.id, technician="li", may_override=False, at=_at())


# ---- the quality checks --------------------------------------------------------------
def test_checks_come_in_order_self_foreman_final_pre_delivery():
    order = _finished()
    with pytest.raises(Conflict) as err:
        _check(order, QcLevel.FINAL)
    assert err.value.code == "qc-out-of-order"
    _check(order, QcLevel.SELF)
    with pytest.raises(Conflict):
        _check(order, QcLevel.SELF)
    _check(order, QcLevel.FOREMAN)
    with pytest.raises(Conflict):
        _check(order, QcLevel.PRE_DELIVERY)
    order.pull_events()
    _check(order, QcLevel.FINAL)
    assert order.status == OrderStatus.QC_PASSED
    assert _types(order) == ["QcPassed"]
    with pytest.raises(Conflict) as err:  # washing comes first: ready only then
        _check(order, QcLevel.PRE_DELIVERY)
    assert err.value.code == "not-ready"
    order.wash_car(washed=True, by="washer", at=_at(6))
    assert _types(order) == ["VehicleReady"]
    _check(order, QcLevel.PRE_DELIVERY)
    assert order.qc_stage == QcLevel.PRE_DELIVERY and order.pull_events() == []
    assert [c.level for c in order.qc_checks] == list(ALL)


def test_who_signs_which_check():
    order = _finished()
    with pytest.raises(Forbidden):
        _check(order, QcLevel.SELF, roles={"qc_inspector"})
    _check(order, QcLevel.SELF, roles={"foreman"})
    with pytest.raises(Forbidden):
        _check(order, QcLevel.FOREMAN, roles={"technician"})
    _check(order, QcLevel.FOREMAN)
    for not_final in ({"foreman"}, {"technician"}, {"service_advisor"}, {"admin"}):
        with pytest.raises(Forbidden):
            _check(order, QcLevel.FINAL, roles=not_final)
    _check(order, QcLevel.FINAL)
    with pytest.raises(Forbidden):
        _check(order, QcLevel.PRE_DELIVERY, roles={"qc_inspector"})


def test_qc_waits_for_every_approved_job_and_pending_decisions():
    order = _authorized(2)
    first, second = order.jobs
    order.start_job(job_id=first.id, technician="li", may_override=False, at=_at())
    order.finish_job(job_id=first.id, notes=None, at=_at())
    with pytest.raises(Conflict) as err:
        _check(order, QcLevel.SELF)
    assert err.value.code == "jobs-unfinished"
    order.start_job(job_id=second.id, technician="li", may_override=False, at=_at())
    order.finish_job(job_id=second.id, notes=None, at=_at())
    extra = _job(order, "X")
    with pytest.raises(Conflict) as err:
        _check(order, QcLevel.SELF)
    assert err.value.code == "approval-pending"
    order.decide_additional_work(job_ids=[extra.id], approve=False, signed_by="x", at=_at())
    _through(order, QcLevel.SELF, QcLevel.FOREMAN, QcLevel.FINAL)
    assert order.status == OrderStatus.QC_PASSED


@pytest.mark.parametrize("level", ALL)
def test_a_failure_at_any_level_sends_work_back_and_restarts_the_checks(level):
    order = _finished(2)
    _through(order, *ALL[:ALL.index(level)])
    order.pull_events()
    second = order.jobs[1]
    assert _check(order, level, passed=False, notes="不合格", job_ids=[second.id]) == [second]
    assert second.status == JobStatus.REWORK and order.jobs[0].status == JobStatus.FINISHED
    assert order.status == OrderStatus.QC_FAILED and order.rework_count == 1
    assert second.rework_count == 1 and order.qc_stage is None
    (failed,) = order.pull_events()
    assert isinstance(failed, ev.QcFailed) and failed.level == level
    assert failed.rework_job_ids == (second.id,)
    assert order.qc_checks[-1].passed is False and order.qc_checks[-1].rework_job_ids == (second.id,)
    with pytest.raises(Conflict):
        _check(order, QcLevel.SELF)  # the rework is not done yet
    order.start_job(job_id=second.id, technician="li", may_override=False, at=_at())
    order.finish_job(job_id=second.id, notes=None, at=_at())
    with pytest.raises(Conflict) as err:
        _check(order, level if level != QcLevel.SELF else QcLevel.FOREMAN)
    assert err.value.code in ("qc-out-of-order", "illegal-transition")
    _through(order, *ALL)
    assert order.qc_stage == QcLevel.PRE_DELIVERY


def test_a_failure_without_job_ids_reworks_every_finished_job():
    order = _finished(2)
    assert len(_check(order, QcLevel.SELF, passed=False)) == 2
    order = _finished(1)
    with pytest.raises(InvalidInput):
        _check(order, QcLevel.SELF, passed=False, job_ids=["zz"])


# ---- delivery, payment ---------------------------------------------------------------
def test_delivery_needs_the_final_check_the_pre_delivery_check_and_payment_once():
    order = _finished()
    with pytest.raises(Conflict) as err:
        order.deliver(by="sa", at=_at(), odometer_km=None)
    assert err.value.code == "qc-not-passed"
    _through(order, QcLevel.SELF, QcLevel.FOREMAN, QcLevel.FINAL)
    order.mark_paid(invoice_id="inv-1", at=_at())
    with pytest.raises(Conflict) as err:
        order.deliver(by="sa", at=_at(), odometer_km=None)
    assert err.value.code == "pre-delivery-check-missing"
    _check(order, QcLevel.PRE_DELIVERY)
    order.mark_unpaid(invoice_id="inv-1", at=_at())
    with pytest.raises(Conflict) as err:
        order.deliver(by="sa", at=_at(), odometer_km=None)
    assert err.value.code == "not-paid" and "结清" in err.value.detail
    order.mark_paid(invoice_id="inv-1", at=_at())
    order.pull_events()
    order.deliver(by="sa", at=_at(9), odometer_km=None)
    assert order.status == OrderStatus.DELIVERED and order.delivered_at == _at(9)
    assert _types(order) == ["VehicleDelivered", "RepairRecordCreated"]
    with pytest.raises(Conflict) as err:
        order.deliver(by="sa", at=_at(), odometer_km=None)
    assert err.value.code == "already-delivered"


def test_a_refund_on_another_invoice_leaves_the_order_paid():
    order = _finished()
    order.mark_paid(invoice_id="inv-1", at=_at())
    assert order.mark_unpaid(invoice_id="inv-0", at=_at()) is False and order.paid
    assert order.mark_unpaid(invoice_id="inv-1", at=_at()) is True and not order.paid


def test_the_delivery_odometer_may_not_be_below_reception():
    order = _opened()
    order.record_walk_around(odometer_km=42000, fuel_level=50, notes="", damages=[], valuables=[],
                             by="sa", at=_at())
    _job(order)
    order.authorize(signed_by="x", at=_at())
    job = order.jobs[0]
    order.start_job(job_id=job.id, technician="li", may_override=False, at=_at())
    order.finish_job(job_id=job.id, notes=None, at=_at())
    _through(order, *ALL)
    order.mark_paid(invoice_id="i", at=_at())
    with pytest.raises(InvalidInput) as err:
        order.deliver(by="sa", at=_at(), odometer_km=41999)
    assert "接车里程" in err.value.detail and order.status == OrderStatus.QC_PASSED
    order.deliver(by="sa", at=_at(), odometer_km=None)
    assert order.delivery_odometer_km == 42000


def test_cancel_only_before_work_starts():
    order = _opened()
    order.cancel(reason="改期", by="sa", at=_at())
    assert order.status == OrderStatus.CANCELLED and order.cancel_reason == "改期"
    assert _types(order)[-1] == "OrderCancelled"
    _authorized().cancel(reason="x", by="sa", at=_at())
    order = _authorized()
    order.start_job(job_id=order.jobs[0].id, technician="li", may_override=False, at=_at())
    with pytest.raises(Conflict):
        order.cancel(reason="x", by="sa", at=_at())


# ---- parts supply --------------------------------------------------------------------
def test_parts_reports_make_the_order_wait_and_release_it():
    order = _authorized()
    job = order.jobs[0]
    order.parts_short(job_id=job.id, lines=[("bp-100", D(2), D(1), None)], at=_at())
    order.parts_reserved(lines=[("BP-100", D(1))], at=_at())
    assert order.waiting_parts and order.supplies["BP-100"].status == "short"
    order.parts_reserved(lines=[("BP-100", D(1))], at=_at())
    assert not order.waiting_parts
    order.parts_issued(job_id=job.id, lines=[("BP-100", D(2))], at=_at())
    assert order.supplies["BP-100"].status == "issued"
