"""Technicians, dispatch by skill and load, clocking and the hours reports, over HTTP."""

from __future__ import annotations

from decimal import Decimal as D

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID

W = "/api/workshop"
JOB = {"op_code": "BRK-01", "description": "更换前刹车片 front brake pads", "labor_hours": "1.5",
       "pay_type": "customer", "parts": []}


async def _post(shop, path, role="foreman", json=None, **kw):
    return await shop.client.post(f"{W}{path}", json=json, headers=shop.as_(role, **kw))


async def _get(shop, path, role="foreman", params=None, **kw):
    return await shop.client.get(f"{W}{path}", params=params, headers=shop.as_(role, **kw))


async def _signed(shop, appointment_id="a-1", jobs=(JOB,), **overrides):
    order = await shop.checked_in_order(appointment_id, **overrides)
    ids = []
    for body in jobs:
        r = await _post(shop, f"/orders/{order['id']}/jobs", role="service_advisor", json=body)
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    r = await _post(shop, f"/orders/{order['id']}/authorize", role="service_advisor",
                    json={"signed_by": "张伟"})
    assert r.status_code == 200, r.text
    return order["id"], ids


async def _roster(shop, role="foreman", **kw):
    r = await _get(shop, "/technicians", role=role, params={"dealer_id": DEMO_DEALER_ID}, **kw)
    assert r.status_code == 200, r.text
    return {t["user_id"]: t for t in r.json()}


async def test_the_roster_is_seeded_and_kept_by_supervisors(shop):
    roster = await _roster(shop, role="service_advisor")
    assert roster["tech"]["skills"] == ["electrical", "maintenance", "mechanical"]
    assert roster["tech2"]["team"] == "钣喷组" and roster["zhou"]["active"] is False
    body = {"dealer_id": DEMO_DEALER_ID, "user_id": "sun", "name": "孙亮", "skills": ["body"],
            "team": "钣喷组", "shift_start": "08:00", "shift_end": "17:00"}
    assert (await _post(shop, "/technicians", role="technician", json=body)).status_code == 403
    r = await _post(shop, "/technicians", role="manager", json=body)
    assert r.status_code == 201 and r.json()["shift_start"] == "08:00"
    again = await _post(shop, "/technicians", json=body)
    assert again.status_code == 409 and again.json()["type"].endswith("technician-exists")
    for bad in ({"skills": []}, {"skills": ["welding"]}, {"shift_start": "25:00"},
                {"shift_start": "18:00", "shift_end": "08:00"}):
        r = await _post(shop, "/technicians", json={**body, "user_id": "x", **bad})
        assert r.status_code == 422, bad
    tid = roster["tech2"]["id"]
    change = {"name": "赵磊", "skills": ["body", "paint", "mechanical"], "team": "钣喷组",
              "shift_start": "09:00", "shift_end": "18:00", "active": True}
    r = await shop.client.put(f"{W}/technicians/{tid}", json=change, headers=shop.as_("foreman"))
    assert r.status_code == 200 and "mechanical" in r.json()["skills"]
    other = shop.as_("foreman", dealer_ids=[OTHER_DEALER_ID])
    assert (await shop.client.put(f"{W}/technicians/{tid}", json=change,
                                  headers=other)).status_code == 404
    assert (await _roster(shop, dealer_ids=[OTHER_DEALER_ID])) == {}
    r = await _post(shop, "/technicians", json={**body, "dealer_id": OTHER_DEALER_ID})
    assert r.status_code == 403


