"""Complaints: named the same day, followed up weekly, resolved when the customer is satisfied."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from aftersales_common.auth.demo import OTHER_DEALER_ID
from aftersales_common.testing import bearer

COMPLAINTS = "/api/crm/complaints"


async def _attempt(client, task, headers, outcome, **kw):
    return await client.post(f"/api/crm/callbacks/{task['id']}/attempts",
                             json={"outcome": outcome, **kw}, headers=headers)


async def test_a_complaint_call_opens_a_complaint_that_is_named_then_followed_up_and_resolved(
        client, task, agent, outbox):
    r = await _attempt(client, task, agent, "complaint", note="异响未修好 noise not fixed")
    assert r.status_code == 201 and r.json()["task"]["outcome"] == "complaint"
    complaint_id = r.json()["complaint_id"]
    path = f"{COMPLAINTS}/{complaint_id}"
    c = (await client.get(path, headers=agent)).json()
    assert c["status"] == "unassigned" and c["description"] == "异响未修好 noise not fixed"
    assert "complaint.opened" not in [k for k, _ in await outbox()]
    early = await client.post(f"{path}/follow-ups", json={"note": "x", "customer_satisfied": True},
                              headers=agent)
    assert early.status_code == 409

    named = await client.patch(path, json={"department": "车间 workshop", "responsible": "王师傅"},
                               headers=agent)
    assert named.status_code == 200 and named.json()["status"] == "open"
    due = datetime.fromisoformat(named.json()["next_follow_up_due"])
    assert timedelta(days=6, hours=23) < due - datetime.now(UTC) <= timedelta(days=7)
    [opened] = [d for k, d in await outbox() if k == "complaint.opened"]
    assert opened["department"] == "车间 workshop" and opened["responsible"] == "王师傅"
    assert opened["task_id"] == task["id"] and opened["order_id"] == task["order_id"]

    not_yet = await client.post(f"{path}/follow-ups", headers=agent, json={
        "note": "已安排返修 rework booked", "customer_satisfied": False})
    assert not_yet.status_code == 201 and not_yet.json()["next_follow_up_due"]
    refused = await client.post(f"{path}/resolve", json={"resolution": "返修"}, headers=agent)
    assert refused.status_code == 409
    happy = await client.post(f"{path}/follow-ups", headers=agent, json={
        "note": "返修后满意 satisfied after rework", "customer_satisfied": True})
    assert happy.json()["next_follow_up_due"] is None and len(happy.json()["follow_ups"]) == 2
    done = await client.post(f"{path}/resolve", json={"resolution": "免费返修 free rework"},
                             headers=agent)
    assert done.status_code == 200 and done.json()["status"] == "resolved"
    [resolved] = [d for k, d in await outbox() if k == "complaint.resolved"]
    assert resolved["resolution"] == "免费返修 free rework"
    assert (await client.post(f"{path}/resolve", json={"resolution": "again"},
                              headers=agent)).status_code == 409
    listed = (await client.get(COMPLAINTS, params={"status": "resolved"}, headers=agent)).json()
    assert [i["id"] for i in listed["items"]] == [complaint_id]


async def test_a_dissatisfied_customer_gets_a_complaint_only_when_asked(client, task, agent, outbox):
    r = await _attempt(client, task, agent, "dissatisfied", open_complaint=True,
                       complaint={"description": "等待时间太长 waited too long",
                                  "department": "服务部 service", "responsible": "李经理"})
    assert r.status_code == 201 and r.json()["complaint_id"]
    [opened] = [d for k, d in await outbox() if k == "complaint.opened"]
    assert opened["description"] == "等待时间太长 waited too long"
    detail = (await client.get(f"/api/crm/callbacks/{task['id']}", headers=agent)).json()
    assert detail["outcome"] == "dissatisfied" and len(detail["complaints"]) == 1


async def test_open_complaint_is_only_for_unhappy_outcomes(client, task, agent):
    r = await _attempt(client, task, agent, "satisfied", open_complaint=True)
    assert r.status_code == 422


async def test_posting_a_complaint_needs_department_and_responsible(client, task, agent, outbox):
    missing = await client.post(COMPLAINTS, json={"task_id": task["id"], "description": "态度差"},
                                headers=agent)
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"department", "responsible"}
    body = {"task_id": task["id"], "description": "态度差 rude", "department": "前台 reception",
            "responsible": "张主管"}
    r = await client.post(COMPLAINTS, json=body, headers=agent)
    assert r.status_code == 201 and r.json()["status"] == "open"
    assert [k for k, _ in await outbox()].count("complaint.opened") == 1
    again = await client.post(COMPLAINTS, json=body, headers=agent)
    assert again.status_code == 409


async def test_complaints_are_scoped_to_the_dealer_and_hidden_from_customers(
        client, task, agent, settings):
    r = await _attempt(client, task, agent, "complaint")
    path = f"{COMPLAINTS}/{r.json()['complaint_id']}"
    other = bearer(settings, "manager", dealer_ids=[OTHER_DEALER_ID])
    assert (await client.get(path, headers=other)).status_code == 404
    assert (await client.patch(path, json={"department": "x", "responsible": "y"},
                               headers=other)).status_code == 404
    assert (await client.get(COMPLAINTS, headers=other)).json()["items"] == []
    zhang = bearer(settings, "customer", customer_id=task["customer_id"])
    assert (await client.get(COMPLAINTS, headers=zhang)).status_code == 403


async def test_csi_report_averages_surveys_and_lists_the_dissatisfied(
        client, runtime, events, agent, settings):
    await runtime.consumer.process(events.customer())
    tasks = []
    for _ in range(3):
        ev = events.delivered()
        await runtime.consumer.process(ev)
        r = await client.get("/api/crm/callbacks", params={"order_id": ev.data["order_id"]},
                             headers=agent)
        tasks.append(r.json()["items"][0])
    await _attempt(client, tasks[0], agent, "satisfied")
    await client.post(f"/api/crm/callbacks/{tasks[0]['id']}/survey", headers=agent, json={
        "scores": {"facilities": 8, "personnel": 9, "execution": 10, "cost": 7, "follow_up": 9}})
    await _attempt(client, tasks[1], agent, "dissatisfied", note="价格太高 too expensive")
    await client.post(f"/api/crm/callbacks/{tasks[1]['id']}/survey", headers=agent, json={
        "scores": {"facilities": 6, "personnel": 5, "execution": 7, "cost": 3, "follow_up": 6}})
    today = date.today()
    r = await client.get("/api/crm/reports/csi", headers=bearer(settings, "manager"), params={
        "from": (today - timedelta(days=1)).isoformat(), "to": (today + timedelta(days=1)).isoformat()})
    assert r.status_code == 200, r.text
    report = r.json()
    # 88.2 and 0.2×6+0.33×5+0.22×7+0.1×3+0.15×6 = 5.59 -> 55.9; mean 72.05 -> 72.1
    assert report["count"] == 2 and report["average_csi"] == "72.1"
    assert report["areas"]["cost"] == "5.0"
    [unhappy] = report["dissatisfied"]
    assert unhappy["task_id"] == tasks[1]["id"] and unhappy["customer_name"] == "张伟 Zhang Wei"
    assert unhappy["csi_score"] == "55.9"
    zhang = bearer(settings, "customer", customer_id=tasks[0]["customer_id"])
    assert (await client.get("/api/crm/reports/csi", headers=zhang)).status_code == 403


async def test_a_complaint_carries_its_category_from_the_closed_list(client, task, agent, outbox):
    body = {"task_id": task["id"], "description": "洗车不干净 car not washed",
            "department": "美容 detailing", "responsible": "赵师傅", "category": "washing"}
    bad = await client.post(COMPLAINTS, json={**body, "category": "parking"}, headers=agent)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "category"
    r = await client.post(COMPLAINTS, json=body, headers=agent)
    assert r.status_code == 201 and r.json()["category"] == "washing"
    [opened] = [d for k, d in await outbox() if k == "complaint.opened"]
    assert opened["category"] == "washing" and opened["next_follow_up_due"]
    fixed = await client.patch(f"{COMPLAINTS}/{r.json()['id']}", json={"category": "repair_quality"},
                               headers=agent)
    assert fixed.json()["category"] == "repair_quality"
