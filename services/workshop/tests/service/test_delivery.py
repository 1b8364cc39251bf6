"""Checks with checklists, washing then ready, delivery (warranty signature, next service), the
gate pass, the electronic repair record and the repair archive, through HTTP."""

from __future__ import annotations

from datetime import date, datetime

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, OTHER_CUSTOMER_ID, OTHER_DEALER_ID

W = "/api/workshop"
BRAKES = {"op_code": "BRK-01", "description": "更换前刹车片", "labor_hours": "1.5",
          "pay_type": "customer", "parts": [{"part_no": "BP-100", "qty": "2"}]}
CHECKERS = {"self": "technician", "foreman": "foreman", "final": "qc_inspector",
            "pre_delivery": "service_advisor"}


async def _post(shop, path, role="service_advisor", json=None, **kw):
    return await shop.client.post(f"{W}{path}", json=json, headers=shop.as_(role, **kw))


async def _get(shop, path, role="service_advisor", **kw):
    params = kw.pop("params", None)
    return await shop.client.get(f"{W}{path}", params=params, headers=shop.as_(role, **kw))


async def _finished_order(shop, *jobs, appointment="a-1"):
    order = await shop.checked_in_order(appointment)
    oid = order["id"]
    r = await _post(shop, f"/orders/{oid}/inspection",
                    json={"odometer_km": 42000, "fuel_level": 50, "notes": ""})
    assert r.status_code == 200
    ids = []
    for n, extra in enumerate(jobs or ({},)):
        r = await _post(shop, f"/orders/{oid}/jobs", json={**BRAKES, "op_code": f"OP-{n}", **extra})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    assert (await _post(shop, f"/orders/{oid}/authorize", json={"signed_by": "张伟"})).status_code == 200
    for n, jid in enumerate(ids, start=1):
        tech = f"tech.{n}"
        assert (await _post(shop, f"/jobs/{jid}/start", role="technician", sub=tech)).status_code == 200
        assert (await _post(shop, f"/jobs/{jid}/finish", role="technician", sub=tech)).status_code == 200
    return oid, ids


async def _sheet(shop, level):
    r = await _get(shop, "/qc-checklists", params={"dealer_id": shop.checked_in("x")["dealer_id"],
                                                   "level": level})
    assert r.status_code == 200, r.text
    (sheet,) = r.json()
    return [i["code"] for i in sheet["items"]]


async def _qc(shop, oid, level, passed=True, not_ok=(), **extra):
    checklist = [{"item": c, "ok": c not in not_ok, "note": "异响" if c in not_ok else ""}
                 for c in await _sheet(shop, level)]
    return await _post(shop, f"/orders/{oid}/qc", role=CHECKERS[level],
                       json={"passed": passed, "level": level, "notes": "", "checklist": checklist,
                             **extra})


async def _ready(shop, oid):
    for level in ("self", "foreman", "final"):
        assert (await _qc(shop, oid, level)).status_code == 200
    r = await _post(shop, f"/orders/{oid}/wash", role="technician", json={"washed": True})
    assert r.status_code == 200, r.text
    return r.json()


async def _delivered(shop, *jobs, appointment="a-1", **deliver):
    oid, _ = await _finished_order(shop, *jobs, appointment=appointment)
    await _ready(shop, oid)
    assert (await _qc(shop, oid, "pre_delivery")).status_code == 200
    await shop.feed("invoice.paid", shop.invoice(oid, invoice_no="INV-2026-000042"),
                    source="billing")
    r = await _post(shop, f"/orders/{oid}/deliver", json={"odometer_km": 42060, **deliver})
    assert r.status_code == 200, r.text
    return oid, r.json()


# ---- the checklists --------------------------------------------------------------------------
async def test_each_level_has_the_dealers_checklist_and_other_dealers_are_refused(shop):
    r = await _get(shop, "/qc-checklists", params={"dealer_id": shop.checked_in("x")["dealer_id"]})
    assert r.status_code == 200
    assert [s["level"] for s in r.json()] == ["self", "foreman", "final", "pre_delivery"]
    final = r.json()[2]["items"]
    assert any(i["name"] == "路试合格" and i["name_en"] == "Road test passed" for i in final)
    r = await _get(shop, "/qc-checklists", params={"dealer_id": OTHER_DEALER_ID})
    assert r.status_code == 403
    r = await _get(shop, "/qc-checklists", role="customer", customer_id=DEMO_CUSTOMER_ID,
                   params={"dealer_id": OTHER_DEALER_ID})
    assert r.status_code == 403


