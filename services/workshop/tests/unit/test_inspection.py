"""The health check's rules, on the aggregate alone (no database, no app)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from aftersales_common.errors import Conflict, InvalidInput, NotFound
from workshop.domain.health_sheet import POINTS, standard_checklist, standard_id
from workshop.domain.inspection import (
    MAX_PHOTOS,
    Grade,
    Inspection,
    InspectionCompleted,
    InspectionStatus,
    PhotoRef,
)
from workshop.domain.statuses import OrderStatus

AT = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
D = Decimal


def _inspection(status: OrderStatus = OrderStatus.AUTHORIZED) -> Inspection:
    return Inspection.start(order_id="o-1", dealer_id="d-1", customer_id="c-1", vehicle_id="v-1",
                            order_status=status, checklist=standard_checklist("d-1"), by="tech",
                            at=AT)


def _photo(n: int = 1, **target: str) -> PhotoRef:
    return PhotoRef(id=f"p-{n}", key=f"dealer/d-1/orders/o-1/p-{n}.jpg",
                    content_type="image/jpeg", size=10, width=4, height=3, uploaded_by="tech",
                    uploaded_at=AT, **target)


def _grade_all(i: Inspection, grade: Grade = Grade.OK) -> None:
    for p in POINTS:
        measured = {"mm": D("7"), "V": D("12.6")}.get(p.unit or "")
        i.grade(code=p.code, grade=grade, note="" if grade == Grade.OK else "x", measured=measured,
                by="tech", at=AT)


def test_the_standard_sheet_is_a_real_health_check():
    sheet = standard_checklist("d-1")
    assert 20 <= len(sheet.points) <= 30
    assert {p.group for p in sheet.points} == {g.code for g in sheet.groups}
    assert sheet.id == standard_id("d-1") != standard_id("d-2")
    assert all(p.name_zh and p.name_en for p in sheet.points)


@pytest.mark.parametrize("status", [OrderStatus.DELIVERED, OrderStatus.CANCELLED])
def test_no_health_check_on_a_closed_order(status):
    with pytest.raises(Conflict, match="closed"):
        _inspection(status)


def test_a_checklist_of_another_dealer_is_refused():
    with pytest.raises(InvalidInput):
        Inspection.start(order_id="o", dealer_id="d-1", customer_id="c", vehicle_id="v",
                         order_status=OrderStatus.OPENED, checklist=standard_checklist("d-2"),
                         by="t", at=AT)


@pytest.mark.parametrize(("code", "measured", "best"), [
    ("TYRE-FL", "1.5", Grade.URGENT), ("TYRE-FL", "1.6", Grade.ADVISE),
    ("TYRE-FL", "2.9", Grade.ADVISE), ("TYRE-FL", "3.0", Grade.OK),
    ("BRAKE-PAD-F", "1.9", Grade.URGENT), ("BRAKE-PAD-F", "3.5", Grade.ADVISE),
    ("BATTERY", "11.8", Grade.URGENT), ("BATTERY", "12.2", Grade.ADVISE),
    ("BATTERY", "12.6", Grade.OK),
])
def test_a_measurement_sets_the_best_grade_a_point_may_get(code, measured, best):
    i = _inspection()
    better = [g for g in Grade if list(Grade).index(g) < list(Grade).index(best)]
    for g in better:
        with pytest.raises(InvalidInput):
            i.grade(code=code, grade=g, note="x", measured=D(measured), by="t", at=AT)
    i.grade(code=code, grade=best, note="x", measured=D(measured), by="t", at=AT)
    assert i.results[code].grade == best


def test_a_measured_point_needs_its_value_and_a_bad_grade_needs_a_note():
    i = _inspection()
    with pytest.raises(InvalidInput, match="measured"):
        i.grade(code="TYRE-RR", grade=Grade.OK, note="", measured=None, by="t", at=AT)
    with pytest.raises(InvalidInput, match="note"):
        i.grade(code="WIPER-BLADE", grade=Grade.ADVISE, note="  ", measured=None, by="t", at=AT)
    with pytest.raises(InvalidInput):
        i.grade(code="NOPE", grade=Grade.OK, note="", measured=None, by="t", at=AT)
    with pytest.raises(InvalidInput):
        i.grade(code="LIGHT-HEAD", grade="green", note="", measured=None, by="t", at=AT)
    assert i.results == {}


def test_advise_and_urgent_raise_one_finding_per_point_and_ok_removes_it():
    i = _inspection()
    i.grade(code="WIPER-BLADE", grade=Grade.ADVISE, note="老化", measured=None, by="t", at=AT)
    i.grade(code="WIPER-BLADE", grade=Grade.URGENT, note="刮不干净", measured=None, by="t", at=AT)
    (finding,) = i.findings
    assert (finding.severity, finding.note, finding.point_code) == (Grade.URGENT, "刮不干净",
                                                                     "WIPER-BLADE")
    i.attach_photo(_photo(1, finding_id=finding.id), at=AT)
    i.grade(code="WIPER-BLADE", grade=Grade.OK, note="", measured=None, by="t", at=AT)
    assert i.findings == []
    assert [p.point_code for p in i.photos] == ["WIPER-BLADE"]  # the photo stays on the point


def test_free_findings_are_advise_or_urgent_and_listed_urgent_first():
    i = _inspection()
    with pytest.raises(InvalidInput):
        i.add_finding(title="后视镜", severity=Grade.OK, note="", by="t", at=AT)
    a = i.add_finding(title="雨刮喷嘴堵塞", severity=Grade.ADVISE, note="", by="t", at=AT)
    u = i.add_finding(title="左后视镜裂纹", severity=Grade.URGENT, note="", by="t", at=AT)
    a2 = i.add_finding(title="轮毂划伤", severity=Grade.ADVISE, note="", by="t", at=AT)
    assert [f.id for f in i.findings_for_customer()] == [u.id, a.id, a2.id]


def test_photos_go_to_one_known_target_and_at_most_ten_each():
    i = _inspection()
    with pytest.raises(InvalidInput):
        i.attach_photo(_photo(), at=AT)
    with pytest.raises(InvalidInput):
        i.attach_photo(_photo(point_code="LIGHT-HEAD", finding_id="f"), at=AT)
    with pytest.raises(InvalidInput):
        i.attach_photo(_photo(point_code="NOPE"), at=AT)
    with pytest.raises(NotFound):
        i.attach_photo(_photo(finding_id="nope"), at=AT)
    for n in range(MAX_PHOTOS):
        i.attach_photo(_photo(n, point_code="LIGHT-HEAD"), at=AT)
    with pytest.raises(Conflict, match="photos"):
        i.attach_photo(_photo(99, point_code="LIGHT-HEAD"), at=AT)
    i.attach_photo(_photo(100, point_code="LIGHT-REAR"), at=AT)


def test_complete_needs_every_point_then_freezes_the_sheet():
    i = _inspection()
    i.grade(code="LIGHT-HEAD", grade=Grade.OK, note="", measured=None, by="t", at=AT)
    with pytest.raises(Conflict, match="not graded"):
        i.complete(by="t", at=AT)
    assert i.recorded_events == ()
    _grade_all(i)
    i.grade(code="BATTERY", grade=Grade.URGENT, note="亏电", measured=D("11.6"), by="t", at=AT)
    i.complete(by="tech", at=AT)
    assert i.status == InspectionStatus.COMPLETED
    (done,) = i.recorded_events
    assert isinstance(done, InspectionCompleted)
    assert done.grades == {Grade.OK: len(POINTS) - 1, Grade.ADVISE: 0, Grade.URGENT: 1}
    assert [f.point_code for f in done.findings] == ["BATTERY"]
    for attempt in (lambda: i.grade(code="LIGHT-HEAD", grade=Grade.OK, note="", measured=None,
                                    by="t", at=AT),
                    lambda: i.add_finding(title="x", severity=Grade.URGENT, note="", by="t", at=AT),
                    lambda: i.attach_photo(_photo(point_code="LIGHT-HEAD"), at=AT),
                    lambda: i.complete(by="t", at=AT)):
        with pytest.raises(Conflict, match="completed"):
            attempt()


def test_a_finding_is_priced_once_and_then_its_point_is_locked():
    i = _inspection()
    i.grade(code="TYRE-FL", grade=Grade.URGENT, note="1.2mm", measured=D("1.2"), by="t", at=AT)
    (finding,) = i.findings
    proposed = i.propose(finding_id=finding.id, job_id="job-9", by="advisor", at=AT)
    assert (proposed.job_id, proposed.proposed_by, proposed.proposed) == ("job-9", "advisor", True)
    with pytest.raises(Conflict, match="already"):
        i.propose(finding_id=finding.id, job_id="job-10", by="advisor", at=AT)
    with pytest.raises(Conflict, match="priced"):
        i.grade(code="TYRE-FL", grade=Grade.OK, note="", measured=D("8"), by="t", at=AT)
    with pytest.raises(NotFound):
        i.propose(finding_id="nope", job_id="j", by="advisor", at=AT)


def test_a_completed_sheet_may_still_be_priced():
    i = _inspection()
    _grade_all(i)
    f = i.add_finding(title="底盘护板松动", severity=Grade.ADVISE, note="", by="t", at=AT)
    i.complete(by="t", at=AT)
    i.propose(finding_id=f.id, job_id="j-1", by="advisor", at=AT)
    assert i.status == InspectionStatus.COMPLETED and i.finding(f.id).job_id == "j-1"
