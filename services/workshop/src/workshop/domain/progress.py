"""The customer's view of the visit (维修进度): the few stages a car owner follows on the phone."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from workshop.domain.statuses import JobStatus, OrderStatus


class Progress(StrEnum):
    RECEIVED = "received"  # 已接车: at reception, the estimate waits for the signature
    IN_REPAIR = "in_repair"  # 维修中 (rework after a failed check included)
    QUALITY_CHECK = "quality_check"  # 质检中: every job finished, the checks under way
    READY = "ready"  # 可取车: past the final check and washed
    DELIVERED = "delivered"  # 已交车
    CANCELLED = "cancelled"


def progress_of(status: OrderStatus, job_statuses: Iterable[JobStatus], *,
                ready: bool = True) -> Progress:
    """Where the car stands, from the order's status and its jobs'.

    Past the final inspection the car is `ready` only once washed (or washing declined).
    """
    if status == OrderStatus.OPENED:
        return Progress.RECEIVED
    if status == OrderStatus.QC_PASSED:
        return Progress.READY if ready else Progress.QUALITY_CHECK
    if status == OrderStatus.DELIVERED:
        return Progress.DELIVERED
    if status == OrderStatus.CANCELLED:
        return Progress.CANCELLED
    active = [s for s in job_statuses if s not in (JobStatus.DECLINED, JobStatus.PENDING_APPROVAL)]
    if status == OrderStatus.IN_PROGRESS and active and all(s == JobStatus.FINISHED for s in active):
        return Progress.QUALITY_CHECK
    return Progress.IN_REPAIR
