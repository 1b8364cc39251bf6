"""The digital vehicle inspection (健康车检): the dealer's checklist graded point by point,
findings with photos, and a finding priced into additional work for the customer to approve."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from aftersales_common.clock import new_id
from aftersales_common.domain import Aggregate, DomainEvent, Transitions
from aftersales_common.errors import Conflict, InvalidInput, NotFound
from workshop.domain.statuses import ACTIVE, OrderStatus

MAX_PHOTOS = 10
"""Photos per point or per finding."""


class Grade(StrEnum):
    """A point's state: green (ok), amber (advise: soon), red (urgent: now)."""

    OK = "ok"
    ADVISE = "advise"
    URGENT = "urgent"


_RANK = {Grade.OK: 0, Grade.ADVISE: 1, Grade.URGENT: 2}
_ZH = {Grade.OK: "正常", Grade.ADVISE: "建议", Grade.URGENT: "紧急"}


class Severity(StrEnum):
    """How pressing a finding is: the grades short of ok."""

    ADVISE = "advise"
    URGENT = "urgent"


class InspectionStatus(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"


FLOW: Transitions[InspectionStatus] = Transitions.of(
    [
        ([InspectionStatus.OPEN], "grade", InspectionStatus.OPEN),
        ([InspectionStatus.OPEN], "add_finding", InspectionStatus.OPEN),
        ([InspectionStatus.OPEN], "attach_photo", InspectionStatus.OPEN),
        ([InspectionStatus.OPEN], "complete", InspectionStatus.COMPLETED),
        ([InspectionStatus.OPEN], "propose", InspectionStatus.OPEN),
        ([InspectionStatus.COMPLETED], "propose", InspectionStatus.COMPLETED),
    ],
    describe=lambda s: {InspectionStatus.OPEN: "open / 检查中",
                        InspectionStatus.COMPLETED: "completed / 已完成"}[s],
    refusals={(InspectionStatus.COMPLETED, a): (
        "the inspection is completed / 健康车检已完成，不能再修改", "inspection-completed")
        for a in ("grade", "add_finding", "attach_photo", "complete")},
)
"""What may happen to an inspection: grading until completed; pricing findings at any time."""


@dataclass(frozen=True)
class CheckPoint:
    """One line of the checklist (健康车检项目单), with the limits of a measured value."""

    code: str
    group: str
    name_zh: str
    name_en: str
    unit: str | None = None
    """Set for a measured point (tread depth in mm, battery in V): a value is then required."""
    advise_below: Decimal | None = None
    urgent_below: Decimal | None = None

    def best_grade(self, measured: Decimal | None) -> Grade:
        """The best grade the measurement allows (a tyre at 1.4 mm cannot be `ok`)."""
        if measured is not None and self.urgent_below is not None and measured < self.urgent_below:
            return Grade.URGENT
        if measured is not None and self.advise_below is not None and measured < self.advise_below:
            return Grade.ADVISE
        return Grade.OK


@dataclass(frozen=True)
class CheckGroup:
    """A group of points on the sheet (lights, tyres, brakes, …)."""

    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Checklist:
    """A dealer's checklist template: points in groups."""

    id: str
    dealer_id: str
    name_zh: str
    name_en: str
    points: tuple[CheckPoint, ...]
    groups: tuple[CheckGroup, ...] = ()

    def point(self, code: str) -> CheckPoint:
        for p in self.points:
            if p.code == code:
                return p
        raise InvalidInput(f"point_code {code!r} is not on the checklist / 检查项目不在项目单上")


@dataclass(frozen=True)
class PhotoRef:
    """A stored photo (the bytes live in the object store under `key`) and what it shows."""

    id: str
    key: str
    content_type: str
    size: int
    width: int
    height: int
    uploaded_by: str
    uploaded_at: datetime
    point_code: str | None = None
    finding_id: str | None = None


@dataclass
class PointResult:
    """How a technician graded one point."""

    code: str
    grade: Grade
    note: str
    measured: Decimal | None
    graded_by: str
    graded_at: datetime


@dataclass
class Finding:
    """Something to tell the customer: a point graded advise/urgent, or a free finding."""

    id: str
    position: int
    severity: Grade
    title: str
    note: str
    raised_by: str
    raised_at: datetime
    point_code: str | None = None
    job_id: str | None = None
    proposed_by: str | None = None
    proposed_at: datetime | None = None

    @property
    def proposed(self) -> bool:
        return self.job_id is not None


@dataclass(frozen=True, kw_only=True)
class InspectionCompleted(DomainEvent):
    """The sheet is done: how many points in each grade, and the findings."""

    inspection_id: str
    order_id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    by: str
    at: datetime
    grades: dict[Grade, int]
    findings: tuple[Finding, ...]


@dataclass(eq=False)
class Inspection(Aggregate):
    """One order's health check: every point of the checklist graded, findings, photos."""

    id: str
    order_id: str
    dealer_id: str
    customer_id: str
    vehicle_id: str
    checklist: Checklist
    started_by: str
    started_at: datetime
    updated_at: datetime
    status: InspectionStatus = InspectionStatus.OPEN
    completed_by: str | None = None
    completed_at: datetime | None = None
    results: dict[str, PointResult] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    photos: list[PhotoRef] = field(default_factory=list)

    @classmethod
    def start(cls, *, order_id: str, dealer_id: str, customer_id: str, vehicle_id: str,
              order_status: OrderStatus, checklist: Checklist, by: str,
              at: datetime) -> Inspection:
        """Begin the sheet while the car is at the dealer (not after delivery or cancellation)."""
        if order_status not in ACTIVE:
            raise Conflict("the order is closed / 委托书已结束，不能再做健康车检", code="order-closed")
        if checklist.dealer_id != dealer_id:
            raise InvalidInput("checklist_id must name a checklist of the order's dealer")
        return cls(id=new_id(), order_id=order_id, dealer_id=dealer_id, customer_id=customer_id,
                   vehicle_id=vehicle_id, checklist=checklist, started_by=by, started_at=at,
                   updated_at=at)

    # ---- the technician ------------------------------------------------------------------
    def grade(self, *, code: str, grade: Grade | str, note: str, measured: Decimal | None,
              by: str, at: datetime) -> PointResult:
        """Grade a point; advise/urgent need a note and raise (or update) the point's finding."""
        self._move("grade", at)
        point = self.checklist.point(code)
        chosen = _grade(grade)
        if point.unit and measured is None:
            raise InvalidInput(f"measured: {point.name_en} is measured in {point.unit} / "
                               f"{point.name_zh}需填写测量值 ({point.unit})")
        floor = point.best_grade(measured)
        if _RANK[chosen] < _RANK[floor]:
            raise InvalidInput(f"grade: {measured} {point.unit} needs at least {floor.value} / "
                               f"测量值 {measured} {point.unit} 至少应评为{_ZH[floor]}")
        note = note.strip()
        if chosen != Grade.OK and not note:
            raise InvalidInput("note: say what is wrong for an advise or urgent grade / "
                               "建议或紧急项目须说明问题")
        finding = self.finding_of_point(code)
        if finding is not None and finding.proposed:
            raise Conflict("the point's finding is already priced as additional work / "
                           "该项目的发现已报价为追加维修，不能改评", code="finding-proposed")
        if chosen == Grade.OK:
            if finding is not None:
                self._drop(finding)
        elif finding is None:
            self.findings.append(Finding(
                id=new_id(), position=self._next_position(), severity=chosen,
                title=f"{point.name_zh} {point.name_en}", note=note, raised_by=by, raised_at=at,
                point_code=code))
        else:
            finding.severity, finding.note = chosen, note
        result = PointResult(code, chosen, note, measured, by, at)
        self.results[code] = result
        return result

    def add_finding(self, *, title: str, severity: Grade | str, note: str, by: str,
                    at: datetime) -> Finding:
        """A finding outside the checklist (a cracked mirror, a noise on the test drive)."""
        self._move("add_finding", at)
        chosen = _grade(severity)
        if chosen == Grade.OK:
            raise InvalidInput("severity must be advise or urgent / 发现须为建议或紧急")
        if not title.strip():
            raise InvalidInput("title must not be empty")
        finding = Finding(id=new_id(), position=self._next_position(), severity=chosen,
                          title=title.strip(), note=note.strip(), raised_by=by, raised_at=at)
        self.findings.append(finding)
        return finding

    def attach_photo(self, photo: PhotoRef, *, at: datetime) -> PhotoRef:
        """A photo of one point or one finding (at most MAX_PHOTOS each)."""
        self._move("attach_photo", at)
        if (photo.point_code is None) == (photo.finding_id is None):
            raise InvalidInput("name either point_code or finding_id / 请指定检查项目或发现")
        if photo.point_code is not None:
            self.checklist.point(photo.point_code)
        elif photo.finding_id is not None:
            self.finding(photo.finding_id)
        same = [p for p in self.photos
                if (p.point_code, p.finding_id) == (photo.point_code, photo.finding_id)]
        if len(same) >= MAX_PHOTOS:
            raise Conflict(f"at most {MAX_PHOTOS} photos each / 每项最多 {MAX_PHOTOS} 张照片",
                           code="too-many-photos")
        self.photos.append(photo)
        return photo

    def complete(self, *, by: str, at: datetime) -> None:
        """The sheet is done once every point is graded: `inspection.completed`."""
        missing = [p.code for p in self.checklist.points if p.code not in self.results]
        FLOW.next(self.status, "complete")
        if missing:
            raise Conflict(f"{len(missing)} points are not graded yet: {', '.join(missing[:5])} / "
                           f"尚有 {len(missing)} 个项目未检查", code="points-ungraded")
        self._move("complete", at)
        self.completed_by, self.completed_at = by, at
        self.record(InspectionCompleted(
            inspection_id=self.id, order_id=self.order_id, dealer_id=self.dealer_id,
            customer_id=self.customer_id, vehicle_id=self.vehicle_id, by=by, at=at,
            grades=self.grade_counts(), findings=tuple(self.findings)))

    # ---- the advisor ---------------------------------------------------------------------
    def propose(self, *, finding_id: str, job_id: str, by: str, at: datetime) -> Finding:
        """The finding is priced as a job on the order (additional work the customer decides)."""
        finding = self.check_proposable(finding_id)
        finding.job_id, finding.proposed_by, finding.proposed_at = job_id, by, at
        self.updated_at = at
        return finding

    def check_proposable(self, finding_id: str) -> Finding:
        """The finding, if it may still be priced (before the order is touched)."""
        FLOW.next(self.status, "propose")
        finding = self.finding(finding_id)
        if finding.proposed:
            raise Conflict("the finding is already priced as additional work / 该发现已报价",
                           code="already-proposed")
        return finding

    # ---- reading -------------------------------------------------------------------------
    def finding(self, finding_id: str) -> Finding:
        for f in self.findings:
            if f.id == finding_id:
                return f
        raise NotFound("finding not found / 未找到该发现")

    def finding_of_point(self, code: str) -> Finding | None:
        return next((f for f in self.findings if f.point_code == code), None)

    def grade_counts(self) -> dict[Grade, int]:
        counts = dict.fromkeys(Grade, 0)
        for r in self.results.values():
            counts[r.grade] += 1
        return counts

    def photos_of(self, *, point_code: str | None = None,
                  finding_id: str | None = None) -> list[PhotoRef]:
        return [p for p in self.photos
                if (p.point_code, p.finding_id) == (point_code, finding_id)]

    def findings_for_customer(self) -> list[Finding]:
        """Urgent first, then advise; in the order found."""
        return sorted(self.findings, key=lambda f: (-_RANK[f.severity], f.position))

    def _drop(self, finding: Finding) -> None:
        """A point graded ok again: its finding goes; the finding's photos stay on the point."""
        self.findings.remove(finding)
        self.photos = [replace(p, point_code=finding.point_code, finding_id=None)
                       if p.finding_id == finding.id else p for p in self.photos]

    def _move(self, action: str, at: datetime) -> None:
        self.status = FLOW.next(self.status, action)
        self.updated_at = at

    def _next_position(self) -> int:
        return max((f.position for f in self.findings), default=0) + 1


def _grade(value: Grade | str) -> Grade:
    try:
        return Grade(value)
    except ValueError:
        raise InvalidInput(f"grade must be one of {', '.join(Grade)}") from None


def checklist_of(*, id: str, dealer_id: str, name_zh: str, name_en: str,
                 points: Iterable[CheckPoint], groups: Iterable[CheckGroup]) -> Checklist:
    """A checklist whose point codes are unique and whose points are in its groups."""
    pts, grps = tuple(points), tuple(groups)
    codes = [p.code for p in pts]
    if len(set(codes)) != len(codes) or not pts:
        raise InvalidInput("a checklist needs points with unique codes")
    known = {g.code for g in grps}
    if any(p.group not in known for p in pts):
        raise InvalidInput("every point of a checklist belongs to one of its groups")
    return Checklist(id=id, dealer_id=dealer_id, name_zh=name_zh, name_en=name_en, points=pts,
                     groups=grps)
