"""Complaint: named the same day, followed up weekly, resolved when the customer is satisfied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aftersales_common.domain import IllegalTransition
from aftersales_common.errors import Conflict
from crm.domain.complaints import (
    COMPLAINT,
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    assign_by,
    next_follow_up_due,
)
from crm.domain.events import ComplaintOpened, ComplaintResolved
from crm.domain.follow_up import Delivery, FollowUp

TZ = "Asia/Shanghai"
NOW = datetime(2026, 3, 2, 6, tzinfo=UTC)


def _task() -> FollowUp:
    delivery = Delivery(order_id="o-1", order_no="RO-1", dealer_id="d-1", vehicle_id="v-1",
                        customer_id="c-1", odometer_km=None,
                        delivered_at=datetime.fromisoformat("2026-03-01T15:00:00+08:00"))
    return FollowUp.schedule(delivery, exclusion=None, follow_up_days=3, timezone=TZ, at=NOW)


def _complaint(**names: str) -> Complaint:
    return Complaint.open(_task(), description="异响未修好 noise not fixed", by="agent", at=NOW,
                          timezone=TZ, **names)


def test_followed_up_weekly_and_named_by_the_end_of_the_day():
    assert next_follow_up_due(NOW, False) == NOW + timedelta(days=7)
    assert next_follow_up_due(NOW, True) is None
    assert assign_by(NOW, TZ) == datetime.fromisoformat("2026-03-03T00:00:00+08:00")


def test_a_complaint_without_names_waits_unassigned_and_is_not_announced():
    complaint = _complaint()
    assert complaint.status is ComplaintStatus.UNASSIGNED and complaint.recorded_events == ()
    assert complaint.assign_by == datetime.fromisoformat("2026-03-03T00:00:00+08:00")
    for refused in (lambda: complaint.follow_up("x", True, by="agent", at=NOW),
                    lambda: complaint.resolve("x", by="agent", at=NOW)):
        with pytest.raises(IllegalTransition) as exc:
            refused()
        assert exc.value.code == "complaint-unassigned"


def test_naming_department_and_person_opens_and_announces_it():
    complaint = _complaint()
    complaint.amend(department="车间 workshop", by="agent", at=NOW)
    assert complaint.status is ComplaintStatus.UNASSIGNED
    complaint.amend(responsible=" 王师傅 ", category=ComplaintCategory.REPAIR_QUALITY,
                    by="agent", at=NOW)
    assert complaint.status is ComplaintStatus.OPEN and complaint.responsible == "王师傅"
    assert complaint.next_follow_up_due == NOW + timedelta(days=7)
    [opened] = complaint.recorded_events
    assert isinstance(opened, ComplaintOpened)
    assert opened.department == "车间 workshop" and opened.responsible == "王师傅"
    assert opened.category == "repair_quality" and opened.task_id == complaint.task_id


def test_blank_names_do_not_count():
    complaint = _complaint(department="  ", responsible="王师傅")
    assert complaint.status is ComplaintStatus.UNASSIGNED
    with pytest.raises(Conflict):
        complaint.assign(" ", "王师傅", by="agent", at=NOW)


def test_resolved_only_once_a_follow_up_found_the_customer_satisfied():
    complaint = _complaint(department="服务部", responsible="李经理")
    complaint.follow_up("已安排返修", False, by="agent", at=NOW)
    assert complaint.next_follow_up_due == NOW + timedelta(days=7)
    with pytest.raises(Conflict) as refused:
        complaint.resolve("返修", by="agent", at=NOW)
    assert refused.value.code == "customer-not-satisfied"
    later = NOW + timedelta(days=7)
    complaint.follow_up("返修后满意", True, by="agent", at=later)
    assert complaint.next_follow_up_due is None and len(complaint.follow_ups) == 2
    complaint.resolve("免费返修", by="agent", at=later)
    assert complaint.status is ComplaintStatus.RESOLVED and complaint.resolved_at == later
    resolved = complaint.recorded_events[-1]
    assert isinstance(resolved, ComplaintResolved) and resolved.resolution == "免费返修"


def test_a_resolved_complaint_is_closed():
    complaint = _complaint(department="服务部", responsible="李经理")
    complaint.follow_up("满意", True, by="agent", at=NOW)
    complaint.resolve("ok", by="agent", at=NOW)
    for refused in (lambda: complaint.resolve("again", by="agent", at=NOW),
                    lambda: complaint.follow_up("x", True, by="agent", at=NOW),
                    lambda: complaint.amend(department="x", by="agent", at=NOW)):
        with pytest.raises(IllegalTransition) as exc:
            refused()
        assert exc.value.code == "complaint-resolved"


def test_the_transition_table():
    assert COMPLAINT.rows() == [
        ("open", "amend", "open"), ("open", "follow_up", "open"),
        ("open", "resolve", "resolved"), ("unassigned", "amend", "unassigned"),
        ("unassigned", "assign", "open"),
    ]
