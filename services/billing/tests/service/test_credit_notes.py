"""Parts returned after issue: a credit note, never an edited invoice; before issue: off the draft."""

from __future__ import annotations

from aftersales_common.clock import new_id
from aftersales_common.testing import bearer
from services.billing.tests.billing_events import job, outbox, parts_event, qc_passed


async def _issued_390_42(client, settings, runtime, *, pay_type="customer"):
    """1 h x 300.00 + FILTER 45.50 = 345.50, VAT 44.92, total 390.42 (the golden path's bill)."""
    order, j1 = new_id(), new_id()
    await runtime.consumer.process(parts_event("parts.issued", order, j1, [("FILTER", "1", "45.50")]))
    await runtime.consumer.process(qc_passed(order, [job(j1, "1", [("FILTER", "1")], pay_type=pay_type)]))
    [inv] = (await client.get("/api/billing/invoices", params={"order_id": order},
                              headers=bearer(settings, "cashier"))).json()["items"]
    return order, j1, inv


def _returned(order, job_id, lines):
    event = parts_event("parts.returned", order, job_id or "x", lines)
    if job_id is None:
        del event.data["job_id"]
    return event


async def test_a_part_returned_after_issue_is_credited_and_the_invoice_is_untouched(
        client, settings, runtime):
    order, j1, before = await _issued_390_42(client, settings, runtime)
    assert (before["status"], before["total"]) == ("issued", "390.42")
    await runtime.consumer.process(_returned(order, j1, [("FILTER", "1", "45.50")]))

    h = bearer(settings, "cashier")
    after = (await client.get(f"/api/billing/invoices/{before['id']}", headers=h)).json()
    for name in ("status", "invoice_no", "subtotal", "vat", "total", "lines"):
        assert after[name] == before[name], name  # never an edited invoice
    [note] = after["credit_notes"]
    assert note["credit_note_no"].startswith("CN") and note["credit_note_no"] != after["invoice_no"]
    assert (note["net"], note["vat"], note["total"]) == ("45.50", "5.92", "51.42")
    assert [(ln["part_no"], ln["qty"], ln["amount"]) for ln in note["lines"]] == [("FILTER", "1", "45.50")]
    assert note["issued_at"].endswith("+08:00")
    assert (after["credited"], after["balance_due"]) == ("51.42", "339.00")

    listed = (await client.get("/api/billing/credit-notes", params={"invoice_id": before["id"]},
                               headers=h)).json()["items"]
    assert [n["id"] for n in listed] == [note["id"]]
    [data] = [d for t, d in await outbox(runtime) if t == "credit_note.issued"]
    assert {k: data[k] for k in ("credit_note_id", "credit_note_no", "invoice_id", "order_id",
                                 "net", "vat", "total")} == {
        "credit_note_id": note["id"], "credit_note_no": note["credit_note_no"],
        "invoice_id": before["id"], "order_id": order, "net": "45.50", "vat": "5.92", "total": "51.42"}
    assert data["dealer_id"] == before["dealer_id"] and len(data["lines"]) == 1

    # The customer pays what is left after the credit, never the credited part.
    pay = f"/api/billing/invoices/{before['id']}/payments"
    assert (await client.post(pay, json={"amount": "390.42", "method": "cash"}, headers=h)).status_code == 409
    assert (await client.post(pay, json={"amount": "339.00", "method": "cash"}, headers=h)).status_code == 201
    assert [t for t, _ in await outbox(runtime)][-1] == "invoice.paid"


async def test_a_return_without_a_job_id_and_a_redelivery_credit_once(client, settings, runtime):
    order, _, inv = await _issued_390_42(client, settings, runtime)
    event = _returned(order, None, [("FILTER", "1", "45.50")])
    assert await runtime.consumer.process(event) is True
    assert await runtime.consumer.process(event) is False
    # A second return of the same part cannot be credited again: only one was invoiced.
    await runtime.consumer.process(_returned(order, None, [("FILTER", "1", "45.50")]))
    got = (await client.get(f"/api/billing/invoices/{inv['id']}", headers=bearer(settings, "cashier"))
           ).json()
    assert len(got["credit_notes"]) == 1


async def test_a_returned_warranty_part_needs_no_credit_note(client, settings, runtime):
    order, j1, inv = await _issued_390_42(client, settings, runtime, pay_type="warranty")
    await runtime.consumer.process(_returned(order, j1, [("FILTER", "1", "45.50")]))
    got = (await client.get(f"/api/billing/invoices/{inv['id']}", headers=bearer(settings, "cashier"))
           ).json()
    assert got["credit_notes"] == [] and got["status"] == "paid"
    assert "credit_note.issued" not in [t for t, _ in await outbox(runtime)]


async def test_a_part_returned_before_issue_leaves_the_draft(client, settings, runtime):
    order, j1, j2 = new_id(), new_id(), new_id()
    await runtime.consumer.process(qc_passed(order, [job(j1, "1", [("OIL", "4")]),
                                                     job(j2, "1", [("PAD", "2")])]))
    await runtime.consumer.process(parts_event("parts.issued", order, j1, [("OIL", "5", "68.50")]))
    await runtime.consumer.process(_returned(order, j1, [("OIL", "1", "68.50")]))
    [draft] = (await client.get("/api/billing/invoices", params={"order_id": order},
                                headers=bearer(settings, "cashier"))).json()["items"]
    assert draft["status"] == "draft" and draft["credit_notes"] == []
    assert [(ln["part_no"], ln["qty"]) for ln in draft["lines"] if ln["kind"] == "part"] == [("OIL", "4")]
    assert [t for t, _ in await outbox(runtime)] == []
