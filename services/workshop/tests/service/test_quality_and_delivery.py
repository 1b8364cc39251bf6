"""The checks in order (self → foreman → final → pre_delivery), rework, and what delivery waits for."""

from __future__ import annotations

from datetime import datetime

import pytest

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID
from aftersales_common.messaging.inbox import PoisonEvent

W = "/api/workshop"
JOB = {"op_code": "BRK-01", "description": "更换前刹车片", "labor_hours": "1.5",
       "pay_type": "customer", "parts": [{"part_no": "BP-100", "qty": "2"}]}
CHECKERS = {"self": "technician", "foreman": "foreman", "final": "qc_inspector",
            "pre_delivery": "service_advisor"}


async def _post(shop, path, role="service_advisor", json=None, **kw):
    return await shop.client.post(f"{W}{path}", json=json, headers=shop.as_(role, **kw))


async def _finished_order(shop, jobs=1):
    order = await shop.checked_in_order()
    oid = order["id"]
    r = await _post(shop, f"/orders/{oid}/inspection",
                    json={"odometer_km": 42000, "fuel_level": 50, "notes": ""})
    assert r.status_code == 200
    ids = []
    for i in range(jobs):
        r = await _post(shop, f"/orders/{oid}/jobs", json={**JOB, "op_code": f"OP-{i}"})
        ids.append(r.json()["id"])
    assert (await _post(shop, f"/orders/{oid}/authorize", json={"signed_by": "张伟"})).status_code == 200
    for jid in ids:
        assert (await _post(shop, f"/jobs/{jid}/start", role="technician")).status_code == 200
        assert (await _post(shop, f"/jobs/{jid}/finish", role="technician")).status_code == 200
    return oid, ids


async def _qc(shop, oid, level, passed=True, role=None, **extra):
    return await _post(shop, f"/orders/{oid}/qc", role=role or CHECKERS[level],
                       json={"passed": passed, "notes": f"{level} ok" if passed else "不合格",
                             "level": level, **extra})


async def _through(shop, oid, *levels):
    """Pass these checks in turn; after the final inspection the car is washed (洗车), the step
    that makes it ready before the advisor's check."""
    r = None
    for level in levels:
        r = await _qc(shop, oid, level)
        assert r.status_code == 200, (level, r.text)
        if level == "final":
            washed = await _post(shop, f"/orders/{oid}/wash", role="technician", json={})
            assert washed.status_code == 200, washed.text
    return r.json() if r else None


async def test_a_foreman_may_not_sign_the_final_inspection(shop):
    oid, _ = await _finished_order(shop)
    await _through(shop, oid, "self", "foreman")
    r = await _qc(shop, oid, "final", role="foreman")
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    assert (await _qc(shop, oid, "final", role="technician")).status_code == 403
    assert (await _qc(shop, oid, "final")).status_code == 200


async def test_a_check_out_of_order_is_409(shop):
    oid, _ = await _finished_order(shop)
    r = await _qc(shop, oid, "final")
    assert r.status_code == 409 and r.json()["type"].endswith("qc-out-of-order")
    assert (await _qc(shop, oid, "foreman")).status_code == 409
    await _through(shop, oid, "self")
    assert (await _qc(shop, oid, "pre_delivery")).status_code == 409
    assert "order.qc_passed" not in await shop.types()


async def test_every_level_reaches_the_endpoint_and_each_check_is_recorded(shop):
    oid, _ = await _finished_order(shop)
    order = await _through(shop, oid, "self", "foreman", "final", "pre_delivery")
    checks = [(c["level"], c["passed"], c["inspector"]) for c in order["qc_checks"]]
    assert checks == [("self", True, "technician"), ("foreman", True, "foreman"),
                      ("final", True, "qc_inspector"), ("pre_delivery", True, "service_advisor")]
    assert order["qc_stage"] == "pre_delivery" and order["status"] == "qc_passed"
    assert [e["type"] for e in await shop.outbox()][-2:] == ["order.qc_passed", "vehicle.ready"]
    (passed,) = await shop.outbox("order.qc_passed")
    assert passed["data"]["qc_level"] == "final"


@pytest.mark.parametrize("level", ["self", "foreman", "final", "pre_delivery"])
async def test_a_failure_at_any_level_sends_jobs_back_and_restarts_at_self(shop, level):
    oid, (first, second) = await _finished_order(shop, jobs=2)
    levels = ["self", "foreman", "final", "pre_delivery"]
    await _through(shop, oid, *levels[:levels.index(level)])
    r = await _qc(shop, oid, level, passed=False, job_ids=[second])
    assert r.status_code == 200, r.text
    order = r.json()
    assert order["status"] == "qc_failed" and order["rework_count"] == 1
    assert {j["id"]: j["status"] for j in order["jobs"]} == {first: "finished", second: "rework"}
    assert order["qc_checks"][-1]["level"] == level and order["qc_checks"][-1]["passed"] is False
    (failed,) = await shop.outbox("order.qc_failed")
    assert failed["data"]["qc_level"] == level and failed["data"]["rework_job_ids"] == [second]
    assert (await _post(shop, f"/jobs/{second}/start", role="technician")).status_code == 200
    assert (await _post(shop, f"/jobs/{second}/finish", role="technician")).status_code == 200
    if level != "self":
        assert (await _qc(shop, oid, level)).status_code == 409  # the round starts again
    await _through(shop, oid, *levels)
    passed = await shop.outbox("order.qc_passed")
    assert len(passed) == (2 if level == "pre_delivery" else 1)


