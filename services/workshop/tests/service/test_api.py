"""The repair order over HTTP: the golden path, the guards, scoping and the events it raises."""

from __future__ import annotations

from aftersales_common.auth.demo import (
    DEMO_CUSTOMER_ID,
    DEMO_DEALER_ID,
    OTHER_CUSTOMER_ID,
    OTHER_DEALER_ID,
)

W = "/api/workshop"
BRAKES = {"op_code": "BRK-01", "description": "更换前刹车片 front brake pads",
          "labor_hours": "1.5", "pay_type": "customer",
          "parts": [{"part_no": "BP-100", "qty": "1"}, {"part_no": "OIL-5W30", "qty": "4.5"}]}


async def _job(shop, order_id, body=BRAKES, role="service_advisor"):
    r = await shop.client.post(f"{W}/orders/{order_id}/jobs", json=body, headers=shop.as_(role))
    assert r.status_code == 201, r.text
    return r.json()


async def _post(shop, path, role="service_advisor", json=None, **kw):
    return await shop.client.post(f"{W}{path}", json=json, headers=shop.as_(role, **kw))


async def _signed_order(shop):
    order = await shop.checked_in_order()
    job = await _job(shop, order["id"])
    r = await _post(shop, f"/orders/{order['id']}/authorize", json={"signed_by": "张伟"})
    assert r.status_code == 200 and r.json()["status"] == "authorized"
    return order["id"], job["id"]


async def _checks_before_final(shop, oid, technician="tech.li"):
    """The technician's self-check and the foreman's re-check, which come before the final."""
    r = await _post(shop, f"/orders/{oid}/qc", role="technician", sub=technician,
                    json={"passed": True, "notes": "自检合格", "level": "self"})
    assert r.status_code == 200, r.text
    r = await _post(shop, f"/orders/{oid}/qc", role="foreman",
                    json={"passed": True, "notes": "复检合格", "level": "foreman"})
    assert r.status_code == 200, r.text


async def _pre_delivery_check(shop, oid):
    r = await _post(shop, f"/orders/{oid}/qc", json={"passed": True, "notes": "交车前检查",
                                                     "level": "pre_delivery"})
    assert r.status_code == 200, r.text
    return r.json()