async def test_a_pass_with_a_point_not_ok_or_a_half_filled_sheet_is_422(shop):
    oid, _ = await _finished_order(shop)
    r = await _qc(shop, oid, "self", passed=True, not_ok=("torque",))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "checklist"
    r = await _post(shop, f"/orders/{oid}/qc", role="technician", json={
        "passed": True, "level": "self", "checklist": [{"item": "torque", "ok": True}]})
    assert r.status_code == 422 and "misses" in r.json()["detail"]
    r = await _qc(shop, oid, "self")
    assert r.status_code == 200
    (check,) = r.json()["qc_checks"]
    assert [a["item"] for a in check["checklist"]] == await _sheet(shop, "self")
    assert all(a["ok"] for a in check["checklist"])


async def test_a_failure_at_the_foremans_level_names_the_jobs_tells_the_advisor_and_counts_the_comeback(shop):
    oid, (first, second) = await _finished_order(shop, {}, {})
    assert (await _qc(shop, oid, "self")).status_code == 200
    r = await _qc(shop, oid, "foreman", passed=False, not_ok=("road_test",), job_ids=[second],
                  notes="路试刹车异响")
    assert r.status_code == 200, r.text
    order = r.json()
    assert order["status"] == "qc_failed"
    check = order["qc_checks"][-1]
    assert check["rework_by"] == {second: "tech.2"} and check["rework_job_ids"] == [second]
    assert [a["item"] for a in check["checklist"] if not a["ok"]] == ["road_test"]
    (failed,) = await shop.outbox("order.qc_failed")  # the advisor's desk hears of it
    assert failed["data"]["qc_level"] == "foreman" and failed["data"]["rework_job_ids"] == [second]
    r = await _get(shop, "/qc/comebacks", role="manager",
                   params={"dealer_id": shop.checked_in("x")["dealer_id"]})
    assert r.status_code == 200
    assert r.json() == [{"technician": "tech.2", "jobs": 1, "orders": 1,
                         "by_level": {"foreman": 1}}]
    jobs = {j["id"]: j for j in order["jobs"]}
    assert jobs[second]["rework_count"] == 1 and jobs[first]["rework_count"] == 0
    r = await _get(shop, "/qc/comebacks", role="technician",
                   params={"dealer_id": shop.checked_in("x")["dealer_id"]})
    assert r.status_code == 403


# ---- washing, then ready ---------------------------------------------------------------------
async def test_vehicle_ready_fires_when_washed_not_at_the_final_pass(shop):
    oid, _ = await _finished_order(shop)
    for level in ("self", "foreman", "final"):
        r = await _qc(shop, oid, level)
        assert r.status_code == 200
    assert r.json()["progress"] == "quality_check" and r.json()["ready_at"] is None
    assert await shop.outbox("order.qc_passed") and not await shop.outbox("vehicle.ready")
    r = await _qc(shop, oid, "pre_delivery")
    assert r.status_code == 409 and r.json()["type"].endswith("not-ready")
    r = await _post(shop, f"/orders/{oid}/wash", role="customer", customer_id=DEMO_CUSTOMER_ID)
    assert r.status_code == 403
    r = await _post(shop, f"/orders/{oid}/wash", role="technician", sub="washer")
    assert r.status_code == 200 and r.json()["progress"] == "ready"
    assert r.json()["wash"]["outcome"] == "washed" and r.json()["wash"]["by"] == "washer"
    (ready,) = await shop.outbox("vehicle.ready")
    assert ready["data"]["wash"] == "washed" and ready["data"]["ready_at"] == r.json()["ready_at"]
    again = await _post(shop, f"/orders/{oid}/wash", role="technician")
    assert again.status_code == 409 and again.json()["type"].endswith("already-ready")
    assert (await _qc(shop, oid, "pre_delivery")).status_code == 200


