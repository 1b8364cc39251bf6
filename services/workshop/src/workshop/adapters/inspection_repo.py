"""Health checks (健康车检) in and out of their rows; checklists; photo rows; read queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select

from aftersales_common.auth import Principal
from aftersales_common.db import Session
from aftersales_common.errors import InvalidInput, NotFound
from aftersales_common.messaging.unit_of_work import UnitOfWork
from workshop.adapters import tables as t
from workshop.domain.health_sheet import standard_checklist, standard_id
from workshop.domain.inspection import (
    CheckGroup,
    Checklist,
    CheckPoint,
    Finding,
    Grade,
    Inspection,
    InspectionStatus,
    PhotoRef,
    PointResult,
    checklist_of,
)

_NOT_FOUND = "health check not found / 未找到健康车检"


# ---- checklists ------------------------------------------------------------------------
def _point_row(p: CheckPoint) -> dict[str, Any]:
    return {"code": p.code, "group": p.group, "name_zh": p.name_zh, "name_en": p.name_en,
            "unit": p.unit,
            "advise_below": None if p.advise_below is None else str(p.advise_below),
            "urgent_below": None if p.urgent_below is None else str(p.urgent_below)}


def _checklist_of(row: t.DviChecklist) -> Checklist:
    points = [CheckPoint(code=p["code"], group=p["group"], name_zh=p["name_zh"],
                         name_en=p["name_en"], unit=p.get("unit"),
                         advise_below=_dec(p.get("advise_below")),
                         urgent_below=_dec(p.get("urgent_below"))) for p in row.points]
    groups = [CheckGroup(g["code"], g["name_zh"], g["name_en"]) for g in row.groups]
    return checklist_of(id=row.id, dealer_id=row.dealer_id, name_zh=row.name_zh,
                        name_en=row.name_en, points=points, groups=groups)


def _dec(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


async def checklists(session: Session, dealer_id: str) -> list[Checklist]:
    """A dealer's checklists; the standard sheet when it has none of its own yet."""
    rows = (await session.execute(select(t.DviChecklist).where(
        t.DviChecklist.dealer_id == dealer_id).order_by(t.DviChecklist.created_at))).scalars().all()
    if not rows:
        return [standard_checklist(dealer_id)]
    return [_checklist_of(r) for r in rows]


async def checklist_for(session: Session, dealer_id: str, checklist_id: str | None) -> Checklist:
    """The checklist an inspection starts from; the dealer's copy of the standard sheet is
    written the first time it is used (422 for another dealer's or an unknown checklist)."""
    wanted = checklist_id or standard_id(dealer_id)
    row = await session.get(t.DviChecklist, wanted)
    if row is not None and row.dealer_id == dealer_id:
        return _checklist_of(row)
    if wanted != standard_id(dealer_id):
        raise InvalidInput("checklist_id must name a checklist of the order's dealer / "
                           "检查项目单不属于该经销商", field="checklist_id")
    await ensure_standard(session, dealer_id)
    return standard_checklist(dealer_id)


async def ensure_standard(session: Session, dealer_id: str) -> None:
    """The dealer's copy of the standard sheet, once."""
    sheet = standard_checklist(dealer_id)
    if await session.get(t.DviChecklist, sheet.id) is None:
        session.add(t.DviChecklist(id=sheet.id, dealer_id=dealer_id, name_zh=sheet.name_zh,
                                   name_en=sheet.name_en,
                                   groups=[{"code": g.code, "name_zh": g.name_zh,
                                            "name_en": g.name_en} for g in sheet.groups],
                                   points=[_point_row(p) for p in sheet.points]))
        await session.flush()


# ---- rows -> aggregate -----------------------------------------------------------------
def photo_of(row: t.Photo) -> PhotoRef:
    return PhotoRef(id=row.id, key=row.object_key, content_type=row.content_type,
                    size=row.size_bytes, width=row.width, height=row.height,
                    uploaded_by=row.uploaded_by, uploaded_at=row.uploaded_at,
                    point_code=row.point_code, finding_id=row.finding_id)


async def _load(session: Session, row: t.DviInspection) -> Inspection:
    checklist_row = await session.get(t.DviChecklist, row.checklist_id)
    assert checklist_row is not None, "an inspection's checklist is never deleted"
    results = (await session.execute(select(t.DviResult).where(
        t.DviResult.inspection_id == row.id))).scalars().all()
    findings = (await session.execute(select(t.DviFinding).where(
        t.DviFinding.inspection_id == row.id).order_by(t.DviFinding.position))).scalars().all()
    photos = (await session.execute(select(t.Photo).where(
        t.Photo.inspection_id == row.id).order_by(t.Photo.uploaded_at, t.Photo.id))).scalars().all()
    return Inspection(
        id=row.id, order_id=row.order_id, dealer_id=row.dealer_id, customer_id=row.customer_id,
        vehicle_id=row.vehicle_id, checklist=_checklist_of(checklist_row),
        started_by=row.started_by, started_at=row.started_at, updated_at=row.updated_at,
        status=InspectionStatus(row.status), completed_by=row.completed_by,
        completed_at=row.completed_at,
        results={r.point_code: PointResult(r.point_code, Grade(r.grade), r.note, r.measured,
                                           r.graded_by, r.graded_at) for r in results},
        findings=[Finding(id=f.id, position=f.position, severity=Grade(f.severity), title=f.title,
                          note=f.note, raised_by=f.raised_by, raised_at=f.raised_at,
                          point_code=f.point_code, job_id=f.job_id, proposed_by=f.proposed_by,
                          proposed_at=f.proposed_at) for f in findings],
        photos=[photo_of(p) for p in photos])


