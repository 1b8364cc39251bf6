"""The customer's stages of a visit, from the order's and jobs' statuses."""

from workshop.domain.progress import Progress, progress_of
from workshop.domain.statuses import JobStatus as J
from workshop.domain.statuses import OrderStatus as O


def test_stages_follow_the_order():
    assert progress_of(O.OPENED, [J.ESTIMATED]) is Progress.RECEIVED
    assert progress_of(O.AUTHORIZED, [J.APPROVED]) is Progress.IN_REPAIR
    assert progress_of(O.IN_PROGRESS, [J.FINISHED, J.IN_PROGRESS]) is Progress.IN_REPAIR
    assert progress_of(O.IN_PROGRESS, [J.FINISHED, J.DECLINED]) is Progress.QUALITY_CHECK
    assert progress_of(O.QC_FAILED, [J.REWORK]) is Progress.IN_REPAIR
    assert progress_of(O.QC_PASSED, [J.FINISHED]) is Progress.READY
    assert progress_of(O.DELIVERED, [J.FINISHED]) is Progress.DELIVERED


def test_additional_work_awaiting_the_customer_does_not_hold_the_quality_check_stage():
    assert progress_of(O.IN_PROGRESS, [J.FINISHED, J.PENDING_APPROVAL]) is Progress.QUALITY_CHECK
