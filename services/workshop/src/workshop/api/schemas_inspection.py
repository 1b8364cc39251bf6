"""Bodies of the health check (健康车检) endpoints: inputs validated here, outputs shaped here."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from aftersales_common.web.inputs import DecimalText, Id, text
from aftersales_common.wire import DealerTime
from aftersales_common.wire import PlainDecimal as Amount
from workshop.api.schemas import JobCreate
from workshop.domain.inspection import Grade, Inspection, InspectionStatus, PhotoRef, Severity
from workshop.domain.repair_order import Job, RepairOrder
from workshop.domain.statuses import JobStatus

PHOTO_PATH = "/api/workshop/photos/{}"
Note = Annotated[str, text(1000)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InspectionStart(Input):
    checklist_id: Id | None = Field(default=None, description="default: the dealer's first sheet")


class GradeIn(Input):
    grade: Grade
    note: Note = Field(default="", description="required for advise and urgent")
    measured: Annotated[Decimal, Field(ge=0, le=10_000, decimal_places=2), DecimalText()] | None = (
        Field(default=None, description="required on measured points (unit on the point)"))


class FindingIn(Input):
    title: Annotated[str, text(200, min_length=1)]
    severity: Severity
    note: Note = ""


class ProposalIn(JobCreate):
    """The finding as additional work: the job the customer will approve or decline."""


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CheckGroupOut(Out):
    code: str
    name_zh: str
    name_en: str


class CheckPointOut(Out):
    code: str
    group: str
    name_zh: str
    name_en: str
    unit: str | None
    advise_below: Amount | None
    urgent_below: Amount | None


class ChecklistOut(Out):
    id: str
    dealer_id: str
    name_zh: str
    name_en: str
    groups: list[CheckGroupOut]
    points: list[CheckPointOut]


class PhotoOut(Out):
    id: str
    url: str = Field(description="GET it with the same bearer token (staff of the dealer or the "
                                 "order's customer)")
    content_type: str
    size: int
    width: int
    height: int
    uploaded_by: str
    uploaded_at: DealerTime
    point_code: str | None
    finding_id: str | None

    @classmethod
    def of(cls, p: PhotoRef) -> PhotoOut:
        return cls.model_validate({**p.__dict__, "url": PHOTO_PATH.format(p.id)})


class PointOut(CheckPointOut):
    grade: Grade | None
    note: str
    measured: Amount | None
    graded_by: str | None
    graded_at: DealerTime | None
    photos: list[PhotoOut]


class ProposedJobOut(Out):
    job_id: str
    op_code: str
    description: str
    labor_hours: Amount
    status: JobStatus = Field(description="pending_approval: the customer decides; approved or "
                                          "declined once they did (estimated: on the unsigned "
                                          "estimate)")
    decided_by: str | None


class FindingOut(Out):
    id: str
    position: int
    severity: Severity
    title: str
    note: str
    point_code: str | None
    raised_by: str
    raised_at: DealerTime
    proposed_by: str | None
    proposed_at: DealerTime | None
    job: ProposedJobOut | None
    photos: list[PhotoOut] = Field(description="the finding's photos and its point's")


class GradeCounts(BaseModel):
    ok: int
    advise: int
    urgent: int
    ungraded: int


class HealthCheckOut(Out):
    id: str
    order_id: str
    order_no: str
    plate: str
    model: str
    dealer_id: str
    customer_id: str
    status: InspectionStatus
    checklist_id: str
    checklist_name_zh: str
    checklist_name_en: str
    started_by: str
    started_at: DealerTime
    completed_by: str | None
    completed_at: DealerTime | None
    updated_at: DealerTime
    summary: GradeCounts
    groups: list[CheckGroupOut]
    points: list[PointOut] = Field(description="in the order of the sheet")
    findings: list[FindingOut] = Field(description="urgent first, then advise")

    @classmethod
    def of(cls, inspection: Inspection, order: RepairOrder, *new_jobs: Job) -> HealthCheckOut:
        """The sheet with its findings, each with the job it became (if priced)."""
        i = inspection
        counts = i.grade_counts()
        jobs = {j.id: j for j in (*order.jobs, *new_jobs)}
        points = [{**p.__dict__, **_result(i, p.code),
                   "photos": [PhotoOut.of(ph) for ph in i.photos_of(point_code=p.code)]}
                  for p in i.checklist.points]
        findings = [{**f.__dict__, "job": _job(jobs.get(f.job_id or "")),
                     "photos": [PhotoOut.of(ph) for ph in
                                [*i.photos_of(finding_id=f.id),
                                 *(i.photos_of(point_code=f.point_code) if f.point_code else [])]]}
                    for f in i.findings_for_customer()]
        return cls.model_validate({
            "id": i.id, "order_id": i.order_id, "order_no": order.order_no, "plate": order.plate,
            "model": order.model, "dealer_id": i.dealer_id, "customer_id": i.customer_id,
            "status": i.status, "checklist_id": i.checklist.id,
            "checklist_name_zh": i.checklist.name_zh, "checklist_name_en": i.checklist.name_en,
            "started_by": i.started_by, "started_at": i.started_at,
            "completed_by": i.completed_by, "completed_at": i.completed_at,
            "updated_at": i.updated_at,
            "summary": {**{g.value: n for g, n in counts.items()},
                        "ungraded": len(i.checklist.points) - len(i.results)},
            "groups": list(i.checklist.groups), "points": points, "findings": findings})


def _result(i: Inspection, code: str) -> dict[str, Any]:
    r = i.results.get(code)
    if r is None:
        return {"grade": None, "note": "", "measured": None, "graded_by": None, "graded_at": None}
    return {"grade": r.grade, "note": r.note, "measured": r.measured, "graded_by": r.graded_by,
            "graded_at": r.graded_at}


def _job(job: Job | None) -> dict[str, Any] | None:
    if job is None:
        return None
    return {"job_id": job.id, "op_code": job.op_code, "description": job.description,
            "labor_hours": job.labor_hours, "status": job.status, "decided_by": job.decided_by}