# ---- the repository --------------------------------------------------------------------
class InspectionRepository:
    """Health checks within one unit of work; every loaded or added one is tracked."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.session: Session = uow.session

    async def get(self, inspection_id: str, principal: Principal) -> Inspection:
        """The inspection, locked for the unit of work; 404 when missing or out of scope."""
        row = await self.session.get(t.DviInspection, inspection_id, with_for_update=True)
        if row is None:
            raise NotFound(_NOT_FOUND)
        principal.check_record(row.dealer_id, row.customer_id)
        inspection = await _load(self.session, row)
        self.uow.track(inspection, self._save)
        return inspection

    async def exists_for(self, order_id: str) -> bool:
        return bool(await self.session.scalar(
            select(t.DviInspection.id).where(t.DviInspection.order_id == order_id)))

    async def checklist(self, dealer_id: str, checklist_id: str | None) -> Checklist:
        return await checklist_for(self.session, dealer_id, checklist_id)

    def add(self, inspection: Inspection) -> None:
        self.uow.track(inspection, self._save)

    async def _save(self, i: Inspection) -> None:
        row = await self.session.get(t.DviInspection, i.id)
        if row is None:
            row = t.DviInspection(id=i.id, order_id=i.order_id, dealer_id=i.dealer_id,
                                  customer_id=i.customer_id, vehicle_id=i.vehicle_id,
                                  checklist_id=i.checklist.id, status=i.status.value,
                                  started_by=i.started_by, started_at=i.started_at,
                                  updated_at=i.updated_at)
            self.session.add(row)
            await self.session.flush()  # the header first: results, findings, photos refer to it
        row.status, row.updated_at = i.status.value, i.updated_at
        row.completed_by, row.completed_at = i.completed_by, i.completed_at
        for r in i.results.values():
            res = await self.session.get(t.DviResult, (i.id, r.code)) or t.DviResult(
                inspection_id=i.id, point_code=r.code, grade=r.grade.value, graded_by=r.graded_by,
                graded_at=r.graded_at)
            res.grade, res.note, res.measured = r.grade.value, r.note, r.measured
            res.graded_by, res.graded_at = r.graded_by, r.graded_at
            self.session.add(res)
        await self.session.execute(delete(t.DviFinding).where(
            t.DviFinding.inspection_id == i.id,
            t.DviFinding.id.not_in([f.id for f in i.findings] or [""])))
        for f in i.findings:
            await self._save_finding(i.id, f)
        await self.session.flush()
        for p in i.photos:
            await self._save_photo(i, p)

    async def _save_finding(self, inspection_id: str, f: Finding) -> None:
        row = await self.session.get(t.DviFinding, f.id) or t.DviFinding(
            id=f.id, inspection_id=inspection_id, position=f.position, severity=f.severity.value,
            title=f.title, raised_by=f.raised_by, raised_at=f.raised_at)
        row.severity, row.title, row.note, row.point_code = (f.severity.value, f.title, f.note,
                                                             f.point_code)
        row.job_id, row.proposed_by, row.proposed_at = f.job_id, f.proposed_by, f.proposed_at
        self.session.add(row)

    async def _save_photo(self, i: Inspection, p: PhotoRef) -> None:
        row = await self.session.get(t.Photo, p.id)
        if row is None:
            self.session.add(t.Photo(
                id=p.id, dealer_id=i.dealer_id, order_id=i.order_id, customer_id=i.customer_id,
                inspection_id=i.id, point_code=p.point_code, finding_id=p.finding_id,
                object_key=p.key, content_type=p.content_type, size_bytes=p.size, width=p.width,
                height=p.height, uploaded_by=p.uploaded_by, uploaded_at=p.uploaded_at))
        elif (row.point_code, row.finding_id) != (p.point_code, p.finding_id):
            row.point_code, row.finding_id = p.point_code, p.finding_id


# ---- reads -----------------------------------------------------------------------------
async def inspection_of_order(session: Session, order_id: str,
                              principal: Principal) -> Inspection:
    """The order's health check; 404 when there is none or it is out of the caller's scope."""
    row = (await session.execute(select(t.DviInspection).where(
        t.DviInspection.order_id == order_id))).scalar_one_or_none()
    if row is None:
        order = await session.get(t.RepairOrder, order_id)
        if order is not None:
            principal.check_record(order.dealer_id, order.customer_id)
        raise NotFound(_NOT_FOUND)
    principal.check_record(row.dealer_id, row.customer_id)
    return await _load(session, row)


async def inspection(session: Session, inspection_id: str, principal: Principal) -> Inspection:
    """One health check; 404 when missing or out of scope."""
    row = await session.get(t.DviInspection, inspection_id)
    if row is None:
        raise NotFound(_NOT_FOUND)
    principal.check_record(row.dealer_id, row.customer_id)
    return await _load(session, row)


async def photo(session: Session, photo_id: str, principal: Principal) -> PhotoRef:
    """A photo's row; 404 unless the caller is staff of its dealer or the order's customer."""
    row = await session.get(t.Photo, photo_id)
    if row is None:
        raise NotFound("photo not found / 未找到照片")
    principal.check_record(row.dealer_id, row.customer_id)
    return photo_of(row)
