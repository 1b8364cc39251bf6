"""Reception through HTTP: visit and greeting, the structured walk-around, 3C, deferred work offered
again, guarantee-period comebacks and 三包 alerts."""

from __future__ import annotations

from datetime import date, timedelta

from aftersales_common.auth.demo import (
    DEMO_CUSTOMER_ID,
    DEMO_DEALER_ID,
    OTHER_CUSTOMER_ID,
    OTHER_DEALER_ID,
)
from aftersales_common.clock import utcnow
from workshop.adapters.catalogue_repo import OperationCatalogue
from workshop.domain.catalogue import Operation
from workshop.domain.terms import GuaranteeClass, Skill, VehicleSystem

from .conftest import VEHICLE_ID

W = "/api/workshop"
AC = {"op_code": "AC-CLEAN", "description": "空调清洗 A/C cleaning", "labor_hours": "0.8",
      "pay_type": "customer", "parts": [{"part_no": "AC-FILTER", "qty": "1"}]}
BRAKES = {"op_code": "BRK-01", "description": "更换前刹车片", "labor_hours": "1.5",
          "pay_type": "customer", "parts": []}
WALK = {
    "odometer_km": 42000, "fuel_level": 50, "notes": "",
    "interior_ok": False, "interior_faults": ["左后车窗不升"], "vin_checked": True,
    "damage_marks": [{"zone": "left_front_door", "kind": "scratch", "x": 0.18, "y": 0.42,
                      "note": "10cm 划痕"}],
    "tyres": [{"wheel": "left_front", "condition": "worn", "tread_mm": "2.5"}],
    "leaks": ["机油渗漏 oil seep"], "trunk_items": ["spare_wheel", "triangle"],
    "valuable_items": [{"item": "行车记录仪 dash cam", "kept": True},
                       {"item": "钱包 wallet", "kept": False}],
    "protection": ["seat_cover", "wheel_cover", "floor_mat"],
}


async def _post(shop, path, role="service_advisor", json=None, **kw):
    return await shop.client.post(f"{W}{path}", json=json, headers=shop.as_(role, **kw))


async def _get(shop, path, role="service_advisor", **kw):
    params = kw.pop("params", None)
    return await shop.client.get(f"{W}{path}", params=params, headers=shop.as_(role, **kw))


