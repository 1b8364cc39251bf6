"""Routes of the digital vehicle inspection (健康车检): the sheet, findings, photos, pricing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from aftersales_common.auth import Principal
from aftersales_common.auth.principal import STAFF_ROLES
from aftersales_common.errors import InvalidInput, TooLarge, UnsupportedMediaType
from aftersales_common.storage import ObjectStore
from aftersales_common.web.deps import RuntimeDep, require
from aftersales_common.web.inputs import Id
from workshop.api import schemas_inspection as s
from workshop.config import WorkshopSettings
from workshop.domain.events import PartNeed
from workshop.service import inspection_handlers as handlers
from workshop.service import inspection_queries as queries

router = APIRouter(tags=["inspection"])

Staff = Annotated[Principal, Depends(require(*STAFF_ROLES))]
Reader = Annotated[Principal, Depends(require(*STAFF_ROLES, "customer"))]
Starter = Annotated[Principal, Depends(require("technician", "foreman", "service_advisor"))]
Inspector = Annotated[Principal, Depends(require("technician", "foreman"))]
Advisor = Annotated[Principal, Depends(require("service_advisor"))]
PointCode = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]

_MULTIPART: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "JPEG, PNG or WebP (decided by the bytes); at most "
                                    "PHOTO_MAX_BYTES (10 MB); EXIF (GPS location) is removed"},
            "point_code": {"type": "string", "maxLength": 40,
                           "description": "the checklist point it shows, or"},
            "finding_id": {"type": "string", "maxLength": 36,
                           "description": "the finding it shows (exactly one of the two)"}}}}}}}
_IMAGE: dict[int | str, dict[str, Any]] = {200: {"description": "the photo", "content": {
    "image/jpeg": {}, "image/png": {}, "image/webp": {}}}}


def _settings(rt: Any) -> WorkshopSettings:
    settings: WorkshopSettings = rt.settings
    return settings


def _store(rt: Any) -> ObjectStore:
    store: ObjectStore = rt.extras["objects"]
    return store


@router.get("/checklists", response_model=list[s.ChecklistOut])
async def checklists(dealer_id: Id, rt: RuntimeDep, who: Staff) -> Any:
    """The dealer's health check sheets (健康车检项目单): points in groups, with the limits
    of the measured ones (tread depth, pad thickness, battery voltage)."""
    async with rt.reader() as session:
        return await queries.checklists(session, principal=who, dealer_id=dealer_id)


@router.post("/orders/{order_id}/health-check", status_code=201, response_model=s.HealthCheckOut)
async def start(order_id: Id, rt: RuntimeDep, who: Starter,
                body: s.InspectionStart | None = None) -> Any:
    """Begin the order's health check (one per order: 409 `inspection-exists`)."""
    async with rt.uow() as uow:
        inspection, order = await handlers.start(
            uow=uow, principal=who, order_id=order_id,
            checklist_id=body.checklist_id if body else None)
    return s.HealthCheckOut.of(inspection, order)