async def test_golden_path_from_check_in_to_delivery(shop):
    order = await shop.checked_in_order()
    oid = order["id"]
    r = await _post(shop, f"/orders/{oid}/inspection", json={
        "odometer_km": 42000, "fuel_level": 50, "notes": "左前门划痕 scratch on left front door",
        "damages": ["左前门划痕"], "valuables": ["行车记录仪 dash cam"]})
    assert r.status_code == 200 and r.json()["inspection"]["odometer_km"] == 42000
    job = await _job(shop, oid)
    assert job["status"] == "estimated" and job["labor_hours"] == "1.5"
    r = await _post(shop, f"/orders/{oid}/authorize", json={"signed_by": "张伟"})
    assert r.status_code == 200 and r.json()["jobs"][0]["status"] == "approved"

    r = await _post(shop, f"/jobs/{job['id']}/start", role="technician", sub="tech.li")
    assert r.status_code == 200 and r.json()["technician"] == "tech.li"
    r = await _post(shop, f"/jobs/{job['id']}/finish", role="technician", sub="tech.li",
                    json={"notes": "自检合格 self-check ok"})
    assert r.status_code == 200 and r.json()["status"] == "finished"

    await _checks_before_final(shop, oid)
    r = await _post(shop, f"/orders/{oid}/qc", role="qc_inspector",
                    json={"passed": False, "notes": "刹车异响 brakes squeal"})
    assert r.status_code == 200
    failed = r.json()
    assert failed["status"] == "qc_failed" and failed["rework_count"] == 1
    assert failed["jobs"][0]["status"] == "rework" and failed["qc_checks"][-1]["passed"] is False
    assert "order.qc_passed" not in await shop.types()

    assert (await _post(shop, f"/jobs/{job['id']}/start", role="technician",
                        sub="tech.li")).status_code == 200
    assert (await _post(shop, f"/jobs/{job['id']}/finish", role="technician",
                        sub="tech.li")).status_code == 200
    await _checks_before_final(shop, oid)
    r = await _post(shop, f"/orders/{oid}/qc", role="qc_inspector",
                    json={"passed": True, "notes": "终检合格"})
    assert r.status_code == 200 and r.json()["status"] == "qc_passed"
    assert r.json()["progress"] == "quality_check"  # not ready before washing
    r = await _post(shop, f"/orders/{oid}/wash", role="technician", json={})
    assert r.status_code == 200 and r.json()["progress"] == "ready"
    await _pre_delivery_check(shop, oid)

    r = await _post(shop, f"/orders/{oid}/deliver", json={"odometer_km": 42003})
    assert r.status_code == 409 and "not paid" in r.json()["detail"]
    assert "结清" in r.json()["detail"]
    # The same refusal in the language asked for (Accept-Language), one language only.
    for language, half, other, tag in (("en-US,en;q=0.9", "not paid", "结清", "en"),
                                       ("zh-CN", "结清", "not paid", "zh-CN")):
        asked = await shop.client.post(
            f"{W}/orders/{oid}/deliver", json={"odometer_km": 42003},
            headers={**shop.as_("service_advisor"), "Accept-Language": language})
        assert asked.status_code == 409 and half in asked.json()["detail"]
        assert other not in asked.json()["detail"] and " / " not in asked.json()["detail"]
        assert asked.headers["content-language"] == tag
    await shop.feed("invoice.paid", shop.invoice(oid), source="billing")
    r = await _post(shop, f"/orders/{oid}/deliver", json={"odometer_km": 42003})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "delivered" and r.json()["paid"] is True
    again = await _post(shop, f"/orders/{oid}/deliver")
    assert again.status_code == 409 and "already" in again.json()["detail"]

    assert await shop.types() == [
        "order.opened", "order.authorized", "job.started", "job.finished", "order.qc_failed",
        "job.started", "job.finished", "order.qc_passed", "vehicle.ready", "vehicle.delivered",
        "repair_record.created"]
    (delivered,) = await shop.outbox("vehicle.delivered")
    assert delivered["data"]["odometer_km"] == 42003
    assert delivered["data"]["order_no"] == order["order_no"]


async def test_order_events_carry_jobs_with_decimal_hours_pay_type_and_parts(shop):
    oid, jid = await _signed_order(shop)
    (authorized,) = await shop.outbox("order.authorized")
    assert authorized["subject"] == oid and authorized["dealerid"] == DEMO_DEALER_ID
    data = authorized["data"]
    assert data["status"] == "authorized" and data["vin"] == "LSVAU2180N2183294"
    assert data["jobs"] == [{
        "job_id": jid, "op_code": "BRK-01", "description": "更换前刹车片 front brake pads",
        "labor_hours": "1.5", "pay_type": "customer", "status": "approved", "skill": "mechanical",
        "parts": [{"part_no": "BP-100", "qty": "1", "origin": "original", "consent_by": None},
                  {"part_no": "OIL-5W30", "qty": "4.5", "origin": "original",
                   "consent_by": None}]}]
    await _post(shop, f"/jobs/{jid}/start", role="technician")
    (started,) = await shop.outbox("job.started")
    assert started["data"]["parts"][1] == {"part_no": "OIL-5W30", "qty": "4.5",
                                           "origin": "original", "consent_by": None}
    assert started["data"]["technician"] == "technician" and started["data"]["pay_type"] == "customer"


async def test_no_work_before_the_customer_signs(shop):
    order = await shop.checked_in_order()
    job = await _job(shop, order["id"])
    r = await _post(shop, f"/jobs/{job['id']}/start", role="technician")
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
    empty = await shop.checked_in_order("a-2")
    r = await _post(shop, f"/orders/{empty['id']}/authorize", json={"signed_by": "x"})
    assert r.status_code == 409 and r.json()["type"].endswith("no-jobs")
    r = await _post(shop, f"/orders/{order['id']}/qc", role="qc_inspector",
                    json={"passed": True, "notes": ""})
    assert r.status_code == 409


