"""Billing over HTTP: the cashier's desk, no double charge under concurrency, refunds, scoping, errors."""

from __future__ import annotations

import asyncio

from aftersales_common.auth.demo import (
    DEMO_CUSTOMER_ID,
    DEMO_DEALER_ID,
    OTHER_CUSTOMER_ID,
    OTHER_DEALER_ID,
)
from aftersales_common.clock import new_id
from aftersales_common.testing import bearer
from services.billing.tests.billing_events import job, outbox, parts_event, qc_passed


async def _invoice(client, settings, runtime, *, complete=True, customer_id=DEMO_CUSTOMER_ID):
    """An invoice of 818.12 (1.5 h x 300.00 + 4 x 68.50, VAT 13%), issued unless incomplete."""
    order, j1 = new_id(), new_id()
    if complete:
        await runtime.consumer.process(parts_event("parts.issued", order, j1, [("OIL", "4", "68.50")]))
    await runtime.consumer.process(qc_passed(order, [job(j1, "1.5", [("OIL", "4")])],
                                             customer_id=customer_id))
    r = await client.get("/api/billing/invoices", params={"order_id": order},
                         headers=bearer(settings, "cashier"))
    return r.json()["items"][0]


def _pay(client, settings, invoice_id, amount, method="wechat", headers=None, **kw):
    return client.post(f"/api/billing/invoices/{invoice_id}/payments",
                       json={"amount": amount, "method": method, **kw},
                       headers=headers or bearer(settings, "cashier"))


