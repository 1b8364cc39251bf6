"""The callback desk over HTTP: attempts, the CSI survey, complaints, scoping, the report."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, DEMO_DEALER_ID, OTHER_DEALER_ID
from aftersales_common.testing import bearer
from crm.config import CrmSettings

KNOWN = {"facilities": 8, "personnel": 9, "execution": 10, "cost": 7, "follow_up": 9}
ALL_TEN = dict.fromkeys(KNOWN, 10)


async def _attempt(client, task, headers, outcome, **kw):
    return await client.post(f"/api/crm/callbacks/{task['id']}/attempts",
                             json={"outcome": outcome, **kw}, headers=headers)


async def _survey(client, task, headers, scores, **kw):
    return await client.post(f"/api/crm/callbacks/{task['id']}/survey",
                             json={"scores": scores, **kw}, headers=headers)


async def test_a_satisfied_customer_completes_the_task_and_a_later_attempt_is_refused(
        client, task, agent, outbox):
    r = await _attempt(client, task, agent, "call_back_later", note="在开会 in a meeting")
    assert r.status_code == 201 and r.json()["task"]["status"] == "open"
    r = await _attempt(client, task, agent, "satisfied", note="客户满意", number_called="13800138000")
    assert r.status_code == 201
    body = r.json()
    assert body["outcome"] == "satisfied" and body["day_part"] in ("morning", "afternoon", "evening")
    assert body["task"]["status"] == "completed" and body["task"]["outcome"] == "satisfied"
    assert body["task"]["attempts_count"] == 2
    late = await _attempt(client, task, agent, "no_answer")
    assert late.status_code == 409 and late.headers["content-type"] == "application/problem+json"
    completed = [d for k, d in await outbox() if k == "callback.completed"]
    assert len(completed) == 1 and completed[0]["outcome"] == "satisfied"
    detail = (await client.get(f"/api/crm/callbacks/{task['id']}", headers=agent)).json()
    assert [a["outcome"] for a in detail["attempts"]] == ["call_back_later", "satisfied"]


async def test_three_unanswered_attempts_request_one_sms_and_mark_the_task_unreachable(
        client, task, agent, outbox):
    for outcome in ("no_answer", "busy"):
        assert (await _attempt(client, task, agent, outcome)).json()["task"]["status"] == "open"
    third = (await _attempt(client, task, agent, "wrong_number")).json()
    assert third["task"]["status"] == "unreachable" and third["task"]["sms_requested_at"]
    await _attempt(client, task, agent, "no_answer")
    sms = [d for k, d in await outbox() if k == "callback.sms_requested"]
    assert len(sms) == 1
    assert sms[0]["phone"] == "+8613800138000" and sms[0]["template"] == "callback_unreachable"
    assert sms[0]["task_id"] == task["id"] and sms[0]["customer_id"] == DEMO_CUSTOMER_ID
    # the customer calls back after the SMS: reached, the task is done
    back = await _attempt(client, task, agent, "satisfied")
    assert back.json()["task"]["status"] == "completed"


async def test_no_sms_to_a_customer_who_refused_sms(client, runtime, events, task, agent, outbox):
    await runtime.consumer.process(events.customer(type_="customer.updated", sms_opt_out=True))
    for _ in range(3):
        await _attempt(client, task, agent, "no_answer")
    assert "callback.sms_requested" not in [k for k, _ in await outbox()]


async def test_an_unknown_outcome_is_invalid(client, task, agent):
    r = await _attempt(client, task, agent, "hung_up")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "outcome"


async def test_the_survey_weights_the_five_areas(client, task, agent, outbox):
    await _attempt(client, task, agent, "satisfied")
    r = await _survey(client, task, agent, KNOWN, comment="服务很好")
    assert r.status_code == 201
    assert r.json()["csi_score"] == "88.2" and r.json()["scores"] == KNOWN
    assert Decimal(r.json()["weights"]["personnel"]) == Decimal("0.33")
    detail = (await client.get(f"/api/crm/callbacks/{task['id']}", headers=agent)).json()
    assert detail["csi_score"] == "88.2" and detail["survey"]["comment"] == "服务很好"
    again = await _survey(client, task, agent, ALL_TEN)
    assert again.status_code == 409
    # completed by the call, then again with the score (consumers keep the latest)
    completed = [d for k, d in await outbox() if k == "callback.completed"]
    assert [c["csi_score"] for c in completed] == [None, "88.2"]


async def test_a_survey_on_an_open_task_completes_it(client, task, agent, outbox):
    r = await _survey(client, task, agent, ALL_TEN)
    assert r.status_code == 201 and r.json()["csi_score"] == "100.0"
    detail = (await client.get(f"/api/crm/callbacks/{task['id']}", headers=agent)).json()
    assert detail["status"] == "completed" and detail["outcome"] == "surveyed"
    [completed] = [d for k, d in await outbox() if k == "callback.completed"]
    assert completed["csi_score"] == "100.0" and completed["status"] == "completed"


@pytest.mark.parametrize("scores", [
    {k: v for k, v in KNOWN.items() if k != "follow_up"}, {**KNOWN, "cost": 11},
    {**KNOWN, "cost": 7.5}, {**KNOWN, "cost": "7"}, {**KNOWN, "parking": 3},
])
async def test_a_survey_needs_all_five_areas_as_integers_0_to_10(client, task, agent, scores):
    r = await _survey(client, task, agent, scores)
    assert r.status_code == 422


async def test_custom_weights_from_the_settings(tmp_path, events, make_client):
    settings = CrmSettings(data_dir=tmp_path, app_env="test", csi_weights=dict.fromkeys(
        KNOWN, Decimal("0.2")))
    async with make_client(settings) as client:
        await client._transport.app.state.runtime.consumer.process(events.delivered())
        h = bearer(settings, "callback_agent")
        [task] = (await client.get("/api/crm/callbacks", headers=h)).json()["items"]
        r = await _survey(client, task, h, KNOWN)
        assert r.json()["csi_score"] == "86.0"


async def test_customers_may_not_see_tasks(client, task, settings):
    zhang = bearer(settings, "customer", customer_id=DEMO_CUSTOMER_ID)
    assert (await client.get("/api/crm/callbacks", headers=zhang)).status_code == 403
    assert (await client.get(f"/api/crm/callbacks/{task['id']}", headers=zhang)).status_code == 403
    assert (await _attempt(client, task, zhang, "satisfied")).status_code == 403
    assert (await client.get("/api/crm/callbacks")).status_code == 401


async def test_another_dealers_agent_sees_nothing(client, task, settings):
    other = bearer(settings, "callback_agent", dealer_ids=[OTHER_DEALER_ID])
    assert (await client.get(f"/api/crm/callbacks/{task['id']}", headers=other)).status_code == 404
    assert (await _attempt(client, task, other, "satisfied")).status_code == 404
    assert (await _survey(client, task, other, ALL_TEN)).status_code == 404
    listed = await client.get("/api/crm/callbacks", params={"order_id": task["order_id"]},
                              headers=other)
    assert listed.status_code == 200 and listed.json()["items"] == []
    asked = await client.get("/api/crm/callbacks", params={"dealer_id": DEMO_DEALER_ID},
                             headers=other)
    assert asked.json()["items"] == []


async def test_advisors_read_but_do_not_call(client, task, settings):
    advisor = bearer(settings, "service_advisor")
    assert (await client.get(f"/api/crm/callbacks/{task['id']}", headers=advisor)).status_code == 200
    assert (await _attempt(client, task, advisor, "satisfied")).status_code == 403
    manager = bearer(settings, "manager")
    assert (await _attempt(client, task, manager, "satisfied")).status_code == 201


async def test_the_list_pages_with_a_cursor(client, runtime, events, agent):
    for _ in range(3):
        await runtime.consumer.process(events.delivered())
    first = (await client.get("/api/crm/callbacks", params={"limit": 2}, headers=agent)).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = (await client.get("/api/crm/callbacks", params={
        "limit": 2, "cursor": first["next_cursor"]}, headers=agent)).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    due = (datetime.fromisoformat("2026-03-05T15:00:00+08:00") + timedelta(seconds=1)).isoformat()
    assert len((await client.get("/api/crm/callbacks", params={"due_before": due},
                                 headers=agent)).json()["items"]) == 3


async def test_concurrent_unanswered_attempts_still_send_one_sms(client, task, agent, outbox):
    results = await asyncio.gather(*[_attempt(client, task, agent, "no_answer") for _ in range(5)])
    assert [r.status_code for r in results] == [201] * 5
    assert [k for k, _ in await outbox()].count("callback.sms_requested") == 1
    detail = (await client.get(f"/api/crm/callbacks/{task['id']}", headers=agent)).json()
    assert detail["attempts_count"] == 5 and detail["unanswered_attempts"] == 5


def _local(value: str) -> datetime:
    """A time as written on the wire, checked to be in the dealer's offset (+08:00)."""
    assert value.endswith("+08:00"), value
    return datetime.fromisoformat(value)