async def test_additional_work_waits_for_the_customer(shop):
    oid, _ = await _signed_order(shop)
    extra = await _job(shop, oid, {**BRAKES, "op_code": "TYR-02", "description": "更换轮胎",
                                   "labor_hours": "0.5", "parts": [{"part_no": "TY-1", "qty": 2}]},
                       role="foreman")
    assert extra["status"] == "pending_approval" and extra["additional"] is True
    (requested,) = await shop.outbox("order.additional_work_requested")
    assert requested["data"]["job_ids"] == [extra["id"]]
    r = await _post(shop, f"/jobs/{extra['id']}/start", role="technician")
    assert r.status_code == 409 and r.json()["type"].endswith("approval-required")
    customer = {"role": "customer", "customer_id": DEMO_CUSTOMER_ID}
    r = await _post(shop, f"/orders/{oid}/additional-work/approve",
                    json={"job_ids": [extra["id"]], "signed_by": "张伟"}, **customer)
    assert r.status_code == 200, r.text
    (approved,) = await shop.outbox("order.additional_work_approved")
    assert approved["data"]["job_ids"] == [extra["id"]]
    assert (await _post(shop, f"/jobs/{extra['id']}/start", role="technician")).status_code == 200


async def test_declined_work_is_not_done(shop):
    oid, _ = await _signed_order(shop)
    extra = await _job(shop, oid, {**BRAKES, "op_code": "AC-01", "description": "空调清洗"})
    r = await _post(shop, f"/orders/{oid}/additional-work/decline",
                    json={"job_ids": [extra["id"]], "signed_by": "张伟"})
    assert r.status_code == 200 and r.json()["jobs"][1]["status"] == "declined"
    assert (await _post(shop, f"/jobs/{extra['id']}/start", role="technician")).status_code == 409
    assert "order.additional_work_approved" not in await shop.types()


