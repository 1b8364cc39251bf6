"""Invoices from events: parts and QC arrive in either order; one invoice, issued once, when complete."""

from __future__ import annotations

from aftersales_common.clock import new_id
from aftersales_common.testing import bearer
from services.billing.tests.billing_events import job, outbox, parts_event, qc_passed


async def _invoices(client, settings, order_id):
    r = await client.get("/api/billing/invoices", params={"order_id": order_id},
                         headers=bearer(settings, "cashier"))
    assert r.status_code == 200
    return r.json()["items"]


def _types(events, order_id=None):
    return [t for t, d in events if order_id is None or d.get("order_id") == order_id]


async def test_parts_issued_before_qc_pass_gives_an_issued_invoice_at_once(client, settings, runtime):
    order, j1 = new_id(), new_id()
    await runtime.consumer.process(parts_event("parts.issued", order, j1, [("OIL", "4", "68.50")]))
    assert await _invoices(client, settings, order) == []
    await runtime.consumer.process(qc_passed(order, [job(j1, "1.5", [("OIL", "4")])]))
    [inv] = await _invoices(client, settings, order)
    assert inv["status"] == "issued" and inv["waiting_for"] == []
    assert (inv["subtotal"], inv["vat_rate"], inv["vat"], inv["total"], inv["balance"]) == (
        "724.00", "0.13", "94.12", "818.12", "818.12")
    assert [(ln["kind"], ln["amount"], ln["charged_to"]) for ln in inv["lines"]] == [
        ("labour", "450.00", "customer"), ("part", "274.00", "customer")]
    assert inv["lines"][0]["hours"] == "1.5" and inv["lines"][1]["qty"] == "4"
    events = await outbox(runtime)
    assert _types(events) == ["invoice.issued"]
    data = events[0][1]
    assert data["invoice_id"] == inv["id"] and data["total"] == "818.12" and data["balance"] == "818.12"


async def test_qc_pass_first_keeps_a_draft_that_shows_what_it_waits_for(client, settings, runtime):
    order, j1, j2 = new_id(), new_id(), new_id()
    await runtime.consumer.process(qc_passed(order, [
        job(j1, "1.5", [("OIL", "4"), ("FILTER", "1")]), job(j2, "1", [("PAD", "2")])]))
    [inv] = await _invoices(client, settings, order)
    assert inv["status"] == "draft"
    assert {(w["job_id"], w["part_no"]) for w in inv["waiting_for"]} == {
        (j1, "OIL"), (j1, "FILTER"), (j2, "PAD")}

    await runtime.consumer.process(parts_event("parts.issued", order, j1,
                                               [("OIL", "4", "68.50"), ("FILTER", "1", "45.00")]))
    [inv] = await _invoices(client, settings, order)
    assert inv["status"] == "draft" and [w["part_no"] for w in inv["waiting_for"]] == ["PAD"]
    assert _types(await outbox(runtime)) == []

    last = parts_event("parts.issued", order, j2, [("PAD", "2", "150.00")])
    await runtime.consumer.process(last)
    assert await runtime.consumer.process(last) is False  # redelivery changes nothing
    [inv] = await _invoices(client, settings, order)
    assert inv["status"] == "issued" and inv["waiting_for"] == []
    # 450 + 274 + 45 + 300 + 300 = 1369.00; VAT 177.97
    assert (inv["subtotal"], inv["vat"], inv["total"]) == ("1369.00", "177.97", "1546.97")
    assert _types(await outbox(runtime)) == ["invoice.issued"]


async def test_a_second_qc_pass_does_not_create_a_second_invoice(client, settings, runtime):
    order, j1 = new_id(), new_id()
    first = qc_passed(order, [job(j1, "1")])
    await runtime.consumer.process(first)
    assert await runtime.consumer.process(first) is False
    await runtime.consumer.process(qc_passed(order, [job(j1, "1")]))  # same order, new event id
    invoices = await _invoices(client, settings, order)
    assert len(invoices) == 1 and invoices[0]["status"] == "issued"
    assert _types(await outbox(runtime)) == ["invoice.issued"]


async def test_returned_parts_are_not_invoiced_and_are_awaited_again(client, settings, runtime):
    order, j1 = new_id(), new_id()
    await runtime.consumer.process(parts_event("parts.issued", order, j1, [("OIL", "5", "68.50")]))
    await runtime.consumer.process(parts_event("parts.returned", order, j1, [("OIL", "2", "68.50")]))
    await runtime.consumer.process(qc_passed(order, [job(j1, "1", [("OIL", "4")])]))
    [inv] = await _invoices(client, settings, order)
    assert inv["status"] == "draft"
    assert inv["waiting_for"] == [{"job_id": j1, "part_no": "OIL", "qty_needed": "4",
                                   "qty_issued": "3"}]
    await runtime.consumer.process(parts_event("parts.issued", order, j1, [("OIL", "1", "68.50")]))
    [inv] = await _invoices(client, settings, order)
    assert inv["status"] == "issued"
    assert [ln["qty"] for ln in inv["lines"] if ln["kind"] == "part"] == ["4"]


async def test_warranty_work_is_explained_and_a_free_invoice_is_settled_at_once(
        client, settings, runtime):
    order, j1 = new_id(), new_id()
    await runtime.consumer.process(parts_event("parts.issued", order, j1, [("PUMP", "1", "880.00")]))
    await runtime.consumer.process(qc_passed(order, [job(j1, "2", [("PUMP", "1")],
                                                         pay_type="warranty")]))
    [inv] = await _invoices(client, settings, order)
    assert inv["status"] == "paid" and inv["total"] == "0.00"
    assert [(ln["amount"], ln["charged_to"], ln["customer_amount"]) for ln in inv["lines"]] == [
        ("600.00", "warranty", "0.00"), ("880.00", "warranty", "0.00")]
    assert inv["warranty_amount"] == "1480.00"
    assert _types(await outbox(runtime)) == ["invoice.issued", "invoice.paid"]


async def test_the_dealers_labour_rate_and_vat_setting_are_used(client, tmp_path):
    from aftersales_common.testing import running_client
    from billing.bootstrap import create_app
    from billing.config import BillingSettings

    settings = BillingSettings(data_dir=tmp_path / "vat", app_env="test", vat_rate="0.09")
    async with running_client(create_app(settings)) as c:
        rt = c._transport.app.state.runtime
        h = bearer(settings, "manager")
        r = await c.put(f"/api/billing/dealers/{'d0000000-0000-4000-8000-000000000001'}/rates",
                        json={"labour_rate": "333.33"}, headers=h)
        assert r.status_code == 200 and r.json()["vat_rate"] == "0.09"
        order = new_id()
        await rt.consumer.process(qc_passed(order, [job(new_id(), "1.3")]))
        [inv] = await _invoices(c, settings, order)
        assert (inv["labour_rate"], inv["subtotal"], inv["vat_rate"], inv["vat"], inv["total"]) == (
            "333.33", "433.33", "0.09", "39.00", "472.33")
