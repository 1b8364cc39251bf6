"""The repair order's vocabularies and its two explicit transition tables (order and job)."""

from __future__ import annotations

from enum import StrEnum

from aftersales_common.domain import Transitions


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
    PAUSED = "paused"


class PayType(StrEnum):
    """Who pays for a job: the customer, the manufacturer (warranty) or the dealer (internal)."""

    CUSTOMER = "customer"
    WARRANTY = "warranty"
    INTERNAL = "internal"


class QcLevel(StrEnum):
    """The checks in their order (三检 + 交车前检查): self, foreman, final, then pre-delivery."""

    SELF = "self"
    FOREMAN = "foreman"
    FINAL = "final"
    PRE_DELIVERY = "pre_delivery"


ORDER_WORDS = {
    OrderStatus.OPENED: "not yet authorised by the customer / 客户尚未签字确认",
    OrderStatus.AUTHORIZED: "authorised / 客户已签字确认",
    OrderStatus.IN_PROGRESS: "in repair / 维修中",
    OrderStatus.QC_FAILED: "back in rework after a failed quality check / 质检未通过，返工中",
    OrderStatus.QC_PASSED: "past the final quality check / 已通过终检",
    OrderStatus.DELIVERED: "delivered / 已交车",
    OrderStatus.CANCELLED: "cancelled / 已取消",
}

WORKING = (OrderStatus.AUTHORIZED, OrderStatus.IN_PROGRESS, OrderStatus.QC_FAILED)
"""Under a signed order with the car in the workshop: work and additional findings happen."""

ACTIVE = frozenset(OrderStatus) - {OrderStatus.DELIVERED, OrderStatus.CANCELLED}


def _stay(states: tuple[OrderStatus, ...], action: str) -> list[tuple[list[OrderStatus], str,
                                                                       OrderStatus]]:
    return [([s], action, s) for s in states]


ORDER_FLOW: Transitions[OrderStatus] = Transitions.of(
    [
        ([OrderStatus.OPENED], "record_walk_around", OrderStatus.OPENED),
        ([OrderStatus.OPENED], "add_estimate_job", OrderStatus.OPENED),
        *_stay(WORKING, "request_additional_work"),
        ([OrderStatus.OPENED], "authorize", OrderStatus.AUTHORIZED),
        *_stay(WORKING, "decide_additional_work"),
        *_stay((OrderStatus.OPENED, *WORKING), "assign"),
        (WORKING, "start_job", OrderStatus.IN_PROGRESS),
        ([OrderStatus.IN_PROGRESS], "finish_job", OrderStatus.IN_PROGRESS),
        ([OrderStatus.IN_PROGRESS], "pause_job", OrderStatus.IN_PROGRESS),
        ([OrderStatus.IN_PROGRESS], "resume_job", OrderStatus.IN_PROGRESS),
        ([OrderStatus.IN_PROGRESS], "pass_check", OrderStatus.IN_PROGRESS),
        ([OrderStatus.IN_PROGRESS], "pass_final", OrderStatus.QC_PASSED),
        ([OrderStatus.QC_PASSED], "pass_pre_delivery", OrderStatus.QC_PASSED),
        ([OrderStatus.QC_PASSED], "wash", OrderStatus.QC_PASSED),
        *_stay((OrderStatus.OPENED, *WORKING), "defer_work"),
        ([OrderStatus.IN_PROGRESS, OrderStatus.QC_PASSED], "fail_check", OrderStatus.QC_FAILED),
        ([OrderStatus.QC_PASSED], "deliver", OrderStatus.DELIVERED),
        ([OrderStatus.OPENED, OrderStatus.AUTHORIZED], "cancel", OrderStatus.CANCELLED),
    ],
    describe=lambda s: ORDER_WORDS[s],
    refusals={
        (OrderStatus.OPENED, "start_job"): (
            "the customer has not authorised the order yet / 客户尚未签字确认委托书", "not-authorized"),
        (OrderStatus.DELIVERED, "deliver"): (
            "the vehicle has already been delivered / 车辆已交付", "already-delivered"),
        **{(s, "deliver"): ("the vehicle has not passed the final quality check / 车辆尚未通过终检",
                            "qc-not-passed")
           for s in (OrderStatus.OPENED, *WORKING)},
        **{(s, "wash"): ("the car has not passed the final inspection: no washing yet / "
                         "车辆尚未通过终检，不能洗车", "qc-not-passed")
           for s in (OrderStatus.OPENED, *WORKING)},
        (OrderStatus.DELIVERED, "wash"): (
            "the vehicle has already been delivered / 车辆已交付", "already-delivered"),
        **{(s, "cancel"): ("cannot cancel: work has started or the order is closed / "
                           "已开工或已结束，不能取消", "illegal-transition")
           for s in OrderStatus if s not in (OrderStatus.OPENED, OrderStatus.AUTHORIZED)},
    },
)
"""The order's life: (status, action) -> next status; anything else is a 409."""