@router.get("/orders/{order_id}/health-check", response_model=s.HealthCheckOut)
async def of_order(order_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    """The order's health check: every point, the findings (urgent first) with their photos
    and the job each became; the order's customer reads it too (404 for anyone else's)."""
    async with rt.reader() as session:
        inspection, order = await queries.of_order(session, principal=who, order_id=order_id)
    return s.HealthCheckOut.of(inspection, order)


@router.post("/inspections/{inspection_id}/points/{point_code}/grade",
             response_model=s.HealthCheckOut)
async def grade(inspection_id: Id, point_code: PointCode, body: s.GradeIn, rt: RuntimeDep,
                who: Inspector) -> Any:
    """Grade a point ok / advise / urgent; advise and urgent need a note and raise the point's
    finding; a measured point needs its value, which sets the best grade it may get."""
    async with rt.uow() as uow:
        inspection, order = await handlers.grade(
            uow=uow, principal=who, inspection_id=inspection_id, point_code=point_code,
            grade=body.grade, note=body.note, measured=body.measured)
    return s.HealthCheckOut.of(inspection, order)


@router.post("/inspections/{inspection_id}/findings", status_code=201,
             response_model=s.HealthCheckOut)
async def add_finding(inspection_id: Id, body: s.FindingIn, rt: RuntimeDep,
                      who: Inspector) -> Any:
    """A finding outside the checklist (advise or urgent)."""
    async with rt.uow() as uow:
        inspection, order = await handlers.add_finding(
            uow=uow, principal=who, inspection_id=inspection_id, title=body.title,
            severity=body.severity, note=body.note)
    return s.HealthCheckOut.of(inspection, order)


@router.post("/inspections/{inspection_id}/photos", status_code=201, response_model=s.PhotoOut,
             openapi_extra=_MULTIPART)
async def upload_photo(inspection_id: Id, request: Request, rt: RuntimeDep,
                       who: Inspector) -> Any:
    """A photo of a point or a finding (multipart: `file` and `point_code` or `finding_id`).

    413 over the size limit, 415 unless the bytes are JPEG, PNG or WebP, 422 when they do not
    decode; the location and every other EXIF field are removed (orientation applied)."""
    async with rt.reader() as session:  # 404 before a byte of the upload is read
        await queries.inspection(session, principal=who, inspection_id=inspection_id)
    limit = _settings(rt).photo_max_bytes
    data, point_code, finding_id = await _read_upload(request, limit)
    photo = await handlers.prepare_photo(data, max_bytes=limit)
    async with rt.uow() as uow:
        ref = await handlers.attach_photo(
            uow=uow, store=_store(rt), principal=who, inspection_id=inspection_id, photo=photo,
            point_code=point_code, finding_id=finding_id)
    return s.PhotoOut.of(ref)


@router.post("/inspections/{inspection_id}/complete", response_model=s.HealthCheckOut)
async def complete(inspection_id: Id, rt: RuntimeDep, who: Inspector) -> Any:
    """The sheet is done (409 `points-ungraded` while a point is open): `inspection.completed`."""
    async with rt.uow() as uow:
        inspection, order = await handlers.complete(uow=uow, principal=who,
                                                    inspection_id=inspection_id)
    return s.HealthCheckOut.of(inspection, order)


@router.post("/inspections/{inspection_id}/findings/{finding_id}/propose", status_code=201,
             response_model=s.HealthCheckOut)
async def propose(inspection_id: Id, finding_id: Id, body: s.ProposalIn, rt: RuntimeDep,
                  who: Advisor) -> Any:
    """Price a finding as a job on the order: additional work the customer approves or
    declines (`order.additional_work_requested`), linked to the finding (409 if priced)."""
    async with rt.uow() as uow:
        inspection, order, job = await handlers.propose(
            uow=uow, principal=who, inspection_id=inspection_id, finding_id=finding_id,
            op_code=body.op_code, description=body.description, labor_hours=body.labor_hours,
            pay_type=body.pay_type, skill=body.skill,
            parts=[PartNeed(p.part_no, p.qty, p.origin, p.consent_by) for p in body.parts])
    return s.HealthCheckOut.of(inspection, order, job)


@router.get("/photos/{photo_id}", response_class=Response, responses=_IMAGE)
async def photo(photo_id: Id, rt: RuntimeDep, who: Reader) -> Any:
    """The photo's bytes, for staff of its dealer and the order's customer (404 for others)."""
    async with rt.reader() as session:
        data, content_type = await queries.photo(session, _store(rt), principal=who,
                                                 photo_id=photo_id)
    return Response(content=data, media_type=content_type, headers={
        "Cache-Control": "private, max-age=86400", "X-Content-Type-Options": "nosniff"})


async def _read_upload(request: Request, limit: int) -> tuple[bytes, str | None, str | None]:
    """The file and its target from a multipart form; refusals as problems (413/415/422)."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UnsupportedMediaType("send the photo as multipart/form-data with a `file` field / "
                                   "请以 multipart/form-data 上传照片")
    form = await request.form(max_files=1, max_fields=4)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput("file: a photo is required / 请选择照片", field="file")
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(f"the photo is larger than {limit // (1024 * 1024)} MB / "
                           f"照片超过 {limit // (1024 * 1024)} MB", field="file")
        targets = []
        for name, size in (("point_code", 40), ("finding_id", 36)):
            value = form.get(name)
            if value is not None and (not isinstance(value, str) or len(value) > size):
                raise InvalidInput(f"{name} must be text of at most {size} characters",
                                   field=name)
            targets.append(value or None)
        return data, targets[0], targets[1]
    finally:
        await form.close()