async def test_washing_declined_is_recorded_and_makes_the_car_ready(shop):
    oid, _ = await _finished_order(shop)
    r = await _post(shop, f"/orders/{oid}/wash", json={"washed": False})
    assert r.status_code == 409 and r.json()["type"].endswith("qc-not-passed")
    for level in ("self", "foreman", "final"):
        assert (await _qc(shop, oid, level)).status_code == 200
    r = await _post(shop, f"/orders/{oid}/wash", json={"washed": False})
    assert r.status_code == 200 and r.json()["wash"]["outcome"] == "declined"
    (ready,) = await shop.outbox("vehicle.ready")
    assert ready["data"]["wash"] == "declined"


# ---- delivery --------------------------------------------------------------------------------
async def test_warranty_work_needs_the_customers_signature_to_deliver(shop):
    oid, _ = await _finished_order(shop, {}, {"pay_type": "warranty"})
    await _ready(shop, oid)
    assert (await _qc(shop, oid, "pre_delivery")).status_code == 200
    await shop.feed("invoice.paid", shop.invoice(oid), source="billing")
    r = await _post(shop, f"/orders/{oid}/deliver", json={})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "warranty_signed_by"
    r = await _post(shop, f"/orders/{oid}/deliver",
                    json={"warranty_signed_by": "张伟", "documents_handed": ["settlement", "keys"]})
    assert r.status_code == 200, r.text
    assert r.json()["handover"] == {"warranty_signed_by": "张伟", "old_parts_handled": None,
                                    "documents": ["settlement", "keys"]}
    r = await _post(shop, f"/orders/{oid}/deliver", json={"documents_handed": ["passport"]})
    assert r.status_code == 422


async def test_delivery_advises_the_next_service_and_publishes_the_electronic_record(shop):
    oid, order = await _delivered(shop)
    advice = order["next_service"]
    delivered_on = datetime.fromisoformat(order["delivered_at"]).date()
    assert advice["due_km"] == 42060 + 5000 and advice["basis"] == "policy"
    assert date.fromisoformat(advice["due_on"]) > delivered_on
    (delivered,) = await shop.outbox("vehicle.delivered")
    assert delivered["data"]["next_service"] == advice
    (record,) = await shop.outbox("repair_record.created")
    assert record["subject"] == oid and record["source"] == "/aftersales/workshop"
    data = record["data"]
    assert (data["vin"], data["plate"]) == ("LSVAU2180N2183294", "沪A12345")
    assert data["settlement_no"] == "INV-2026-000042" and data["mileage_km"] == 42060
    assert data["repair_ended_on"] == delivered_on.isoformat()
    assert data["repair_started_on"] <= data["repair_ended_on"]
    assert data["fault_description"] == shop.concern
    assert data["items"] == [{"op_code": "OP-0", "name": "更换前刹车片", "labor_hours": "1.5",
                              "pay_type": "customer"}]
    assert data["parts"] == [{"part_no": "BP-100", "name": None, "qty": "2",
                              "origin": "original"}]
    assert data["total_hours"] == "1.5"