async def test_dispatch_refuses_a_technician_without_the_skill_unknown_inactive_or_elsewhere(shop):
    _, (jid,) = await _signed(shop)
    roster = await _roster(shop)
    r = await _post(shop, f"/jobs/{jid}/assign", json={"technician_id": roster["tech2"]["id"]})
    assert r.status_code == 409 and r.json()["type"].endswith("skill-mismatch")
    for body, field in (({"technician_id": "no-such-id"}, "technician_id"),
                        ({"technician_id": roster["zhou"]["id"]}, "technician_id"),
                        ({"technician": "nobody"}, "technician"), ({}, "technician_id")):
        r = await _post(shop, f"/jobs/{jid}/assign", json=body)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, body
    # a technician of another dealer is not one of this dealer's
    r = await _post(shop, "/technicians", role="foreman", dealer_ids=[OTHER_DEALER_ID], json={
        "dealer_id": OTHER_DEALER_ID, "user_id": "tech", "name": "别家技师",
        "skills": ["mechanical"]})
    assert r.status_code == 201
    r = await _post(shop, f"/jobs/{jid}/assign", json={"technician_id": r.json()["id"]})
    assert r.status_code == 422
    # another dealer's foreman does not see the job at all
    r = await _post(shop, f"/jobs/{jid}/assign", dealer_ids=[OTHER_DEALER_ID],
                    json={"technician": "tech"})
    assert r.status_code == 404
    r = await _post(shop, f"/jobs/{jid}/assign", json={"technician_id": roster["tech"]["id"]})
    assert r.status_code == 200 and r.json()["technician"] == "tech"
    (assigned,) = await shop.outbox("job.assigned")
    data = assigned["data"]
    assert (data["job_id"], data["technician"], data["technician_id"], data["assigned_by"]) == (
        jid, "tech", roster["tech"]["id"], "foreman")
    assert data["order_id"] and data["jobs"][0]["job_id"] == jid
    # older clients name the login
    r = await _post(shop, f"/jobs/{jid}/assign", json={"technician": "wang"})
    assert r.status_code == 200 and r.json()["technician"] == "wang"


async def test_the_queue_by_priority_with_suggestions_and_loads(shop):
    _, (walk_job,) = await _signed(shop, "a-1")
    waiting, (wait_job,) = await _signed(shop, "a-2", vehicle_id="v-2")
    r = await _post(shop, f"/orders/{waiting}/customer-waiting", role="service_advisor",
                    json={"customer_waiting": True})
    assert r.status_code == 200 and r.json()["customer_waiting"] is True
    assert (await _get(shop, "/dispatch", role="technician",
                       params={"dealer_id": DEMO_DEALER_ID})).status_code == 403
    assert (await _get(shop, "/dispatch", params={"dealer_id": DEMO_DEALER_ID},
                       dealer_ids=[OTHER_DEALER_ID])).status_code == 403
    board = (await _get(shop, "/dispatch", params={"dealer_id": DEMO_DEALER_ID})).json()
    assert [(q["job_id"], q["priority"]) for q in board["queue"]] == [
        (wait_job, "waiting"), (walk_job, "appointment")]
    assert board["reserve_capacity_pct"] == 10
    suggested = board["queue"][0]["suggestion"]
    assert suggested["suggested"] and "mechanical" in suggested["technician"]["skills"]
    loads = {t["technician"]["user_id"]: t for t in board["technicians"]}
    assert set(loads) >= {"tech", "tech2", "wang", "liu"} and D(loads["tech"]["held_hours"]) == 0
    # giving tech the job shows on his load and takes it off the queue
    await _post(shop, f"/jobs/{wait_job}/assign", json={"technician": "tech"})
    board = (await _get(shop, "/dispatch", params={"dealer_id": DEMO_DEALER_ID})).json()
    loads = {t["technician"]["user_id"]: t for t in board["technicians"]}
    assert D(loads["tech"]["held_hours"]) == D("1.5") and loads["tech"]["jobs"] == 1
    assert [q["job_id"] for q in board["queue"]] == [walk_job]
    ranked = (await _get(shop, f"/jobs/{walk_job}/suggestions")).json()["items"]
    assert ranked[0]["has_skill"] and ranked[0]["technician"]["user_id"] != "tech"
    assert {x["technician"]["user_id"] for x in ranked if not x["has_skill"]} == {"chen", "tech2"}
    assert all(x["has_skill"] for x in ranked[:-2])  # those without the skill come last
    assert "zhou" not in {x["technician"]["user_id"] for x in ranked}


