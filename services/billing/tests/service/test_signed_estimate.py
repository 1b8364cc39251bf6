"""The invoice compared with the estimate the customer signed before work; the rates announced."""

from __future__ import annotations

from sqlalchemy import select

from aftersales_common.auth.demo import DEMO_DEALER_ID
from aftersales_common.clock import new_id
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.testing import bearer
from services.billing.tests.billing_events import event, job, parts_event, qc_passed


def _authorized(order_id: str, total: str | None) -> object:
    estimate = None if total is None else {
        "labour": "450.00", "parts": "274.00", "vat": "94.12", "total": total,
        "quoted_total": total, "promised_at": "2026-12-01T17:00:00+08:00"}
    return event("order.authorized", {
        "order_id": order_id, "order_no": "RO-1", "dealer_id": DEMO_DEALER_ID,
        "appointment_id": None, "customer_id": "c", "vehicle_id": "v", "vin": "V", "plate": "P",
        "status": "authorized", "jobs": [], "reserve": [],
        **({} if estimate is None else {"estimate": estimate})})


async def _invoice(client, settings, order_id):
    r = await client.get("/api/billing/invoices", params={"order_id": order_id},
                         headers=bearer(settings, "cashier"))
    [inv] = r.json()["items"]
    return inv


async def _bill(runtime, order_id, *jobs_and_parts):
    for job_id, _hours, parts in jobs_and_parts:
        await runtime.consumer.process(parts_event("parts.issued", order_id, job_id, parts))
    await runtime.consumer.process(qc_passed(order_id, [
        job(j, h, [(p, q) for p, q, _ in parts]) for j, h, parts in jobs_and_parts]))


async def test_the_invoice_equals_the_signed_estimate_when_nothing_changed(client, settings,
                                                                           runtime):
    order, j1 = new_id(), new_id()
    assert await runtime.consumer.process(_authorized(order, "818.12"))
    await _bill(runtime, order, (j1, "1.5", [("OIL", "4", "68.50")]))
    inv = await _invoice(client, settings, order)
    assert (inv["total"], inv["estimate_total"], inv["variance"]) == ("818.12", "818.12", "0.00")


async def test_extra_work_shows_as_variance_and_unsigned_orders_have_none(client, settings,
                                                                           runtime):
    order, j1, j2 = new_id(), new_id(), new_id()
    await runtime.consumer.process(_authorized(order, "818.12"))
    await _bill(runtime, order, (j1, "1.5", [("OIL", "4", "68.50")]), (j2, "1", []))
    inv = await _invoice(client, settings, order)
    assert (inv["total"], inv["variance"]) == ("1157.12", "339.00")  # 300 + 13% VAT more
    plain = new_id()
    await runtime.consumer.process(_authorized(plain, None))  # signed before estimates existed
    await _bill(runtime, plain, (new_id(), "1", []))
    inv = await _invoice(client, settings, plain)
    assert inv["estimate_total"] is None and inv["variance"] is None


async def test_saving_the_rates_announces_them(client, settings, runtime):
    r = await client.put(f"/api/billing/dealers/{DEMO_DEALER_ID}/rates",
                         json={"labour_rate": "320.00"}, headers=bearer(settings, "manager"))
    assert r.status_code == 200, r.text
    t = runtime.tables.outbox
    async with runtime.db.session() as s:
        rows = (await s.execute(select(t.c.payload).where(t.c.type == "dealer_rates.changed")
                                .order_by(t.c.seq))).scalars().all()
    last = CloudEvent.from_json(rows[-1]).data
    assert (last["dealer_id"], last["labour_rate"], last["vat_rate"], last["currency"]) == (
        DEMO_DEALER_ID, "320.00", "0.13", "CNY")
    assert len(rows) >= 3  # the two demo dealers announced at seed, then this change