async def test_partial_then_full_payment_settles_and_raises_invoice_paid_once(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    assert inv["total"] == "818.12"
    r = await _pay(client, settings, inv["id"], "500.00", reference="WX-1")
    assert r.status_code == 201 and r.json()["amount"] == "500.00"
    got = (await client.get(f"/api/billing/invoices/{inv['id']}", headers=bearer(settings, "cashier"))
           ).json()
    assert (got["status"], got["paid"], got["balance"]) == ("issued", "500.00", "318.12")
    r = await _pay(client, settings, inv["id"], "318.12", method="cash")
    assert r.status_code == 201
    got = (await client.get(f"/api/billing/invoices/{inv['id']}", headers=bearer(settings, "cashier"))
           ).json()
    assert (got["status"], got["paid"], got["balance"]) == ("paid", "818.12", "0.00")
    paid = [d for t, d in await outbox(runtime) if t == "invoice.paid"]
    assert len(paid) == 1 and paid[0]["order_id"] == inv["order_id"] and paid[0]["balance"] == "0.00"
    payments = (await client.get(f"/api/billing/invoices/{inv['id']}/payments",
                                 headers=bearer(settings, "service_advisor"))).json()
    assert [p["method"] for p in payments] == ["wechat", "cash"]
    again = await _pay(client, settings, inv["id"], "1.00")
    assert again.status_code == 409


async def test_overpaying_and_paying_a_draft_are_conflicts(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    r = await _pay(client, settings, inv["id"], "818.13")
    assert r.status_code == 409 and r.json()["type"].endswith("overpayment")
    draft = await _invoice(client, settings, runtime, complete=False)
    assert draft["status"] == "draft"
    r = await _pay(client, settings, draft["id"], "10.00")
    assert r.status_code == 409 and "尚未开具" in r.json()["detail"]


async def test_two_concurrent_full_payments_charge_once(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    results = await asyncio.gather(_pay(client, settings, inv["id"], "818.12", method="card"),
                                   _pay(client, settings, inv["id"], "818.12", method="alipay"))
    assert sorted(r.status_code for r in results) == [201, 409]
    got = (await client.get(f"/api/billing/invoices/{inv['id']}", headers=bearer(settings, "cashier"))
           ).json()
    assert got["paid"] == "818.12" and got["status"] == "paid"
    assert len([t for t, _ in await outbox(runtime) if t == "invoice.paid"]) == 1


async def test_a_repeated_idempotency_key_does_not_charge_twice(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    h = {**bearer(settings, "cashier"), "Idempotency-Key": "pay-1"}
    first = await _pay(client, settings, inv["id"], "100.00", headers=h)
    second = await _pay(client, settings, inv["id"], "100.00", headers=h)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    got = (await client.get(f"/api/billing/invoices/{inv['id']}", headers=bearer(settings, "cashier"))
           ).json()
    assert got["paid"] == "100.00"


async def test_a_manager_refunds_at_most_what_was_paid(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    pay = (await _pay(client, settings, inv["id"], "818.12")).json()
    url = f"/api/billing/invoices/{inv['id']}/refunds"
    assert (await client.post(url, json={"amount": "10.00", "reason": "x"},
                              headers=bearer(settings, "cashier"))).status_code == 403
    manager = bearer(settings, "manager")
    r = await client.post(url, json={"amount": "100.00", "reason": "goodwill 客户关怀",
                                     "payment_id": pay["id"]}, headers=manager)
    assert r.status_code == 201 and r.json()["amount"] == "100.00"
    over = await client.post(url, json={"amount": "718.13", "reason": "x"}, headers=manager)
    assert over.status_code == 409
    r = await client.post(url, json={"amount": "718.12", "reason": "complaint"}, headers=manager)
    assert r.status_code == 201
    got = (await client.get(f"/api/billing/invoices/{inv['id']}", headers=manager)).json()
    assert (got["status"], got["refunded"], got["paid"]) == ("refunded", "818.12", "818.12")
    refunded = [d for t, d in await outbox(runtime) if t == "payment.refunded"]
    assert [(d["amount"], d["reason"]) for d in refunded] == [("100.00", "goodwill 客户关怀"),
                                                             ("718.12", "complaint")]
    assert refunded[0]["refund_id"] == (await client.get(url, headers=manager)).json()[0]["id"]


async def test_another_dealers_staff_see_nothing(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    other = bearer(settings, "cashier", dealer_ids=[OTHER_DEALER_ID])
    assert (await client.get(f"/api/billing/invoices/{inv['id']}", headers=other)).status_code == 404
    assert (await _pay(client, settings, inv["id"], "10.00", headers=other)).status_code == 404
    listed = await client.get("/api/billing/invoices", headers=other)
    assert listed.json()["items"] == []


async def test_staff_of_another_dealer_are_forbidden_dealer_level_commands(client, settings):
    """Defect: billing answered 404 where the other services answer 403 (require_staff_of)."""
    other = bearer(settings, "manager", dealer_ids=[OTHER_DEALER_ID])
    url = f"/api/billing/dealers/{DEMO_DEALER_ID}/rates"
    assert (await client.get(url, headers=other)).status_code == 403
    assert (await client.put(url, json={"labour_rate": "1.00"}, headers=other)).status_code == 403
    admin_elsewhere = bearer(settings, "admin", dealer_ids=[OTHER_DEALER_ID])
    assert (await client.get(url, headers=admin_elsewhere)).status_code == 403
    own = (await client.get(url, headers=bearer(settings, "manager"))).json()
    assert own["labour_rate"] == "300.00"  # the forbidden PUT changed nothing


async def test_an_admin_sees_only_its_own_dealers(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    admin = bearer(settings, "admin", dealer_ids=[OTHER_DEALER_ID])
    assert (await client.get(f"/api/billing/invoices/{inv['id']}", headers=admin)).status_code == 404
    assert (await client.get("/api/billing/invoices", headers=admin)).json()["items"] == []
    assert (await _pay(client, settings, inv["id"], "10.00", headers=admin)).status_code == 404
    mine = bearer(settings, "admin")
    assert (await client.get(f"/api/billing/invoices/{inv['id']}", headers=mine)).status_code == 200


async def test_every_time_is_written_in_the_dealers_offset(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    assert inv["issued_at"].endswith("+08:00") and inv["created_at"].endswith("+08:00")
    paid = (await _pay(client, settings, inv["id"], "818.12")).json()
    assert paid["created_at"].endswith("+08:00")
    got = (await client.get(f"/api/billing/invoices/{inv['id']}", headers=bearer(settings, "cashier"))
           ).json()
    assert got["paid_at"].endswith("+08:00")
    issued = [d for t, d in await outbox(runtime) if t == "invoice.issued"]
    assert issued[0]["issued_at"].endswith("+08:00") and issued[0]["status"] == "issued"


async def test_a_customer_sees_only_their_own_invoices_and_cannot_pay_at_the_desk(
        client, settings, runtime):
    mine = await _invoice(client, settings, runtime)
    theirs = await _invoice(client, settings, runtime, customer_id=OTHER_CUSTOMER_ID)
    me = bearer(settings, "customer", customer_id=DEMO_CUSTOMER_ID)
    assert (await client.get(f"/api/billing/invoices/{mine['id']}", headers=me)).status_code == 200
    assert (await client.get(f"/api/billing/invoices/{theirs['id']}", headers=me)).status_code == 404
    listed = (await client.get("/api/billing/invoices", headers=me)).json()["items"]
    assert [i["id"] for i in listed] == [mine["id"]]
    assert (await _pay(client, settings, mine["id"], "10.00", headers=me)).status_code == 403


async def test_invalid_payments_are_rejected_with_the_field_named(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    for body in ({"amount": "-5.00", "method": "cash"}, {"amount": "12.345", "method": "cash"},
                 {"amount": "0", "method": "cash"}, {"amount": "10.00", "method": "bitcoin"},
                 {"amount": "10.00", "method": "cash", "tip": "1"}):
        r = await client.post(f"/api/billing/invoices/{inv['id']}/payments", json=body,
                              headers=bearer(settings, "cashier"))
        assert r.status_code == 422, body
        assert r.json()["errors"][0]["field"] in ("amount", "method", "tip")
    unknown = await _pay(client, settings, new_id(), "10.00")
    assert unknown.status_code == 404


async def test_lists_page_with_a_cursor_and_filter_by_status(client, settings, runtime):
    for _ in range(3):
        await _invoice(client, settings, runtime)
    draft = await _invoice(client, settings, runtime, complete=False)
    h = bearer(settings, "manager")
    first = (await client.get("/api/billing/invoices", params={"limit": 2}, headers=h)).json()
    second = (await client.get("/api/billing/invoices",
                               params={"limit": 2, "cursor": first["next_cursor"]}, headers=h)).json()
    assert len(first["items"]) == 2 and len(second["items"]) == 2 and second["next_cursor"] is None
    drafts = (await client.get("/api/billing/invoices", params={"status": "draft"}, headers=h)).json()
    assert [i["id"] for i in drafts["items"]] == [draft["id"]]
    nos = {i["invoice_no"] for i in first["items"] + second["items"]}
    assert len(nos) == 4


async def test_managers_set_the_dealer_rates_and_the_demo_dealer_is_seeded(client, settings):
    url = f"/api/billing/dealers/{DEMO_DEALER_ID}/rates"
    seeded = (await client.get(url, headers=bearer(settings, "cashier"))).json()
    assert seeded == {"dealer_id": DEMO_DEALER_ID, "labour_rate": "300.00", "vat_rate": "0.13",
                      "currency": "CNY", "dealer_specific": True}
    assert (await client.put(url, json={"labour_rate": "320.00"},
                             headers=bearer(settings, "cashier"))).status_code == 403
    r = await client.put(url, json={"labour_rate": "320.00", "vat_rate": "0.06"},
                         headers=bearer(settings, "manager"))
    assert r.status_code == 200 and (r.json()["labour_rate"], r.json()["vat_rate"]) == ("320.00", "0.06")
    bad = await client.put(url, json={"labour_rate": "-1"}, headers=bearer(settings, "manager"))
    assert bad.status_code == 422


async def test_the_published_event_schemas_are_served(client):
    schemas = (await client.get("/api/billing/events/schemas")).json()
    assert set(schemas) == {"urn:aftersales:event:invoice.issued:v1",
                            "urn:aftersales:event:invoice.paid:v1",
                            "urn:aftersales:event:payment.refunded:v1",
                            "urn:aftersales:event:credit_note.issued:v1",
                            "urn:aftersales:event:dealer_rates.changed:v1"}
    fields = set(schemas["urn:aftersales:event:invoice.paid:v1"]["properties"])
    assert fields == {"invoice_id", "invoice_no", "order_id", "dealer_id", "customer_id", "currency",
                      "subtotal", "vat_rate", "vat", "total", "paid", "balance"}
    refunded = schemas["urn:aftersales:event:payment.refunded:v1"]
    assert {"invoice_settled", "balance_due"} <= set(refunded["required"])
    assert "InvoiceStatus" in refunded["$defs"] and "PaymentMethod" in refunded["$defs"]
    assert refunded["$defs"]["InvoiceStatus"]["enum"] == ["draft", "issued", "paid", "refunded"]
    note = schemas["urn:aftersales:event:credit_note.issued:v1"]
    assert {"credit_note_id", "credit_note_no", "invoice_id", "order_id", "dealer_id", "lines", "net",
            "vat", "total"} <= set(note["required"])
