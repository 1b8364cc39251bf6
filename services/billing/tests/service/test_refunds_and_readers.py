"""Refunds that leave the invoice due again; local-year numbers; readers that refuse to guess."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from aftersales_common.clock import new_id
from aftersales_common.testing import bearer
from billing.readers import QcPassedRead
from billing.service import reactions
from services.billing.tests.billing_events import event, job, outbox, parts_event, qc_passed


async def _issued(client, settings, runtime):
    order, j1 = new_id(), new_id()
    await runtime.consumer.process(parts_event("parts.issued", order, j1, [("OIL", "4", "68.50")]))
    await runtime.consumer.process(qc_passed(order, [job(j1, "1.5", [("OIL", "4")])]))
    [inv] = (await client.get("/api/billing/invoices", params={"order_id": order},
                              headers=bearer(settings, "cashier"))).json()["items"]
    return inv


async def test_a_refund_that_leaves_the_invoice_unpaid_says_so_and_payment_settles_it_again(
        client, settings, runtime):
    inv = await _issued(client, settings, runtime)
    url = f"/api/billing/invoices/{inv['id']}"
    cashier, manager = bearer(settings, "cashier"), bearer(settings, "manager")
    pay = (await client.post(f"{url}/payments", json={"amount": "818.12", "method": "card"},
                             headers=cashier)).json()
    r = await client.post(f"{url}/refunds", json={"amount": "100.00", "reason": "card reversed",
                                                  "payment_id": pay["id"]}, headers=manager)
    assert r.status_code == 201
    [refunded] = [d for t, d in await outbox(runtime) if t == "payment.refunded"]
    assert refunded["invoice_settled"] is False and refunded["balance_due"] == "100.00"
    assert refunded["status"] == "issued" and refunded["method"] == "card"
    assert refunded["refunded_at"].endswith("+08:00")
    got = (await client.get(url, headers=cashier)).json()
    assert (got["status"], got["balance_due"]) == ("issued", "100.00")
    assert (await client.post(f"{url}/payments", json={"amount": "100.01", "method": "cash"},
                              headers=cashier)).status_code == 409
    assert (await client.post(f"{url}/payments", json={"amount": "100.00", "method": "cash"},
                              headers=cashier)).status_code == 201
    assert [t for t, _ in await outbox(runtime)][-1] == "invoice.paid"
    assert (await client.get(url, headers=cashier)).json()["status"] == "paid"


async def test_refunding_a_credit_note_keeps_the_invoice_settled(client, settings, runtime):
    inv = await _issued(client, settings, runtime)
    url = f"/api/billing/invoices/{inv['id']}"
    await client.post(f"{url}/payments", json={"amount": "818.12", "method": "wechat"},
                      headers=bearer(settings, "cashier"))
    await runtime.consumer.process(parts_event("parts.returned", inv["order_id"],
                                               inv["lines"][1]["job_id"], [("OIL", "1", "68.50")]))
    note = (await client.get(url, headers=bearer(settings, "cashier"))).json()["credit_notes"][0]
    assert note["total"] == "77.41"  # 68.50 + 8.905 -> 8.91 VAT
    r = await client.post(f"{url}/refunds", json={"amount": note["total"], "reason": "oil returned"},
                          headers=bearer(settings, "manager"))
    assert r.status_code == 201
    [refunded] = [d for t, d in await outbox(runtime) if t == "payment.refunded"]
    assert refunded["invoice_settled"] is True and refunded["balance_due"] == "0.00"


async def test_invoice_and_credit_note_numbers_follow_the_dealers_local_year(client, settings, runtime):
    new_year_in_shanghai = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)  # 2027-01-01 01:30 +08:00
    order, j1 = new_id(), new_id()
    qc = qc_passed(order, [job(j1, "1")])
    async with runtime.uow() as uow:
        await reactions.on_qc_passed(uow, QcPassedRead.model_validate(qc.data), qc, settings=settings,
                                     now=lambda: new_year_in_shanghai)
    [inv] = (await client.get("/api/billing/invoices", params={"order_id": order},
                              headers=bearer(settings, "cashier"))).json()["items"]
    assert inv["invoice_no"] == "INV2027-000001"
    assert inv["issued_at"] == "2027-01-01T01:30:00+08:00"
    [(_, issued)] = [(t, d) for t, d in await outbox(runtime) if t == "invoice.issued"]
    assert issued["invoice_no"] == "INV2027-000001"


async def _dead_letters_after(runtime, raw_event):
    before = len(await runtime.consumer.list_dead_letters())
    await runtime.consumer.deliver("aftersales.workshop", raw_event.to_json())
    return len(await runtime.consumer.list_dead_letters()) - before


async def test_a_qc_pass_without_labour_hours_or_pay_type_is_dead_lettered(client, settings, runtime):
    for missing in ("labor_hours", "pay_type"):
        order, j1 = new_id(), new_id()
        job_data = job(j1, "1.5")
        del job_data[missing]
        assert await _dead_letters_after(runtime, qc_passed(order, [job_data])) == 1, missing
        items = (await client.get("/api/billing/invoices", params={"order_id": order},
                                  headers=bearer(settings, "cashier"))).json()["items"]
        assert items == []  # never priced with a guessed 0 h or "customer"


async def test_parts_issued_without_a_unit_price_is_dead_lettered(client, settings, runtime):
    issued = parts_event("parts.issued", new_id(), new_id(), [("OIL", "4", "68.50")])
    del issued.data["lines"][0]["unit_price"]
    assert await _dead_letters_after(runtime, issued) == 1
    returned = parts_event("parts.returned", new_id(), new_id(), [("OIL", "1", "68.50")])
    del returned.data["lines"][0]["unit_price"]
    assert await _dead_letters_after(runtime, returned) == 1


async def test_a_v2_event_is_dead_lettered_not_guessed_at(client, settings, runtime):
    order, j1 = new_id(), new_id()
    v2 = qc_passed(order, [job(j1, "1")])
    v2.dataschema = "urn:aftersales:event:order.qc_passed:v2"
    assert await _dead_letters_after(runtime, v2) == 1
    [letter] = [d for d in await runtime.consumer.list_dead_letters() if d["event_id"] == v2.id]
    assert "v2" in letter["error"]
    unknown_pay_type = qc_passed(new_id(), [job(new_id(), "1", pay_type="goodwill")])
    assert await _dead_letters_after(runtime, unknown_pay_type) == 1
    ok = event("order.qc_passed", {**qc_passed(order, [job(j1, "1")]).data})
    assert await _dead_letters_after(runtime, ok) == 0
    assert Decimal((await client.get("/api/billing/invoices", params={"order_id": order},
                                     headers=bearer(settings, "cashier"))).json()["items"][0]["total"]) > 0