async def test_every_time_is_written_in_the_dealers_offset(client, task, agent, outbox):
    for key in ("delivered_at", "callable_from", "due_at", "created_at"):
        _local(task[key])
    assert _local(task["delivered_at"]) == datetime.fromisoformat("2026-03-02T15:00:00+08:00")
    logged = (await _attempt(client, task, agent, "complaint", note="异响")).json()
    _local(logged["created_at"])
    _local(logged["task"]["completed_at"])
    survey = (await _survey(client, task, agent, KNOWN)).json()
    _local(survey["created_at"])
    detail = (await client.get(f"/api/crm/callbacks/{task['id']}", headers=agent)).json()
    _local(detail["attempts"][0]["created_at"])
    _local(detail["completed_at"])
    complaint = (await client.patch(f"/api/crm/complaints/{logged['complaint_id']}", headers=agent,
                                    json={"department": "车间", "responsible": "王师傅"})).json()
    for key in ("assign_by", "next_follow_up_due", "created_at"):
        _local(complaint[key])
    published = dict((k, d) for k, d in await outbox())
    assert _local(published["callback.scheduled"]["due_at"]) == _local(task["due_at"])
    _local(published["callback.completed"]["completed_at"])
    _local(published["complaint.opened"]["next_follow_up_due"])


async def test_an_admin_sees_and_acts_only_for_their_own_dealers(client, task, settings):
    stranger = bearer(settings, "admin", dealer_ids=[OTHER_DEALER_ID])
    assert (await client.get(f"/api/crm/callbacks/{task['id']}", headers=stranger)).status_code == 404
    assert (await _attempt(client, task, stranger, "satisfied")).status_code == 404
    assert (await _survey(client, task, stranger, ALL_TEN)).status_code == 404
    assert (await client.get("/api/crm/callbacks", headers=stranger)).json()["items"] == []
    asked = await client.get("/api/crm/callbacks", params={"dealer_id": DEMO_DEALER_ID},
                             headers=stranger)
    assert asked.json()["items"] == []
    report = (await client.get("/api/crm/reports/csi", params={"dealer_id": DEMO_DEALER_ID},
                               headers=stranger)).json()
    assert report["dealer_ids"] == [] and report["count"] == 0
    complaint = await client.post("/api/crm/complaints", headers=stranger, json={
        "task_id": task["id"], "description": "x", "department": "d", "responsible": "r"})
    assert complaint.status_code == 404
    own = bearer(settings, "admin")
    assert (await _attempt(client, task, own, "satisfied")).status_code == 201