# ---- the gate pass ---------------------------------------------------------------------------
async def test_the_gate_pass_is_issued_at_delivery_and_valid_once(shop):
    oid, _ = await _finished_order(shop)
    assert (await _get(shop, f"/orders/{oid}/gate-pass")).status_code == 404
    await _ready(shop, oid)
    assert (await _qc(shop, oid, "pre_delivery")).status_code == 200
    await shop.feed("invoice.paid", shop.invoice(oid), source="billing")
    assert (await _post(shop, f"/orders/{oid}/deliver", json={})).status_code == 200
    r = await _get(shop, f"/orders/{oid}/gate-pass")
    assert r.status_code == 200
    gate = r.json()
    assert len(gate["code"]) == 8 and gate["qr_text"].endswith(gate["code"])
    assert gate["plate"] == "沪A12345" and gate["used"] is False
    mine = await _get(shop, f"/orders/{oid}/gate-pass", role="customer",
                      customer_id=DEMO_CUSTOMER_ID)
    assert mine.status_code == 200 and mine.json()["code"] == gate["code"]
    theirs = await _get(shop, f"/orders/{oid}/gate-pass", role="customer",
                        customer_id=OTHER_CUSTOMER_ID)
    assert theirs.status_code == 404
    assert (await _post(shop, f"/gate-passes/{gate['code']}/check", role="technician")).status_code == 403
    other = await _post(shop, f"/gate-passes/{gate['code']}/check", role="cashier",
                        dealer_ids=[OTHER_DEALER_ID])
    assert other.status_code == 404
    r = await _post(shop, f"/gate-passes/{gate['qr_text']}/check", role="cashier", sub="gate.wang")
    assert r.status_code == 200, r.text
    assert r.json()["used"] is True and r.json()["checked_by"] == "gate.wang"
    again = await _post(shop, f"/gate-passes/{gate['code'].lower()}/check", role="cashier")
    assert again.status_code == 409 and again.json()["type"].endswith("already-used")
    unknown = await _post(shop, "/gate-passes/ZZZZ2222/check", role="cashier")
    assert unknown.status_code == 404
    (exited,) = await shop.outbox("vehicle.exited")
    assert exited["data"]["gate_pass_code"] == gate["code"]


# ---- the repair archive ----------------------------------------------------------------------
async def test_the_archive_holds_the_visit_for_staff_and_its_owner_only(shop):
    oid, order = await _delivered(shop, {}, {"pay_type": "warranty"}, warranty_signed_by="张伟",
                                  old_parts_handled="disposed")
    r = await _get(shop, f"/orders/{oid}/archive", role="customer", customer_id=DEMO_CUSTOMER_ID)
    assert r.status_code == 200, r.text
    archive = r.json()
    assert archive["vehicle"]["vin"] == "LSVAU2180N2183294"
    assert archive["visit"]["concern"] == shop.concern
    assert archive["walk_around"]["odometer_km"] == 42000
    assert archive["estimate"]["authorized_by"] == "张伟"
    assert [(j["op_code"], j["technician"], j["pay_type"]) for j in archive["jobs"]] == [
        ("OP-0", "tech.1", "customer"), ("OP-1", "tech.2", "warranty")]
    assert archive["jobs"][0]["parts"][0]["origin"] == "original"
    assert [c["level"] for c in archive["checks"]] == ["self", "foreman", "final",
                                                       "pre_delivery"]
    assert all(c["checklist"] for c in archive["checks"])
    assert archive["settlement"]["settlement_no"] == "INV-2026-000042"
    assert archive["settlement"]["total"] == "480.00"
    delivery = archive["delivery"]
    assert delivery["odometer_km"] == 42060 and delivery["warranty_signed_by"] == "张伟"
    assert delivery["gate_pass_code"] == order["gate_pass"]["code"]
    assert delivery["old_parts_handled"] == "disposed" and delivery["wash"] == "washed"
    guarantee = archive["guarantee"]  # no catalogue entry: the minor-repair period
    assert (guarantee["guarantee_class"], guarantee["km"], guarantee["days"]) == ("minor", 2000, 10)
    assert guarantee["until_km"] == 44060
    for role, kw in (("customer", {"customer_id": OTHER_CUSTOMER_ID}),
                     ("service_advisor", {"dealer_ids": [OTHER_DEALER_ID]})):
        assert (await _get(shop, f"/orders/{oid}/archive", role=role, **kw)).status_code == 404
    vehicle_id = archive["vehicle"]["vehicle_id"]
    r = await _get(shop, f"/vehicles/{vehicle_id}/archive", role="customer",
                   customer_id=DEMO_CUSTOMER_ID)
    assert r.status_code == 200
    assert [(v["order_id"], v["settlement_no"]) for v in r.json()] == [(oid, "INV-2026-000042")]
    r = await _get(shop, f"/vehicles/{vehicle_id}/archive", role="customer",
                   customer_id=OTHER_CUSTOMER_ID)
    assert r.status_code == 404
