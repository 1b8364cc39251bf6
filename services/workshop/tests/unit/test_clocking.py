"""Clocking on plain values: pause with a reason, resume, finish, rework lines, sold vs clocked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from aftersales_common.domain import IllegalTransition
from aftersales_common.errors import Conflict, InvalidInput
from workshop.domain import events as ev
from workshop.domain.clocking import LineEnd, LineKind, PauseReason, job_hours, total
from workshop.domain.repair_order import RepairOrder
from workshop.domain.statuses import JobStatus, QcLevel

T0 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _signed(hours: str = "1.5") -> RepairOrder:
    order = RepairOrder.open(order_no="RO20261201-0001", dealer_id="d1", appointment_id=None,
                             customer_id="c1", vehicle_id="v1", vin="LSVAU2180N2183294",
                             plate="沪A12345", model="Lavida", service_type="repair",
                             concern="异响", by="sa", at=_at(0))
    order.add_job(op_code="BRK-01", description="刹车片", labor_hours=hours, pay_type="customer",
                  parts=(), by="sa", at=_at(0))
    order.authorize(signed_by="张伟", at=_at(0))
    return order


def _hours(order: RepairOrder, now: datetime):
    job = order.jobs[0]
    return job_hours(job_id=job.id, op_code=job.op_code, description=job.description,
                     technician=job.technician, status=job.status.value, sold=job.labor_hours,
                     lines=job.clock_lines, now=now)


def test_a_pause_closes_the_line_with_its_reason_and_resume_opens_another():
    order = _signed()
    job = order.jobs[0]
    order.start_job(job_id=job.id, technician="tech", may_override=False, at=_at(0))
    order.pause_job(job_id=job.id, technician="tech", may_override=False,
                    reason=PauseReason.WAITING_PARTS, note="等刹车片", at=_at(30))
    assert job.status == JobStatus.PAUSED
    (line,) = job.clock_lines
    assert (line.end, line.reason, line.note, line.ended_at) == (
        LineEnd.PAUSE, PauseReason.WAITING_PARTS, "等刹车片", _at(30))
    order.resume_job(job_id=job.id, technician="tech", may_override=False, at=_at(50))
    order.finish_job(job_id=job.id, notes=None, at=_at(110))
    assert [(ln.kind, ln.started_at, ln.ended_at, ln.end) for ln in job.clock_lines] == [
        (LineKind.WORK, _at(0), _at(30), LineEnd.PAUSE),
        (LineKind.WORK, _at(50), _at(110), LineEnd.FINISH)]
    types = [type(e) for e in order.recorded_events]
    assert ev.JobPaused in types and ev.JobResumed in types
    h = _hours(order, _at(200))
    # 30 + 60 minutes clocked for 1.5 sold hours: the pause is not counted
    assert (h.sold, h.work, h.rework, h.clocked, h.efficiency) == (
        D("1.5"), D("1.50"), D("0.00"), D("1.50"), D("1.00"))


def test_a_restart_after_rework_opens_a_rework_line_and_keeps_the_first_start():
    order = _signed("1")
    job = order.jobs[0]
    order.start_job(job_id=job.id, technician="tech", may_override=False, at=_at(0))
    order.finish_job(job_id=job.id, notes=None, at=_at(60))
    order.record_qc(level=QcLevel.SELF, passed=True, by="tech", roles={"technician"}, at=_at(61))
    order.record_qc(level=QcLevel.FOREMAN, passed=False, by="fm", roles={"foreman"}, at=_at(62))
    assert job.status == JobStatus.REWORK
    order.start_job(job_id=job.id, technician="tech", may_override=False, at=_at(70))
    order.finish_job(job_id=job.id, notes=None, at=_at(100))
    assert job.started_at == _at(0) and job.finished_at == _at(100)
    assert [ln.kind for ln in job.clock_lines] == [LineKind.WORK, LineKind.REWORK]
    h = _hours(order, _at(200))
    assert (h.work, h.rework, h.clocked) == (D("1.00"), D("0.50"), D("1.50"))
    assert h.efficiency == D("0.67")  # 1 sold hour over 1.5 clocked
    assert total([h], _at(200)).efficiency == D("0.67")


def test_an_open_line_counts_up_to_now_and_nothing_clocked_has_no_efficiency():
    order = _signed()
    assert _hours(order, _at(10)).efficiency is None
    order.start_job(job_id=order.jobs[0].id, technician="tech", may_override=False, at=_at(0))
    h = _hours(order, _at(45))
    assert h.clocked_on and h.clocked == D("0.75") and h.efficiency == D("2.00")


def test_seconds_on_the_clock_give_no_efficiency_until_the_hours_show():
    order = _signed()
    order.start_job(job_id=order.jobs[0].id, technician="tech", may_override=False, at=_at(0))
    t0 = _at(0)
    assert _hours(order, t0 + timedelta(seconds=10)).efficiency is None  # 0.00 h shown
    assert _hours(order, t0 + timedelta(seconds=36)).efficiency == D("150.00")  # 1.5 / 0.01


def test_pause_and_resume_follow_the_job_table_and_who_holds_the_job():
    order = _signed()
    job = order.jobs[0]
    with pytest.raises(IllegalTransition):  # not started yet
        order.pause_job(job_id=job.id, technician="tech", may_override=False,
                        reason=PauseReason.BREAK, note="", at=_at(1))
    order.start_job(job_id=job.id, technician="tech", may_override=False, at=_at(0))
    with pytest.raises(Conflict) as other:
        order.pause_job(job_id=job.id, technician="li", may_override=False,
                        reason=PauseReason.BREAK, note="", at=_at(1))
    assert other.value.code == "assigned-elsewhere"
    with pytest.raises(InvalidInput):  # "other" needs a note
        order.pause_job(job_id=job.id, technician="tech", may_override=False,
                        reason=PauseReason.OTHER, note=" ", at=_at(1))
    assert job.status == JobStatus.IN_PROGRESS and job.clock_lines[0].open
    order.pause_job(job_id=job.id, technician="foreman", may_override=True,
                    reason=PauseReason.WAITING_APPROVAL, note="", at=_at(5))
    with pytest.raises(IllegalTransition) as paused:
        order.finish_job(job_id=job.id, notes=None, at=_at(6))
    assert paused.value.code == "job-paused"
    with pytest.raises(IllegalTransition):
        order.start_job(job_id=job.id, technician="tech", may_override=False, at=_at(6))


def test_the_checks_refuse_while_a_job_is_paused():
    order = _signed()
    job = order.jobs[0]
    order.start_job(job_id=job.id, technician="tech", may_override=False, at=_at(0))
    order.pause_job(job_id=job.id, technician="tech", may_override=False,
                    reason=PauseReason.BREAK, note="", at=_at(5))
    with pytest.raises(Conflict) as err:
        order.record_qc(level=QcLevel.SELF, passed=True, by="tech", roles={"technician"},
                        at=_at(6))
    assert err.value.code == "jobs-unfinished"


def test_assigning_needs_the_jobs_skill_when_the_roster_says_what_they_can_do():
    order = _signed()
    job = order.jobs[0]  # mechanical by default
    with pytest.raises(Conflict) as err:
        order.assign(job_id=job.id, technician="tech2", by="fm", at=_at(1),
                     skills={"body", "paint"}, technician_id="t2")  # type: ignore[arg-type]
    assert err.value.code == "skill-mismatch" and job.technician is None
    order.assign(job_id=job.id, technician="tech", by="fm", at=_at(1),
                 skills={"mechanical"}, technician_id="t1")  # type: ignore[arg-type]
    assigned = [e for e in order.recorded_events if isinstance(e, ev.JobAssigned)]
    assert job.technician == "tech" and assigned[-1].technician_id == "t1"
