"""The health check over HTTP: grading, findings, photos (size, type, EXIF, scope), pricing a
finding into additional work the customer approves, and `inspection.completed`."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import httpx
import pytest
from PIL import Image

from aftersales_common.auth.demo import (
    DEMO_CUSTOMER_ID,
    DEMO_DEALER_ID,
    OTHER_CUSTOMER_ID,
    OTHER_DEALER_ID,
)
from aftersales_common.testing import running_client
from workshop.bootstrap import create_app
from workshop.config import WorkshopSettings

from .conftest import Shop

W = "/api/workshop"
JOB = {"op_code": "BRK-01", "description": "更换前刹车片 front brake pads", "labor_hours": "1.5",
       "pay_type": "customer", "parts": []}
TYRES = {"op_code": "TYR-02", "description": "更换左前轮胎 replace front left tyre",
         "labor_hours": "0.5", "pay_type": "customer", "parts": [{"part_no": "TY-205", "qty": "1"}]}
ZHANG = {"customer_id": DEMO_CUSTOMER_ID}
GPS = {1: "N", 2: (31.0, 14.0, 10.5), 3: "E", 4: (121.0, 28.0, 30.2)}


def jpeg_with_gps(size: tuple[int, int] = (64, 32)) -> bytes:
    """A JPEG carrying a GPS location and an orientation (rotate 90°) in its EXIF."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "HUAWEI"
    exif[0x8825] = GPS
    out = io.BytesIO()
    Image.new("RGB", size, (180, 40, 40)).save(out, "JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(out.getvalue())).getexif().get_ifd(0x8825)
    return out.getvalue()


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(out, "PNG")
    return out.getvalue()


async def _post(shop: Shop, path: str, role: str = "technician", json=None, **kw):
    return await shop.client.post(f"{W}{path}", json=json, headers=shop.as_(role, **kw))


async def _get(shop: Shop, path: str, role: str = "service_advisor", **kw):
    return await shop.client.get(f"{W}{path}", headers=shop.as_(role, **kw))


async def _started(shop: Shop, appointment: str = "a-1", **overrides) -> tuple[str, dict]:
    order = await shop.checked_in_order(appointment, **overrides)
    r = await _post(shop, f"/orders/{order['id']}/health-check", role="technician")
    assert r.status_code == 201, r.text
    return order["id"], r.json()


async def _upload(shop: Shop, inspection_id: str, data: bytes, *, name: str = "photo.jpg",
                  mime: str = "image/jpeg", role: str = "technician", **target):
    return await shop.client.post(
        f"{W}/inspections/{inspection_id}/photos", data=target,
        files={"file": (name, data, mime)}, headers=shop.as_(role))


async def _grade(shop: Shop, inspection_id: str, code: str, grade: str, **body):
    return await _post(shop, f"/inspections/{inspection_id}/points/{code}/grade",
                       json={"grade": grade, **body})


def _problem(r: httpx.Response, status: int, code: str | None = None) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    if code:
        assert r.json()["type"].endswith(code), r.json()


async def test_the_dealers_sheet_has_the_standard_points_in_groups(shop):
    r = await _get(shop, f"/checklists?dealer_id={DEMO_DEALER_ID}", role="technician")
    assert r.status_code == 200, r.text
    (sheet,) = r.json()
    assert sheet["name_zh"] == "健康车检项目单" and len(sheet["points"]) >= 20
    groups = [g["code"] for g in sheet["groups"]]
    assert {"lights", "wipers", "tyres", "brakes", "fluids", "battery", "belts", "suspension",
            "underbody"} <= set(groups)
    tread = next(p for p in sheet["points"] if p["code"] == "TYRE-FL")
    assert (tread["unit"], tread["urgent_below"]) == ("mm", "1.6")
    _problem(await _get(shop, f"/checklists?dealer_id={OTHER_DEALER_ID}"), 403)


async def test_one_health_check_per_order_and_not_on_a_closed_order(shop):
    oid, sheet = await _started(shop)
    assert sheet["status"] == "open" and sheet["summary"]["ungraded"] == len(sheet["points"])
    _problem(await _post(shop, f"/orders/{oid}/health-check"), 409, "inspection-exists")
    order = await shop.checked_in_order("a-2")
    assert (await _post(shop, f"/orders/{order['id']}/cancel", role="service_advisor",
                        json={"reason": "客户取消"})).status_code == 200
    _problem(await _post(shop, f"/orders/{order['id']}/health-check"), 409, "order-closed")


async def test_grading_rules(shop):
    _, sheet = await _started(shop)
    iid = sheet["id"]
    # a measured point needs its value, and the value bounds the grade
    _problem(await _grade(shop, iid, "TYRE-FL", "ok"), 422)
    _problem(await _grade(shop, iid, "TYRE-FL", "ok", measured="1.4"), 422)
    _problem(await _grade(shop, iid, "TYRE-FL", "advise", measured="1.4", note="磨损"), 422)
    # advise and urgent need a note
    _problem(await _grade(shop, iid, "WIPER-BLADE", "advise"), 422)
    _problem(await _grade(shop, iid, "NO-SUCH-POINT", "ok"), 422)
    _problem(await _grade(shop, iid, "WIPER-BLADE", "amber"), 422)
    r = await _grade(shop, iid, "TYRE-FL", "urgent", measured="1.4", note="花纹深度低于1.6mm")
    assert r.status_code == 200, r.text
    body = r.json()
    (finding,) = body["findings"]
    assert (finding["point_code"], finding["severity"]) == ("TYRE-FL", "urgent")
    point = next(p for p in body["points"] if p["code"] == "TYRE-FL")
    assert (point["grade"], point["measured"], point["graded_by"]) == ("urgent", "1.4", "technician")
    # graded ok again (a new tyre fitted at once): the finding goes
    r = await _grade(shop, iid, "TYRE-FL", "ok", measured="8.0")
    assert r.status_code == 200 and r.json()["findings"] == []
    # roles: the advisor does not grade; another dealer's staff does not see it
    _problem(await _post(shop, f"/inspections/{iid}/points/LIGHT-HEAD/grade", role="service_advisor",
                         json={"grade": "ok"}), 403)
    _problem(await _post(shop, f"/inspections/{iid}/points/LIGHT-HEAD/grade",
                         json={"grade": "ok"}, dealer_ids=[OTHER_DEALER_ID]), 404)


async def test_complete_needs_every_point_and_publishes_the_summary(shop):
    _, sheet = await _started(shop)
    iid = sheet["id"]
    _problem(await _post(shop, f"/inspections/{iid}/complete"), 409, "points-ungraded")
    for p in sheet["points"]:
        measured = {"measured": "12.1" if p["code"] == "BATTERY" else "6.0"} if p["unit"] else {}
        grade = "advise" if p["code"] in ("BATTERY", "WIPER-BLADE") else "ok"
        r = await _grade(shop, iid, p["code"], grade, note="建议更换" if grade != "ok" else "",
                         **measured)
        assert r.status_code == 200, (p["code"], r.text)
    r = await _post(shop, f"/inspections/{iid}/findings",
                    json={"title": "左后视镜裂纹 cracked left mirror", "severity": "urgent"})
    assert r.status_code == 201, r.text
    r = await _post(shop, f"/inspections/{iid}/complete")
    assert r.status_code == 200 and r.json()["status"] == "completed"
    (done,) = await shop.outbox("inspection.completed")
    data = done["data"]
    assert done["subject"] == iid and data["order_id"] == sheet["order_id"]
    assert (data["points_total"], data["points_ok"], data["points_advise"],
            data["points_urgent"]) == (len(sheet["points"]), len(sheet["points"]) - 2, 2, 0)
    assert [f["severity"] for f in data["findings"]] == ["advise", "advise", "urgent"]
    assert data["completed_at"].endswith("+08:00")
    _problem(await _grade(shop, iid, "LIGHT-HEAD", "ok"), 409, "inspection-completed")
    _problem(await _upload(shop, iid, png(), point_code="LIGHT-HEAD", name="a.png",
                           mime="image/png"), 409, "inspection-completed")


async def test_photos_are_stored_without_their_location_and_shown_only_to_the_owner(shop):
    oid, sheet = await _started(shop)
    iid = sheet["id"]
    await _grade(shop, iid, "TYRE-FL", "urgent", measured="1.2", note="胎面鼓包")
    r = await _upload(shop, iid, jpeg_with_gps(), point_code="TYRE-FL")
    assert r.status_code == 201, r.text
    photo = r.json()
    assert photo["content_type"] == "image/jpeg"
    assert (photo["width"], photo["height"]) == (32, 64)  # the orientation applied to the pixels
    assert photo["url"] == f"{W}/photos/{photo['id']}"
    # the owning customer reads it; no GPS, no EXIF at all
    r = await shop.client.get(photo["url"], headers=shop.as_("customer", **ZHANG))
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    kept = Image.open(io.BytesIO(r.content))
    assert kept.format == "JPEG" and kept.getexif().get_ifd(0x8825) == {}
    assert b"Exif" not in r.content and len(kept.getexif()) == 0
    # kept under the dealer and the order in the object store (files in this mode)
    objects = shop.settings.data_dir / "objects" / "dealer" / DEMO_DEALER_ID / "orders" / oid
    assert (objects / f"{photo['id']}.jpg").read_bytes() == r.content
    # another customer, another dealer's staff: 404
    _problem(await shop.client.get(photo["url"], headers=shop.as_(
        "customer", customer_id=OTHER_CUSTOMER_ID)), 404)
    _problem(await shop.client.get(photo["url"], headers=shop.as_(
        "service_advisor", dealer_ids=[OTHER_DEALER_ID])), 404)
    _problem(await shop.client.get(photo["url"]), 401)
    # the sheet shows the photo on the point and on the point's finding
    body = (await _get(shop, f"/orders/{oid}/health-check")).json()
    assert [p["id"] for p in body["findings"][0]["photos"]] == [photo["id"]]


async def test_photo_type_is_decided_by_the_bytes(shop):
    _, sheet = await _started(shop)
    iid = sheet["id"]
    gif = b"GIF89a" + b"\x00" * 64
    _problem(await _upload(shop, iid, gif, name="photo.jpg", point_code="LIGHT-HEAD"), 415)
    _problem(await _upload(shop, iid, b"%PDF-1.4 not a photo", name="x.png", mime="image/png",
                           point_code="LIGHT-HEAD"), 415)
    _problem(await _upload(shop, iid, b"\xff\xd8\xff\xe0" + b"broken" * 50,
                           point_code="LIGHT-HEAD"), 422)
    # a PNG named .jpg and sent as image/jpeg is a PNG
    r = await _upload(shop, iid, png(), name="wrong.jpg", point_code="LIGHT-HEAD")
    assert r.status_code == 201 and r.json()["content_type"] == "image/png", r.text
    r = await shop.client.post(f"{W}/inspections/{iid}/photos", content=png(),
                               headers={**shop.as_("technician"), "content-type": "image/png"})
    _problem(r, 415)
    _problem(await _upload(shop, iid, png()), 422)  # neither a point nor a finding
    _problem(await _upload(shop, iid, png(), point_code="LIGHT-HEAD", finding_id="x"), 422)
    _problem(await _upload(shop, iid, png(), finding_id="no-such-finding"), 404)
    _problem(await _upload(shop, iid, png(), point_code="LIGHT-HEAD", role="service_advisor"), 403)


@pytest.fixture
async def small_limit(tmp_path) -> AsyncIterator[Shop]:
    settings = WorkshopSettings(data_dir=tmp_path, app_env="test", photo_max_bytes=20_000,
                                max_upload_bytes=200_000)
    async with running_client(create_app(settings)) as client:
        yield Shop(client, settings)


def _noise_png(side: int) -> bytes:
    import os

    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


async def test_photos_over_the_limit_are_413(small_limit):
    shop = small_limit
    _, sheet = await _started(shop)
    iid = sheet["id"]
    big = _noise_png(120)  # ~43 KB: over the photo limit, under the upload limit
    assert 20_000 < len(big) < 200_000
    r = await _upload(shop, iid, big, name="big.png", mime="image/png", point_code="LIGHT-HEAD")
    _problem(r, 413)
    assert r.json()["errors"][0]["field"] == "file"
    huge = _noise_png(300)  # ~270 KB: refused at the door, before it is read
    _problem(await _upload(shop, iid, huge, name="huge.png", mime="image/png",
                           point_code="LIGHT-HEAD"), 413, "body-too-large")
    ok = await _upload(shop, iid, png(), name="ok.png", mime="image/png", point_code="LIGHT-HEAD")
    assert ok.status_code == 201, ok.text


async def test_a_finding_priced_by_the_advisor_is_approved_by_the_customer(shop):
    oid, sheet = await _started(shop)
    iid = sheet["id"]
    assert (await _post(shop, f"/orders/{oid}/jobs", role="service_advisor", json=JOB)).status_code == 201
    assert (await _post(shop, f"/orders/{oid}/authorize", role="service_advisor",
                        json={"signed_by": "张伟"})).status_code == 200
    body = (await _grade(shop, iid, "TYRE-FL", "urgent", measured="1.3", note="花纹见底")).json()
    await _grade(shop, iid, "WIPER-BLADE", "advise", note="雨刮片老化")
    fid = body["findings"][0]["id"]
    await _upload(shop, iid, jpeg_with_gps(), point_code="TYRE-FL")
    # only the advisor prices
    _problem(await _post(shop, f"/inspections/{iid}/findings/{fid}/propose", json=TYRES), 403)
    r = await _post(shop, f"/inspections/{iid}/findings/{fid}/propose", role="service_advisor",
                    json=TYRES)
    assert r.status_code == 201, r.text
    finding = next(f for f in r.json()["findings"] if f["id"] == fid)
    job = finding["job"]
    assert (job["status"], job["op_code"], finding["proposed_by"]) == (
        "pending_approval", "TYR-02", "service_advisor")
    _problem(await _post(shop, f"/inspections/{iid}/findings/{fid}/propose",
                         role="service_advisor", json=TYRES), 409, "already-proposed")
    (requested,) = await shop.outbox("order.additional_work_requested")
    assert requested["data"]["job_ids"] == [job["job_id"]]
    # the priced point cannot be regraded behind the customer's back
    _problem(await _grade(shop, iid, "TYRE-FL", "ok", measured="7"), 409, "finding-proposed")
    # the customer reads the findings, urgent first, with the photo, and approves
    r = await _get(shop, f"/orders/{oid}/health-check", role="customer", **ZHANG)
    assert r.status_code == 200, r.text
    findings = r.json()["findings"]
    assert [f["severity"] for f in findings] == ["urgent", "advise"]
    (shown,) = findings[0]["photos"]
    img = await shop.client.get(shown["url"], headers=shop.as_("customer", **ZHANG))
    assert img.status_code == 200 and img.content[:3] == b"\xff\xd8\xff"
    r = await _post(shop, f"/orders/{oid}/additional-work/approve", role="customer",
                    json={"job_ids": [job["job_id"]], "signed_by": "张伟"}, **ZHANG)
    assert r.status_code == 200, r.text
    approved = next(j for j in r.json()["jobs"] if j["id"] == job["job_id"])
    assert approved["status"] == "approved" and approved["finding_id"] == fid
    r = await _get(shop, f"/orders/{oid}/health-check", role="customer", **ZHANG)
    assert r.json()["findings"][0]["job"]["status"] == "approved"


async def test_another_customer_sees_no_health_check(shop):
    oid, _ = await _started(shop)
    _problem(await _get(shop, f"/orders/{oid}/health-check", role="customer",
                        customer_id=OTHER_CUSTOMER_ID), 404)
    _problem(await _get(shop, f"/orders/{oid}/health-check", role="service_advisor",
                        dealer_ids=[OTHER_DEALER_ID]), 404)
    other = await shop.checked_in_order("a-9", customer_id=OTHER_CUSTOMER_ID)
    _problem(await _get(shop, f"/orders/{other['id']}/health-check", role="customer", **ZHANG), 404)