async def test_delivery_waits_for_the_pre_delivery_check_and_payment(shop):
    oid, _ = await _finished_order(shop)
    await _through(shop, oid, "self", "foreman", "final")
    await shop.feed("invoice.paid", shop.invoice(oid), source="billing")
    r = await _post(shop, f"/orders/{oid}/deliver")
    assert r.status_code == 409 and r.json()["type"].endswith("pre-delivery-check-missing")
    await _through(shop, oid, "pre_delivery")
    r = await _post(shop, f"/orders/{oid}/deliver", json={"odometer_km": 41000})
    assert r.status_code == 422 and "接车里程" in r.json()["detail"]
    r = await _post(shop, f"/orders/{oid}/deliver")
    assert r.status_code == 200 and r.json()["delivery_odometer_km"] == 42000


async def test_a_refund_that_leaves_the_invoice_unpaid_blocks_delivery_again(shop):
    oid, _ = await _finished_order(shop)
    await _through(shop, oid, "self", "foreman", "final", "pre_delivery")
    await shop.feed("invoice.paid", shop.invoice(oid), source="billing")
    await shop.feed("payment.refunded", shop.refund(oid, settled=True), source="billing")
    detail = (await shop.client.get(f"{W}/orders/{oid}", headers=shop.as_("service_advisor"))).json()
    assert detail["paid"] is True
    await shop.feed("payment.refunded", shop.refund(oid, settled=False), source="billing")
    detail = (await shop.client.get(f"{W}/orders/{oid}", headers=shop.as_("service_advisor"))).json()
    assert detail["paid"] is False
    r = await _post(shop, f"/orders/{oid}/deliver")
    assert r.status_code == 409 and r.json()["type"].endswith("not-paid")
    await shop.feed("invoice.paid", shop.invoice(oid), source="billing")
    assert (await _post(shop, f"/orders/{oid}/deliver")).status_code == 200


async def test_a_refund_without_the_settled_flag_is_dead_lettered_not_guessed(shop):
    oid, _ = await _finished_order(shop)
    data = shop.refund(oid, settled=False)
    del data["invoice_settled"]
    with pytest.raises(PoisonEvent):
        await shop.feed("payment.refunded", data, source="billing")


async def test_an_admin_reads_only_the_boards_of_their_own_dealers(shop):
    await shop.feed("appointment.checked_in", shop.checked_in("a-other", dealer_id=OTHER_DEALER_ID))
    admin = shop.as_("admin", dealer_ids=[DEMO_DEALER_ID])
    r = await shop.client.get(f"{W}/board", params={"dealer_id": OTHER_DEALER_ID}, headers=admin)
    assert r.status_code == 200 and r.json() == []
    theirs = shop.as_("admin", dealer_ids=[OTHER_DEALER_ID])
    r = await shop.client.get(f"{W}/board", params={"dealer_id": OTHER_DEALER_ID}, headers=theirs)
    assert len(r.json()) == 1


async def test_times_are_written_in_the_dealers_offset_everywhere(shop):
    oid, _ = await _finished_order(shop)
    await _through(shop, oid, "self", "foreman", "final", "pre_delivery")
    await shop.feed("invoice.paid", shop.invoice(oid), source="billing")
    posted = (await _post(shop, f"/orders/{oid}/deliver")).json()
    got = (await shop.client.get(f"{W}/orders/{oid}", headers=shop.as_("service_advisor"))).json()
    (delivered,) = await shop.outbox("vehicle.delivered")
    (ready,) = await shop.outbox("vehicle.ready")
    assert posted["delivered_at"] == got["delivered_at"] == delivered["data"]["delivered_at"]
    assert got["ready_at"] == ready["data"]["ready_at"] != got["qc_passed_at"]
    stamps = [posted["delivered_at"], posted["created_at"], got["jobs"][0]["started_at"],
              got["inspection"]["inspected_at"], got["qc_checks"][0]["created_at"],
              ready["data"]["ready_at"]]
    assert all(datetime.fromisoformat(t).utcoffset().total_seconds() == 8 * 3600 for t in stamps)
    board = (await shop.client.get(f"{W}/board", params={"dealer_id": DEMO_DEALER_ID},
                                   headers=shop.as_("foreman"))).json()
    assert all(c["created_at"].endswith("+08:00") for c in board)