async def _job(shop, oid, body):
    r = await _post(shop, f"/orders/{oid}/jobs", json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def _delivered(shop, job: dict, *, appointment: str) -> tuple[str, dict]:
    """An order of the demo vehicle taken from check-in to delivery (no assignment: the
    technician starts the job himself)."""
    order = await shop.checked_in_order(appointment)
    oid = order["id"]
    assert (await _post(shop, f"/orders/{oid}/inspection",
                        json={"odometer_km": 42000, "fuel_level": 50})).status_code == 200
    jid = (await _job(shop, oid, {**BRAKES, **job}))["id"]
    assert (await _post(shop, f"/orders/{oid}/authorize", json={"signed_by": "张伟"})).status_code == 200
    for step in ("start", "finish"):
        r = await _post(shop, f"/jobs/{jid}/{step}", role="technician", sub="tech")
        assert r.status_code == 200, r.text
    for level, role in (("self", "technician"), ("foreman", "foreman"), ("final", "qc_inspector")):
        r = await _post(shop, f"/orders/{oid}/qc", role=role, json={"passed": True, "level": level})
        assert r.status_code == 200, r.text
    assert (await _post(shop, f"/orders/{oid}/wash", role="technician",
                        json={"washed": True})).status_code == 200
    r = await _post(shop, f"/orders/{oid}/qc", json={"passed": True, "level": "pre_delivery"})
    assert r.status_code == 200, r.text
    await shop.feed("invoice.paid", shop.invoice(oid), source="billing")
    r = await _post(shop, f"/orders/{oid}/deliver", json={"odometer_km": 42050})
    assert r.status_code == 200, r.text
    return oid, r.json()


async def _operation(shop, op_code: str, system: VehicleSystem, *, safety: bool = False) -> None:
    """The dealer's catalogue knows the operation (as the manager would have set it up)."""
    async with shop.runtime.db.session() as session:
        await OperationCatalogue(session).save(Operation.define(
            dealer_id=DEMO_DEALER_ID, op_code=op_code, name="发动机维修", name_en="engine repair",
            standard_hours="2", skill=Skill.MECHANICAL, guarantee_class=GuaranteeClass.MINOR,
            system=system, safety_related=safety, by="manager", at=utcnow()))
        await session.commit()


# ---- visit, greeting, the repair order's choices -------------------------------------------
async def test_a_booked_visit_is_greeted_and_records_payment_old_parts_and_the_words(shop):
    order = await shop.checked_in_order()
    assert order["arrival"] == "booked" and order["visit_type"] == "paid_repair"
    assert order["customer_words"] == shop.concern and order["greeted_at"] is None
    r = await _post(shop, f"/orders/{order['id']}/greet")
    assert r.status_code == 200, r.text
    greeted = r.json()
    assert greeted["greet_minutes"] is not None and greeted["greeted_late"] in (True, False)
    again = (await _post(shop, f"/orders/{order['id']}/greet")).json()
    assert again["greeted_at"] == greeted["greeted_at"]  # the first greeting counts

    words = "“刹车的时候前面吱吱响，早上最明显”"
    r = await _post(shop, f"/orders/{order['id']}/reception", json={
        "customer_words": words, "payment_method": "wechat", "old_parts": "keep",
        "visit_type": "rework"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["customer_words"], body["payment_method"], body["old_parts"]) == (
        words, "wechat", "keep")
    assert body["visit_type"] == "rework" and body["extra_work_needs_approval"] is True
    r = await _post(shop, f"/orders/{order['id']}/reception",
                    json={"extra_work_needs_approval": False})
    assert r.status_code == 422

    await _job(shop, order["id"], BRAKES)
    assert (await _post(shop, f"/orders/{order['id']}/authorize",
                        json={"signed_by": "张伟"})).status_code == 200
    r = await _post(shop, f"/orders/{order['id']}/reception", json={"customer_words": "改了"})
    assert r.status_code == 409  # the customer's words are fixed once signed
    got = (await _get(shop, f"/orders/{order['id']}")).json()
    assert got["customer_words"] == words


async def test_a_walk_in_declares_its_visit_type_and_arrival(shop):
    await shop.feed("customer.registered", shop.customer())
    await shop.feed("vehicle.registered", shop.vehicle())
    arrived = (utcnow() - timedelta(minutes=12)).isoformat()
    r = await _post(shop, "/orders", json={
        "dealer_id": DEMO_DEALER_ID, "customer_id": DEMO_CUSTOMER_ID, "vehicle_id": VEHICLE_ID,
        "concern": "保养", "visit_type": "maintenance", "arrived_at": arrived})
    assert r.status_code == 201, r.text
    order = r.json()
    assert (order["arrival"], order["visit_type"], order["service_type"]) == (
        "walk_in", "maintenance", "maintenance")
    greeted = (await _post(shop, f"/orders/{order['id']}/greet")).json()
    assert greeted["greet_minutes"] >= 12 and greeted["greeted_late"] is True


# ---- the structured walk-around --------------------------------------------------------------
async def test_the_structured_walk_around_is_kept_and_old_bodies_still_work(shop):
    order = await shop.checked_in_order()
    r = await _post(shop, f"/orders/{order['id']}/inspection", json=WALK)
    assert r.status_code == 200, r.text
    detail = r.json()["inspection"]["detail"]
    assert detail["damage_marks"][0]["zone"] == "left_front_door"
    assert detail["kept_valuables"] == ["行车记录仪 dash cam"] and detail["fully_protected"]
    assert detail["tyres"][0]["tread_mm"] == "2.5" and detail["vin_checked"] is True
    again = (await _get(shop, f"/orders/{order['id']}")).json()["inspection"]["detail"]
    assert again == detail
    old = {"odometer_km": 42000, "fuel_level": 50, "notes": "", "damages": ["左前门划痕"]}
    r = await _post(shop, f"/orders/{order['id']}/inspection", json=old)
    assert r.status_code == 200 and r.json()["inspection"]["detail"] is None


async def test_a_damage_mark_off_the_diagram_or_in_no_known_zone_is_422(shop):
    order = await shop.checked_in_order()
    for mark in ({"zone": "bonnet", "kind": "dent", "x": 0.5, "y": 0.1},
                 {"zone": "hood", "kind": "dent", "x": 1.5, "y": 0.1},
                 {"zone": "hood", "kind": "rust", "x": 0.5, "y": 0.1}):
        r = await _post(shop, f"/orders/{order['id']}/inspection",
                        json={**WALK, "damage_marks": [mark]})
        assert r.status_code == 422, mark
        assert r.headers["content-type"].startswith("application/problem+json")


# ---- 3C --------------------------------------------------------------------------------------
async def test_three_c_concern_before_signing_cause_and_correction_after(shop):
    order = await shop.checked_in_order()
    job = await _job(shop, order["id"], BRAKES)
    r = await shop.client.patch(f"{W}/jobs/{job['id']}/3c", json={"concern": "刹车异响"},
                                headers=shop.as_("service_advisor"))
    assert r.status_code == 200 and r.json()["three_c"]["concern"] == "刹车异响"
    await _post(shop, f"/orders/{order['id']}/authorize", json={"signed_by": "张伟"})
    r = await shop.client.patch(f"{W}/jobs/{job['id']}/3c", json={"concern": "别的"},
                                headers=shop.as_("technician"))
    assert r.status_code == 409
    r = await shop.client.patch(f"{W}/jobs/{job['id']}/3c", headers=shop.as_("technician"),
                                json={"cause": "刹车片磨损到极限", "correction": "更换前刹车片"})
    assert r.status_code == 200
    assert r.json()["three_c"] == {**r.json()["three_c"], "concern": "刹车异响",
                                   "cause": "刹车片磨损到极限", "correction": "更换前刹车片"}
    r = await shop.client.patch(f"{W}/jobs/{job['id']}/3c", json={"cause": "x"},
                                headers=shop.as_("customer", customer_id=DEMO_CUSTOMER_ID))
    assert r.status_code == 403


# ---- declined and deferred work ----------------------------------------------------------------
async def test_deferred_work_stays_on_the_vehicle_and_is_offered_at_the_next_visit(shop):
    first = await shop.checked_in_order("a-1")
    await _job(shop, first["id"], BRAKES)
    ac = await _job(shop, first["id"], AC)
    remind = (date.today() + timedelta(days=60)).isoformat()
    r = await _post(shop, f"/jobs/{ac['id']}/defer",
                    json={"reason": "这次预算不够", "remind_on": remind})
    assert r.status_code == 201, r.text
    deferred = r.json()
    assert deferred["status"] == "open" and deferred["reminder_due"] == remind
    (event,) = await shop.outbox("work.deferred")
    assert event["data"]["reminder_due"] == remind and event["data"]["kind"] == "deferred"
    assert event["data"]["vehicle_id"] == VEHICLE_ID
    order = (await _get(shop, f"/orders/{first['id']}")).json()
    assert [j["status"] for j in order["jobs"]] == ["estimated", "declined"]

    listed = (await _get(shop, f"/vehicles/{VEHICLE_ID}/deferred-work")).json()
    assert [w["id"] for w in listed] == [deferred["id"]]
    mine = await _get(shop, f"/vehicles/{VEHICLE_ID}/deferred-work", role="customer",
                      customer_id=DEMO_CUSTOMER_ID)
    assert mine.status_code == 200 and mine.json()[0]["reason"] == "这次预算不够"
    other = await _get(shop, f"/vehicles/{VEHICLE_ID}/deferred-work", role="customer",
                       customer_id=OTHER_CUSTOMER_ID)
    assert other.status_code == 404
    elsewhere = await _get(shop, f"/vehicles/{VEHICLE_ID}/deferred-work",
                           dealer_ids=[OTHER_DEALER_ID])
    assert elsewhere.status_code == 404

    same = await _post(shop, f"/orders/{first['id']}/deferred-work/{deferred['id']}")
    assert same.status_code == 409  # offered at a later visit, not on its own order
    second = await shop.checked_in_order("a-2")
    r = await _post(shop, f"/orders/{second['id']}/deferred-work/{deferred['id']}")
    assert r.status_code == 201, r.text
    assert r.json()["op_code"] == "AC-CLEAN" and r.json()["parts"][0]["part_no"] == "AC-FILTER"
    assert (await _post(shop, f"/orders/{second['id']}/deferred-work/{deferred['id']}")
            ).status_code == 409
    assert (await _get(shop, f"/vehicles/{VEHICLE_ID}/deferred-work")).json() == []
    taken = (await _get(shop, f"/vehicles/{VEHICLE_ID}/deferred-work",
                        params={"include_taken_up": "true"})).json()
    assert taken[0]["taken_up_order_id"] == second["id"]


async def test_declined_additional_work_is_kept_too(shop):
    order = await shop.checked_in_order()
    await _job(shop, order["id"], BRAKES)
    await _post(shop, f"/orders/{order['id']}/authorize", json={"signed_by": "张伟"})
    extra = await _job(shop, order["id"], AC)
    r = await _post(shop, f"/orders/{order['id']}/additional-work/decline", role="customer",
                    customer_id=DEMO_CUSTOMER_ID,
                    json={"job_ids": [extra["id"]], "signed_by": "张伟", "reason": "太贵"})
    assert r.status_code == 200, r.text
    (kept,) = (await _get(shop, f"/vehicles/{VEHICLE_ID}/deferred-work")).json()
    assert (kept["kind"], kept["reason"], kept["job_id"]) == ("declined", "太贵", extra["id"])
    assert (await shop.outbox("work.deferred"))[0]["data"]["kind"] == "declined"


async def test_approved_work_cannot_be_deferred(shop):
    order = await shop.checked_in_order()
    job = await _job(shop, order["id"], BRAKES)
    await _post(shop, f"/orders/{order['id']}/authorize", json={"signed_by": "张伟"})
    r = await _post(shop, f"/jobs/{job['id']}/defer", json={"reason": "x"})
    assert r.status_code == 409


# ---- guarantee-period comeback ------------------------------------------------------------------
async def test_the_same_operation_soon_after_delivery_is_a_free_comeback(shop):
    first, _ = await _delivered(shop, {"op_code": "BRK-01"}, appointment="a-1")
    again = await shop.checked_in_order("a-2")
    job = await _job(shop, again["id"], BRAKES)
    assert job["pay_type"] == "internal" and "质量保证期" in job["pay_reason"]
    order = (await _get(shop, f"/orders/{again['id']}")).json()
    comeback = order["comeback"]
    assert comeback["of_order"] == first and comeback["free"] is True
    assert comeback["within_days"] == 0 and comeback["period_days"] == 10
    assert order["repeat_of"] == first
    (flagged,) = await shop.outbox("order.comeback_flagged")
    assert flagged["data"]["job_id"] == job["id"] and flagged["data"]["comeback"]["of_order"] == first
    other = await _job(shop, again["id"], AC)
    assert other["pay_type"] == "customer"  # another problem is paid as usual


# ---- 三包 ---------------------------------------------------------------------------------------
async def test_the_fifth_repair_of_the_same_serious_system_alerts_the_manager(shop):
    await _operation(shop, "ENG-REP", VehicleSystem.ENGINE)
    for n in range(4):
        await _delivered(shop, {"op_code": "ENG-REP"}, appointment=f"a-{n}")
    r = await _get(shop, "/sanbao-alerts", role="manager", params={"dealer_id": DEMO_DEALER_ID})
    assert r.status_code == 200 and r.json()["items"] == []
    await _delivered(shop, {"op_code": "ENG-REP"}, appointment="a-9")
    (alert,) = (await _get(shop, "/sanbao-alerts", role="manager",
                           params={"dealer_id": DEMO_DEALER_ID})).json()["items"]
    assert (alert["reason"], alert["system"], alert["count"], alert["limit"]) == (
        "same_problem", "engine", 5, 4)
    assert len(alert["order_ids"]) == 5 and alert["status"] == "open"
    (raised,) = await shop.outbox("sanbao.alert_raised")
    assert raised["data"]["alert_id"] == alert["id"]
    assert (await _get(shop, "/sanbao-alerts", params={"dealer_id": DEMO_DEALER_ID})
            ).status_code == 403  # the manager's list
    assert (await _get(shop, "/sanbao-alerts", role="manager", dealer_ids=[OTHER_DEALER_ID])
            ).json()["items"] == []
    r = await _post(shop, f"/sanbao-alerts/{alert['id']}/acknowledge", role="manager",
                    json={"note": "已联系厂家"})
    assert r.status_code == 200 and r.json()["status"] == "acknowledged"
    assert (await _post(shop, f"/sanbao-alerts/{alert['id']}/acknowledge", role="manager",
                        json={})).status_code == 409


async def test_a_second_repair_of_a_safety_fault_alerts(shop):
    await _operation(shop, "STEER-1", VehicleSystem.STEERING, safety=True)
    await _delivered(shop, {"op_code": "STEER-1"}, appointment="a-1")
    assert await shop.outbox("sanbao.alert_raised") == []
    await _delivered(shop, {"op_code": "STEER-1"}, appointment="a-2")
    (raised,) = await shop.outbox("sanbao.alert_raised")
    assert (raised["data"]["reason"], raised["data"]["count"]) == ("safety_fault", 2)