JOB_WORDS = {
    JobStatus.ESTIMATED: "on the estimate, not yet signed / 估价中，客户尚未签字",
    JobStatus.PENDING_APPROVAL: "awaiting the customer's approval / 待客户确认",
    JobStatus.APPROVED: "approved / 已确认",
    JobStatus.DECLINED: "declined by the customer / 客户已拒绝",
    JobStatus.IN_PROGRESS: "in repair / 维修中",
    JobStatus.FINISHED: "finished / 已完工",
    JobStatus.REWORK: "back in rework / 返工中",
    JobStatus.PAUSED: "paused / 已暂停",
}

_NOT_PENDING = ("the job is not awaiting the customer's approval / 该项目不在待客户确认状态",
                "not-pending-approval")
_OPEN_JOBS = (JobStatus.ESTIMATED, JobStatus.PENDING_APPROVAL, JobStatus.APPROVED,
              JobStatus.IN_PROGRESS, JobStatus.REWORK, JobStatus.PAUSED)

JOB_FLOW: Transitions[JobStatus] = Transitions.of(
    [
        ([JobStatus.ESTIMATED], "sign_estimate", JobStatus.APPROVED),
        ([JobStatus.PENDING_APPROVAL], "approve", JobStatus.APPROVED),
        ([JobStatus.PENDING_APPROVAL], "decline", JobStatus.DECLINED),
        *[([s], "assign", s) for s in _OPEN_JOBS],
        ([JobStatus.APPROVED, JobStatus.REWORK], "start", JobStatus.IN_PROGRESS),
        ([JobStatus.IN_PROGRESS], "finish", JobStatus.FINISHED),
        ([JobStatus.IN_PROGRESS], "pause", JobStatus.PAUSED),
        ([JobStatus.PAUSED], "resume", JobStatus.IN_PROGRESS),
        ([JobStatus.FINISHED], "send_to_rework", JobStatus.REWORK),
        ([JobStatus.ESTIMATED, JobStatus.PENDING_APPROVAL], "defer", JobStatus.DECLINED),
    ],
    describe=lambda s: JOB_WORDS[s],
    refusals={
        (JobStatus.PENDING_APPROVAL, "start"): (
            "additional work needs the customer's approval first / 追加维修须经客户同意",
            "approval-required"),
        **{(s, a): _NOT_PENDING for s in JobStatus if s != JobStatus.PENDING_APPROVAL
           for a in ("approve", "decline")},
        **{(s, "assign"): (f"the job is {s.value} / 该项目已完工或已被拒绝", "illegal-transition")
           for s in (JobStatus.FINISHED, JobStatus.DECLINED)},
        **{(s, "start"): (f"the job is {s.value} and cannot be started / 该项目当前不能开工",
                          "illegal-transition")
           for s in (JobStatus.ESTIMATED, JobStatus.DECLINED, JobStatus.IN_PROGRESS,
                     JobStatus.FINISHED)},
        **{(s, "finish"): ("the job is not in repair / 该项目不在维修中", "illegal-transition")
           for s in JobStatus if s != JobStatus.IN_PROGRESS},
        **{(s, "pause"): ("only a job in repair can be paused / 只有维修中的项目可以暂停",
                          "illegal-transition") for s in JobStatus if s != JobStatus.IN_PROGRESS},
        **{(s, "resume"): ("the job is not paused / 该项目未暂停", "illegal-transition")
           for s in JobStatus if s != JobStatus.PAUSED},
        **{(s, "defer"): ("only work the customer has not yet approved can be deferred / "
                          "只有客户尚未确认的项目可以暂缓", "not-deferrable")
           for s in JobStatus if s not in (JobStatus.ESTIMATED, JobStatus.PENDING_APPROVAL)},
        (JobStatus.PAUSED, "finish"): ("the job is paused: resume it first / 该项目已暂停，请先恢复计时",
                                       "job-paused"),
        (JobStatus.PAUSED, "start"): ("the job is paused: resume it / 该项目已暂停，请恢复计时",
                                      "job-paused"),
    },
)
"""A job's life inside its order."""
