"""The repair order (维修委托书) and its jobs: statuses, transitions and their guards."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol, TypeVar

from aftersales_common.errors import Conflict, InvalidInput


class OrderStatus(StrEnum):
    OPENED = "opened"
    AUTHORIZED = "authorized"
    IN_PROGRESS = "in_progress"
    QC_FAILED = "qc_failed"
    QC_PASSED = "qc_passed"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class JobStatus(StrEnum):
    ESTIMATED = "estimated"
    PENDING_APPROVAL = "pending_approval"
    APPROVED = "approved"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    REWORK = "rework"


class QcLevel(StrEnum):
    """The three checks (三检): technician's self-check, foreman's re-check, final inspection."""

    SELF = "self"
    FOREMAN = "foreman"
    FINAL = "final"


# Statuses in which the car is in the workshop under a signed order: work and extra findings.
WORKING = frozenset({OrderStatus.AUTHORIZED, OrderStatus.IN_PROGRESS, OrderStatus.QC_FAILED})
UNFINISHED_JOB = frozenset({JobStatus.APPROVED, JobStatus.IN_PROGRESS, JobStatus.REWORK})
ACTIVE_ORDER = frozenset(OrderStatus) - {OrderStatus.DELIVERED, OrderStatus.CANCELLED}

_ORDER_WORDS = {
    OrderStatus.OPENED: "not yet authorised by the customer / 客户尚未签字确认",
    OrderStatus.AUTHORIZED: "authorised / 客户已签字确认",
    OrderStatus.IN_PROGRESS: "in repair / 维修中",
    OrderStatus.QC_FAILED: "back in rework after a failed quality check / 质检未通过，返工中",
    OrderStatus.QC_PASSED: "past the final quality check / 已通过终检",
    OrderStatus.DELIVERED: "delivered / 已交车",
    OrderStatus.CANCELLED: "cancelled / 已取消",
}


class OrderState(Protocol):
    """What the rules read and change on an order."""

    status: str
    paid: bool
    rework_count: int


class JobState(Protocol):
    """What the rules read and change on a job."""

    id: str
    status: str
    technician: str | None
    rework_count: int


J = TypeVar("J", bound=JobState)


def _refuse(what: str, order: OrderState, code: str = "illegal-transition") -> Conflict:
    return Conflict(f"cannot {what}: the order is {_ORDER_WORDS[OrderStatus(order.status)]}",
                    code=code)


def new_job_status(order: OrderState) -> JobStatus:
    """Before the customer signs a job joins the estimate; after, it is additional work (追加维修)."""
    if order.status == OrderStatus.OPENED:
        return JobStatus.ESTIMATED
    if order.status in WORKING:
        return JobStatus.PENDING_APPROVAL
    raise _refuse("add a job", order)


def check_inspection(order: OrderState) -> None:
    """The walk-around (环车检查) belongs to reception, before the customer signs."""
    if order.status != OrderStatus.OPENED:
        raise _refuse("record the walk-around (环车检查 is done at reception, before signing)",
                      order)


def authorize(order: OrderState, jobs: Sequence[J]) -> list[J]:
    """The customer signed the estimate: its jobs are approved. Needs at least one job."""
    if order.status != OrderStatus.OPENED:
        raise _refuse("authorise", order)
    estimate = [j for j in jobs if j.status == JobStatus.ESTIMATED]
    if not estimate:
        raise Conflict("the estimate has no jobs yet / 估价单中还没有维修项目", code="no-jobs")
    for job in estimate:
        job.status = JobStatus.APPROVED
    order.status = OrderStatus.AUTHORIZED
    return estimate


def decide_additional_work(order: OrderState, jobs: Sequence[J], job_ids: Sequence[str],
                           *, approve: bool) -> list[J]:
    """The customer approves or declines extra work; only jobs awaiting approval."""
    if order.status not in WORKING:
        raise _refuse("decide on additional work", order)
    by_id = {j.id: j for j in jobs}
    unknown = [i for i in job_ids if i not in by_id]
    if not job_ids or unknown:
        raise InvalidInput(f"job_ids must name jobs of this order (unknown: {', '.join(unknown)})")
    chosen = [by_id[i] for i in dict.fromkeys(job_ids)]
    for job in chosen:
        if job.status != JobStatus.PENDING_APPROVAL:
            raise Conflict(f"job {job.id} is {job.status}, not awaiting approval / 该项目不在待客户确认状态",
                           code="not-pending-approval")
    for job in chosen:
        job.status = JobStatus.APPROVED if approve else JobStatus.DECLINED
    return chosen


def assign(order: OrderState, job: JobState, technician: str) -> None:
    """Dispatch (派工): the foreman gives a job to a technician."""
    if order.status not in ACTIVE_ORDER or order.status == OrderStatus.QC_PASSED:
        raise _refuse("dispatch", order)
    if job.status in (JobStatus.FINISHED, JobStatus.DECLINED):
        raise Conflict(f"the job is {job.status} / 该项目已完工或已被拒绝", code="illegal-transition")
    job.technician = technician


def start_job(order: OrderState, job: JobState, technician: str) -> None:
    """Work begins; only on an authorised order and an approved (or reworked) job."""
    if order.status == OrderStatus.OPENED:
        raise Conflict("the customer has not authorised the order yet / 客户尚未签字确认委托书",
                       code="not-authorized")
    if order.status not in WORKING:
        raise _refuse("start work", order)
    if job.status == JobStatus.PENDING_APPROVAL:
        raise Conflict("additional work needs the customer's approval first / 追加维修须经客户同意",
                       code="approval-required")
    if job.status not in (JobStatus.APPROVED, JobStatus.REWORK):
        raise Conflict(f"the job is {job.status} and cannot be started / 该项目当前不能开工",
                       code="illegal-transition")
    if job.technician is None:
        job.technician = technician
    job.status = JobStatus.IN_PROGRESS
    order.status = OrderStatus.IN_PROGRESS


def finish_job(order: OrderState, job: JobState) -> None:
    """The technician finished and self-checked the job."""
    if order.status != OrderStatus.IN_PROGRESS or job.status != JobStatus.IN_PROGRESS:
        raise Conflict("the job is not in repair / 该项目不在维修中", code="illegal-transition")
    job.status = JobStatus.FINISHED


def _ready_for_qc(order: OrderState, jobs: Sequence[J]) -> list[J]:
    if order.status != OrderStatus.IN_PROGRESS:
        raise _refuse("check quality", order)
    if any(j.status == JobStatus.PENDING_APPROVAL for j in jobs):
        raise Conflict("additional work awaits the customer's decision / 追加维修待客户确认",
                       code="approval-pending")
    if any(j.status in UNFINISHED_JOB for j in jobs):
        raise Conflict("not every approved job is finished / 尚有维修项目未完工", code="jobs-unfinished")
    finished = [j for j in jobs if j.status == JobStatus.FINISHED]
    if not finished:
        raise Conflict("no finished job to check / 没有已完工的维修项目", code="jobs-unfinished")
    return finished


def record_qc(order: OrderState, jobs: Sequence[J], *, passed: bool, level: QcLevel,
              failed_job_ids: Sequence[str] | None = None) -> list[J]:
    """A quality check (质检). Returns the jobs sent back to rework (none on a pass).

    Any level may send work back; only the final inspection's pass releases the car.
    """
    finished = _ready_for_qc(order, jobs)
    if passed:
        if level == QcLevel.FINAL:
            order.status = OrderStatus.QC_PASSED
        return []
    failed = finished
    if failed_job_ids:
        by_id = {j.id: j for j in finished}
        unknown = [i for i in failed_job_ids if i not in by_id]
        if unknown:
            raise InvalidInput(f"job_ids must name finished jobs of this order: {', '.join(unknown)}")
        failed = [by_id[i] for i in dict.fromkeys(failed_job_ids)]
    for job in failed:
        job.status = JobStatus.REWORK
        job.rework_count += 1
    order.status = OrderStatus.QC_FAILED
    order.rework_count += 1
    return failed


def deliver(order: OrderState) -> None:
    """Hand the car back (交车): only after the final check passed and the bill is paid."""
    if order.status == OrderStatus.DELIVERED:
        raise Conflict("the vehicle has already been delivered / 车辆已交付", code="already-delivered")
    if order.status != OrderStatus.QC_PASSED:
        raise Conflict("the vehicle has not passed the final quality check / 车辆尚未通过终检",
                       code="qc-not-passed")
    if not order.paid:
        raise Conflict("the order is not paid yet / 委托书尚未结清，不能交车", code="not-paid")
    order.status = OrderStatus.DELIVERED


def cancel(order: OrderState) -> None:
    """Call the order off; only before any work has started."""
    if order.status not in (OrderStatus.OPENED, OrderStatus.AUTHORIZED):
        raise _refuse("cancel (work has started or the order is closed / 已开工或已结束，不能取消)",
                      order)
    order.status = OrderStatus.CANCELLED