async def test_clocking_pause_resume_finish_and_the_order_hours_after_rework(shop):
    oid, (jid,) = await _signed(shop)
    tech = {"role": "technician", "sub": "tech"}
    assert (await _post(shop, f"/jobs/{jid}/pause", json={"reason": "break"},
                        **tech)).status_code == 409
    assert (await _post(shop, f"/jobs/{jid}/start", **tech)).status_code == 200
    r = await _post(shop, f"/jobs/{jid}/pause", json={"reason": "tea"}, **tech)
    assert r.status_code == 422
    r = await _post(shop, f"/jobs/{jid}/pause", role="technician", sub="li",
                    json={"reason": "break"})
    assert r.status_code == 409 and r.json()["type"].endswith("assigned-elsewhere")
    r = await _post(shop, f"/jobs/{jid}/pause", json={"reason": "waiting_parts", "note": "等件"},
                    **tech)
    assert r.status_code == 200 and r.json()["status"] == "paused"
    assert r.json()["clock_lines"][0]["reason"] == "waiting_parts"
    r = await _post(shop, f"/jobs/{jid}/finish", json={}, **tech)
    assert r.status_code == 409 and r.json()["type"].endswith("job-paused")
    qc = await _post(shop, f"/orders/{oid}/qc", json={"passed": True, "level": "self"}, **tech)
    assert qc.status_code == 409
    assert (await _post(shop, f"/jobs/{jid}/resume", **tech)).status_code == 200
    assert (await _post(shop, f"/jobs/{jid}/finish", json={}, **tech)).status_code == 200
    first = (await _get(shop, f"/orders/{oid}", role="service_advisor")).json()["jobs"][0]
    await _post(shop, f"/orders/{oid}/qc", json={"passed": True, "level": "self"}, **tech)
    r = await _post(shop, f"/orders/{oid}/qc", json={"passed": False, "level": "foreman",
                                                      "notes": "仍有异响"})
    assert r.status_code == 200
    assert (await _post(shop, f"/jobs/{jid}/start", **tech)).status_code == 200
    assert (await _post(shop, f"/jobs/{jid}/finish", json={}, **tech)).status_code == 200

    r = await _get(shop, f"/orders/{oid}/hours", role="service_advisor")
    assert r.status_code == 200, r.text
    (job,) = r.json()["jobs"]
    assert [(x["kind"], x["end"], x["reason"]) for x in job["lines"]] == [
        ("work", "pause", "waiting_parts"), ("work", "finish", None), ("rework", "finish", None)]
    assert job["sold"] == "1.5" and not job["clocked_on"]
    assert D(job["clocked"]) == D(job["work"]) + D(job["rework"])
    again = (await _get(shop, f"/orders/{oid}", role="service_advisor")).json()["jobs"][0]
    assert again["started_at"] == first["started_at"]  # the first start is kept
    types = await shop.types()
    assert types.count("job.paused") == 1 and types.count("job.resumed") == 1
    (paused,) = await shop.outbox("job.paused")
    assert paused["data"]["reason"] == "waiting_parts" and paused["data"]["note"] == "等件"
    assert (await _get(shop, f"/orders/{oid}/hours", dealer_ids=[OTHER_DEALER_ID])).status_code == 404
    assert (await _get(shop, f"/orders/{oid}/hours", role="customer",
                       customer_id="c0000000-0000-4000-8000-000000000001")).status_code == 403

    roster = await _roster(shop)
    r = await _get(shop, f"/technicians/{roster['tech']['id']}/hours", role="manager")
    assert r.status_code == 200, r.text
    h = r.json()
    assert (h["sold"], h["jobs_finished"], h["comebacks"]) == ("1.5", 1, 1)
    assert h["technician"]["user_id"] == "tech" and "from" in h
    r = await _get(shop, f"/technicians/{roster['tech']['id']}/hours",
                   params={"from": "2026-12-09", "to": "2026-12-01"})
    assert r.status_code == 422
    r = await _get(shop, f"/technicians/{roster['tech']['id']}/hours",
                   params={"from": "2026-11-02", "to": "2026-11-08"})
    assert r.status_code == 200, r.text
    assert (r.json()["from"], r.json()["to"], r.json()["sold"]) == ("2026-11-02", "2026-11-08", "0")

    r = await _get(shop, "/kpis", role="manager", params={"dealer_id": DEMO_DEALER_ID})
    assert r.status_code == 200, r.text
    k = r.json()
    assert k["sold"] == "1.5" and k["orders_finished"] == 0  # the final check has not passed
    assert sum(d["vehicles_in"] for d in k["flow"]) == 1 and len(k["flow"]) == 7
    assert {s["stage"] for s in k["stages"]} == {"opened_to_authorized", "authorized_to_start",
                                                  "start_to_final_qc", "final_qc_to_delivered"}
    assert "promised" in k["late_note"]
    assert (await _get(shop, "/kpis", role="technician",
                       params={"dealer_id": DEMO_DEALER_ID})).status_code == 403
    assert (await _get(shop, "/kpis", params={"dealer_id": DEMO_DEALER_ID},
                       dealer_ids=[OTHER_DEALER_ID])).status_code == 403
