"""A finding with photos approved by the customer, through HTTP, on both ways to run.

The technician grades a point of the health check and photographs it, the advisor prices the
finding into additional work, and 张伟 (the demo customer, with his own login) reads the
finding with its photo and approves it: the job becomes approved. The photo's bytes come back
from the object store: files under the data directory when embedded, SeaweedFS (S3) on the
distributed cluster; another customer gets 404 for both the sheet and the photo.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID
from aftersales_common.storage import S3ObjectStore
from tests.integration.test_architecture_defects import ok, walk_in
from tests.support.api import Api

DEMO_VEHICLE_ID = "e0000000-0000-4000-8000-000000000001"
W = "/api/workshop"


def _photo_with_location() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 13.0, 52.0), 3: "E", 4: (121.0, 28.0, 14.0)}
    out = io.BytesIO()
    Image.new("RGB", (96, 64), (90, 90, 90)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


async def finding_approved_on_the_phone(api: Api) -> dict[str, Any]:
    """The whole flow; returns the ids and the photo (for the storage checks of each mode)."""
    order = await walk_in(api, {"id": DEMO_CUSTOMER_ID}, {"id": DEMO_VEHICLE_ID})
    oid = order["id"]
    ok(await api.post(f"{W}/orders/{oid}/jobs", as_="advisor", json={
        "op_code": "MNT-5K", "description": "5000公里保养 5,000 km service", "labor_hours": "1.0",
        "pay_type": "customer", "parts": []}), 201)
    ok(await api.post(f"{W}/orders/{oid}/authorize", as_="advisor", json={"signed_by": "张伟"}))

    # the technician: the sheet, a red point with its measurement, a photo of it
    sheet = ok(await api.post(f"{W}/orders/{oid}/health-check", as_="tech"), 201)
    iid = sheet["id"]
    graded = ok(await api.post(f"{W}/inspections/{iid}/points/BRAKE-PAD-F/grade", as_="tech",
                               json={"grade": "urgent", "measured": "1.5",
                                     "note": "前刹车片仅剩1.5mm pads down to 1.5 mm"}))
    (finding,) = graded["findings"]
    photo = ok(await api.post(f"{W}/inspections/{iid}/photos", as_="tech",
                              data={"point_code": "BRAKE-PAD-F"},
                              files={"file": ("brakes.jpg", _photo_with_location(), "image/jpeg")}),
               201)

    # the advisor prices the finding: additional work waiting for the customer
    priced = ok(await api.post(f"{W}/inspections/{iid}/findings/{finding['id']}/propose",
                               as_="advisor", json={
                                   "op_code": "BRK-PAD-F", "description": "更换前刹车片 front pads",
                                   "labor_hours": "1.2", "pay_type": "customer", "parts": []}), 201)
    job = next(f for f in priced["findings"] if f["id"] == finding["id"])["job"]
    assert job["status"] == "pending_approval"

    # 张伟 on his phone: the finding with its photo, then his approval
    seen = ok(await api.get(f"{W}/orders/{oid}/health-check", as_="zhang"))
    (shown,) = seen["findings"]
    assert shown["severity"] == "urgent" and shown["job"]["job_id"] == job["job_id"]
    assert [p["id"] for p in shown["photos"]] == [photo["id"]]
    image = await api.get(shown["photos"][0]["url"], as_="zhang")
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(image.content)).getexif().get_ifd(0x8825) == {}
    for path in (f"{W}/orders/{oid}/health-check", shown["photos"][0]["url"]):
        other = await api.get(path, as_="li")
        assert other.status_code == 404, (path, other.text)
    decided = ok(await api.post(f"{W}/orders/{oid}/additional-work/approve", as_="zhang",
                                json={"job_ids": [job["job_id"]], "signed_by": "张伟"}))
    approved = next(j for j in decided["jobs"] if j["id"] == job["job_id"])
    assert approved["status"] == "approved" and approved["finding_id"] == finding["id"]
    after = ok(await api.get(f"{W}/orders/{oid}/health-check", as_="advisor"))
    assert after["findings"][0]["job"]["status"] == "approved"
    return {"order_id": oid, "photo": photo, "bytes": image.content}


def _key(flow: dict[str, Any]) -> str:
    return f"dealer/{DEMO_DEALER_ID}/orders/{flow['order_id']}/{flow['photo']['id']}.jpg"


async def test_on_the_embedded_system_the_photo_is_a_file(embedded_api: Api, embedded: Any) -> None:
    flow = await finding_approved_on_the_phone(embedded_api)
    stored = Path(embedded.data_dir) / "objects" / _key(flow)
    assert stored.read_bytes() == flow["bytes"]


@pytest.mark.realinfra
async def test_on_kafka_and_postgres_the_photo_is_in_s3(cluster_api: Api,
                                                        seaweedfs: dict[str, str]) -> None:
    flow = await finding_approved_on_the_phone(cluster_api)
    bucket = S3ObjectStore(endpoint_url=seaweedfs["S3_ENDPOINT_URL"], bucket=seaweedfs["S3_BUCKET"],
                           access_key=seaweedfs["S3_ACCESS_KEY"],
                           secret_key=seaweedfs["S3_SECRET_KEY"], region=seaweedfs["S3_REGION"])
    assert await bucket.get(_key(flow)) == (flow["bytes"], "image/jpeg")