async def test_cancel_before_work_only(shop):
    oid, jid = await _signed_order(shop)
    other = await shop.checked_in_order("a-2")
    r = await _post(shop, f"/orders/{other['id']}/cancel", json={"reason": "客户改期"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert (await shop.outbox("order.cancelled"))[0]["subject"] == other["id"]
    await _post(shop, f"/jobs/{jid}/start", role="technician")
    assert (await _post(shop, f"/orders/{oid}/cancel", json={"reason": "x"})).status_code == 409


async def test_other_dealers_staff_get_404(shop):
    order = await shop.checked_in_order()
    other = shop.as_("service_advisor", dealer_ids=[OTHER_DEALER_ID])
    assert (await shop.client.get(f"{W}/orders/{order['id']}", headers=other)).status_code == 404
    r = await shop.client.post(f"{W}/orders/{order['id']}/jobs", json=BRAKES, headers=other)
    assert r.status_code == 404
    assert await shop.orders(headers=other) == []
    board = await shop.client.get(f"{W}/board", params={"dealer_id": DEMO_DEALER_ID},
                                  headers=other)
    assert board.json() == []


async def test_customers_see_only_their_own_orders(shop):
    mine = await shop.checked_in_order("a-1")
    theirs = await shop.checked_in_order("a-2", customer_id=OTHER_CUSTOMER_ID)
    zhang = shop.as_("customer", customer_id=DEMO_CUSTOMER_ID)
    assert [o["id"] for o in await shop.orders(headers=zhang)] == [mine["id"]]
    assert (await shop.client.get(f"{W}/orders/{theirs['id']}", headers=zhang)).status_code == 404
    assert (await shop.client.get(f"{W}/orders/{mine['id']}", headers=zhang)).status_code == 200
    await _job(shop, theirs["id"])
    r = await shop.client.post(f"{W}/orders/{theirs['id']}/authorize", json={"signed_by": "张伟"},
                               headers=zhang)
    assert r.status_code == 404
    assert (await shop.client.get(f"{W}/board", params={"dealer_id": DEMO_DEALER_ID},
                                  headers=zhang)).status_code == 403


async def test_walk_in_order_and_input_validation(shop):
    await shop.feed("customer.registered", shop.customer())
    await shop.feed("vehicle.registered", shop.vehicle("v-1"))
    body = {"dealer_id": DEMO_DEALER_ID, "customer_id": DEMO_CUSTOMER_ID,
            "vehicle_id": "v-1", "vin": "lsvau2180n2183294", "plate": "沪a12345",
            "concern": "仪表盘故障灯亮", "service_type": "repair"}
    r = await shop.client.post(f"{W}/orders", json=body, headers=shop.as_("service_advisor"))
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["appointment_id"] is None and order["vin"] == "LSVAU2180N2183294"
    assert order["plate"] == "沪A12345"
    r = await shop.client.post(f"{W}/orders", json=body,
                               headers=shop.as_("service_advisor", dealer_ids=[OTHER_DEALER_ID]))
    assert r.status_code == 403
    assert (await shop.client.post(f"{W}/orders", json=body,
                                   headers=shop.as_("technician"))).status_code == 403
    oid = order["id"]
    r = await _post(shop, f"/orders/{oid}/inspection", json={"odometer_km": 10, "fuel_level": 150,
                                                            "notes": ""})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "fuel_level"
    for bad in ({"labor_hours": "0"}, {"labor_hours": "100.5"}, {"pay_type": "free"},
                {"parts": [{"part_no": "X", "qty": "0"}]}):
        r = await shop.client.post(f"{W}/orders/{oid}/jobs", json={**BRAKES, **bad},
                                   headers=shop.as_("service_advisor"))
        assert r.status_code == 422, bad
    assert (await shop.client.post(f"{W}/orders/{oid}/jobs", json=BRAKES,
                                   headers=shop.as_("technician"))).status_code == 403


async def test_qc_fail_of_some_jobs_and_the_board(shop):
    oid, jid = await _signed_order(shop)
    extra = await _job(shop, oid, {**BRAKES, "op_code": "WSH", "description": "洗车"})
    await _post(shop, f"/orders/{oid}/additional-work/approve",
                json={"job_ids": [extra["id"]], "signed_by": "张伟"})
    await _post(shop, f"/jobs/{extra['id']}/assign", role="foreman", json={"technician": "wang"})
    r = await _post(shop, f"/jobs/{extra['id']}/start", role="technician", sub="li")
    assert r.status_code == 409 and r.json()["type"].endswith("assigned-elsewhere")
    for job_id, who in ((jid, "li"), (extra["id"], "wang")):
        await _post(shop, f"/jobs/{job_id}/start", role="technician", sub=who)
        await _post(shop, f"/jobs/{job_id}/finish", role="technician", sub=who)
    board = (await shop.client.get(f"{W}/board", params={"dealer_id": DEMO_DEALER_ID},
                                   headers=shop.as_("foreman"))).json()
    assert board[0]["colour"] == "green" and board[0]["technicians"] == ["li", "wang"]
    r = await _post(shop, f"/orders/{oid}/qc", role="technician",
                    json={"passed": True, "notes": "", "level": "final"})
    assert r.status_code == 403
    r = await _post(shop, f"/orders/{oid}/qc", role="technician", sub="li",
                    json={"passed": True, "notes": "", "level": "self"})
    assert r.status_code == 200
    r = await _post(shop, f"/orders/{oid}/qc", role="foreman",
                    json={"passed": False, "notes": "洗车不干净", "job_ids": [extra["id"]],
                          "level": "foreman"})
    assert r.status_code == 200
    statuses = {j["id"]: j["status"] for j in r.json()["jobs"]}
    assert statuses == {jid: "finished", extra["id"]: "rework"}
    (failed,) = await shop.outbox("order.qc_failed")
    assert failed["data"]["qc_level"] == "foreman" and failed["data"]["notes"] == "洗车不干净"
    board = (await shop.client.get(f"{W}/board", params={"dealer_id": DEMO_DEALER_ID},
                                   headers=shop.as_("foreman"))).json()
    assert board[0]["colour"] == "yellow"


async def test_list_filters_and_pages(shop):
    for i in range(3):
        await shop.checked_in_order(f"a-{i}", vehicle_id=f"v-{i}")
    assert len(await shop.orders(vehicle_id="v-1")) == 1
    assert len(await shop.orders(status="opened")) == 3
    r = await shop.client.get(f"{W}/orders", params={"limit": 2},
                              headers=shop.as_("service_advisor"))
    page = r.json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    r = await shop.client.get(f"{W}/orders", params={"limit": 2, "cursor": page["next_cursor"]},
                              headers=shop.as_("service_advisor"))
    assert len(r.json()["items"]) == 1 and r.json()["next_cursor"] is None
