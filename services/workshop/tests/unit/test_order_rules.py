"""The repair order's life cycle on plain values: transitions and their guards."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from aftersales_common.errors import Conflict, InvalidInput
from workshop.domain import order as rules
from workshop.domain.order import JobStatus, OrderStatus, QcLevel


@dataclass
class Order:
    status: str = "opened"
    paid: bool = False
    rework_count: int = 0


@dataclass
class Job:
    id: str
    status: str = "estimated"
    technician: str | None = None
    rework_count: int = 0


def _authorized(*ids: str) -> tuple[Order, list[Job]]:
    order, jobs = Order(), [Job(i) for i in ids or ("j1",)]
    rules.authorize(order, jobs)
    return order, jobs


def _all_finished(*ids: str) -> tuple[Order, list[Job]]:
    order, jobs = _authorized(*ids)
    for job in jobs:
        rules.start_job(order, job, "tech")
        rules.finish_job(order, job)
    return order, jobs


def test_jobs_join_the_estimate_before_signing_and_are_additional_after():
    order = Order()
    assert rules.new_job_status(order) == JobStatus.ESTIMATED
    order.status = OrderStatus.AUTHORIZED
    assert rules.new_job_status(order) == JobStatus.PENDING_APPROVAL
    for closed in ("qc_passed", "delivered", "cancelled"):
        with pytest.raises(Conflict):
            rules.new_job_status(Order(status=closed))


def test_authorising_needs_a_job_and_approves_the_estimate():
    with pytest.raises(Conflict) as err:
        rules.authorize(Order(), [])
    assert err.value.code == "no-jobs"
    order, jobs = _authorized("j1", "j2")
    assert order.status == "authorized" and {j.status for j in jobs} == {"approved"}
    with pytest.raises(Conflict):
        rules.authorize(order, jobs)


def test_no_work_starts_before_the_customer_signs():
    order, job = Order(), Job("j1")
    with pytest.raises(Conflict) as err:
        rules.start_job(order, job, "tech")
    assert err.value.code == "not-authorized" and "签字" in err.value.detail
    assert job.status == "estimated"


def test_starting_sets_the_technician_and_puts_the_order_in_repair():
    order, (job,) = _authorized("j1")
    rules.start_job(order, job, "li.gong")
    assert job.status == "in_progress" and job.technician == "li.gong"
    assert order.status == "in_progress"
    with pytest.raises(Conflict):
        rules.start_job(order, job, "li.gong")


def test_additional_work_cannot_start_until_the_customer_approves():
    order, jobs = _authorized("j1")
    extra = Job("x1", status=rules.new_job_status(order))
    jobs.append(extra)
    with pytest.raises(Conflict) as err:
        rules.start_job(order, extra, "tech")
    assert err.value.code == "approval-required"
    assert rules.decide_additional_work(order, jobs, ["x1"], approve=True) == [extra]
    rules.start_job(order, extra, "tech")
    assert extra.status == "in_progress"


def test_declined_work_is_never_started_and_decisions_are_final():
    order, jobs = _authorized("j1")
    jobs.append(Job("x1", status=JobStatus.PENDING_APPROVAL))
    rules.decide_additional_work(order, jobs, ["x1"], approve=False)
    assert jobs[1].status == "declined"
    with pytest.raises(Conflict):
        rules.decide_additional_work(order, jobs, ["x1"], approve=True)
    with pytest.raises(Conflict):
        rules.start_job(order, jobs[1], "tech")
    with pytest.raises(InvalidInput):
        rules.decide_additional_work(order, jobs, ["nope"], approve=True)


def test_qc_waits_for_every_approved_job_and_pending_decisions():
    order, jobs = _authorized("j1", "j2")
    rules.start_job(order, jobs[0], "tech")
    rules.finish_job(order, jobs[0])
    with pytest.raises(Conflict) as err:
        rules.record_qc(order, jobs, passed=True, level=QcLevel.FINAL)
    assert err.value.code == "jobs-unfinished"
    rules.start_job(order, jobs[1], "tech")
    rules.finish_job(order, jobs[1])
    jobs.append(Job("x1", status=JobStatus.PENDING_APPROVAL))
    with pytest.raises(Conflict) as err:
        rules.record_qc(order, jobs, passed=True, level=QcLevel.FINAL)
    assert err.value.code == "approval-pending"
    rules.decide_additional_work(order, jobs, ["x1"], approve=False)
    assert rules.record_qc(order, jobs, passed=True, level=QcLevel.FINAL) == []
    assert order.status == "qc_passed"


def test_a_failed_check_sends_jobs_to_rework_and_counts_it():
    order, jobs = _all_finished("j1", "j2")
    rework = rules.record_qc(order, jobs, passed=False, level=QcLevel.FINAL,
                             failed_job_ids=["j2"])
    assert rework == [jobs[1]] and jobs[1].status == "rework" and jobs[0].status == "finished"
    assert order.status == "qc_failed" and order.rework_count == 1 and jobs[1].rework_count == 1
    with pytest.raises(Conflict):
        rules.record_qc(order, jobs, passed=True, level=QcLevel.FINAL)
    rules.start_job(order, jobs[1], "tech")
    rules.finish_job(order, jobs[1])
    rules.record_qc(order, jobs, passed=True, level=QcLevel.FINAL)
    assert order.status == "qc_passed"


def test_a_failure_without_job_ids_reworks_everything():
    order, jobs = _all_finished("j1", "j2")
    assert len(rules.record_qc(order, jobs, passed=False, level=QcLevel.FOREMAN)) == 2
    with pytest.raises(InvalidInput):
        order2, jobs2 = _all_finished("j1")
        rules.record_qc(order2, jobs2, passed=False, level=QcLevel.FINAL, failed_job_ids=["zz"])


def test_only_the_final_check_releases_the_car():
    order, jobs = _all_finished("j1")
    rules.record_qc(order, jobs, passed=True, level=QcLevel.SELF)
    rules.record_qc(order, jobs, passed=True, level=QcLevel.FOREMAN)
    assert order.status == "in_progress"
    rules.record_qc(order, jobs, passed=True, level=QcLevel.FINAL)
    assert order.status == "qc_passed"


def test_delivery_waits_for_qc_and_payment_and_happens_once():
    order, jobs = _all_finished("j1")
    with pytest.raises(Conflict) as err:
        rules.deliver(order)
    assert err.value.code == "qc-not-passed"
    rules.record_qc(order, jobs, passed=True, level=QcLevel.FINAL)
    with pytest.raises(Conflict) as err:
        rules.deliver(order)
    assert err.value.code == "not-paid" and "结清" in err.value.detail
    order.paid = True
    rules.deliver(order)
    assert order.status == "delivered"
    with pytest.raises(Conflict) as err:
        rules.deliver(order)
    assert err.value.code == "already-delivered"


def test_cancel_only_before_work_starts():
    order = Order()
    rules.cancel(order)
    assert order.status == "cancelled"
    order, _ = _authorized("j1")
    rules.cancel(order)
    order, jobs = _authorized("j1")
    rules.start_job(order, jobs[0], "tech")
    with pytest.raises(Conflict):
        rules.cancel(order)


def test_walk_around_only_at_reception_and_dispatch_only_open_jobs():
    rules.check_inspection(Order())
    order, jobs = _authorized("j1")
    with pytest.raises(Conflict):
        rules.check_inspection(order)
    rules.assign(order, jobs[0], "wang")
    assert jobs[0].technician == "wang"
    rules.start_job(order, jobs[0], "someone-else")
    assert jobs[0].technician == "wang"
    rules.finish_job(order, jobs[0])
    with pytest.raises(Conflict):
        rules.assign(order, jobs[0], "zhao")
