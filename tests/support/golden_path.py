"""The 16 steps of contract.md's golden path, driven only through HTTP.

Used by the integration tests (embedded and distributed) and by the benchmark.
"""

from __future__ import annotations

import asyncio
import random
import string
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aftersales_common.auth.demo import DEMO_DEALER_ID
from tests.support.api import Api, eventually, watch

VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
CENT = Decimal("0.01")


def _fen(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def random_vin(rng: random.Random) -> str:
    return "".join(rng.choice(VIN_CHARS) for _ in range(17))


def random_mobile(rng: random.Random) -> str:
    return "139" + "".join(rng.choice(string.digits) for _ in range(8))


@dataclass
class Trace:
    """What one lifecycle produced, and how long each step took."""

    ids: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


async def _watch(api: Api, path: str, until: Any, **kw: Any) -> Any:
    """`watch`, patient as this module's `eventually` (a test may patch it to be more so)."""
    return await watch(api, path, until, poller=eventually, **kw)


def _first(page: Any) -> Any:
    """A page's first item, or None when it is empty."""
    return page["items"][0] if page["items"] else None


def _all_in(status: str) -> Any:
    """A page whose items all have `status` (and at least one), else None."""
    def check(page: Any) -> Any:
        items = page["items"]
        return items if items and all(i["status"] == status for i in items) else None
    return check


def _ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, f"{r.request.method} {r.request.url} -> {r.status_code} {r.text}"
    return r.json()


async def run_golden_path(api: Api, *, index: int = 0, seed: int | None = None,
                          with_rework: bool = False, day_offset: int = 2,
                          existing: tuple[str, str] | None = None, slot_shift: int = 0) -> Trace:
    """Carry one car from booking to the follow-up call; assert every promise on the way.

    `slot_shift`: try the day's free slots starting from that one (rotated), so that many
    lifecycles booking the same day at once spread over its slots instead of racing for
    the first (the benchmark).
    """
    rng = random.Random(seed if seed is not None else index)
    t = Trace()
    dealer = DEMO_DEALER_ID
    started = time.perf_counter()

    def lap(name: str) -> None:
        t.timings[name] = time.perf_counter() - started

    # Parts needs a catalogue and stock to get there.
    part_no = f"GP-{index}-{rng.randrange(10**9)}"
    _ok(await api.post("/api/parts/parts", as_="parts", json={
        "part_no": part_no, "name": "机油滤清器 oil filter", "unit_price": "45.50",
        "unit_cost": "20.00", "dealer_id": dealer}), 201)
    _ok(await api.post("/api/parts/receipts", as_="parts", json={
        "part_no": part_no, "qty": "5", "dealer_id": dealer}), 201)

    # 1-2. customer and vehicle
    if existing:  # a known customer and vehicle (e.g. a demo customer with a login)
        customer = _ok(await api.get(f"/api/booking/customers/{existing[0]}", as_="advisor"))
        vehicle = _ok(await api.get(f"/api/booking/vehicles/{existing[1]}", as_="advisor"))
    else:
        customer = _ok(await api.post("/api/booking/customers", as_="advisor", json={
            "name": f"测试客户 {index}", "phone": random_mobile(rng), "dealer_id": dealer}), 201)
        vehicle = _ok(await api.post("/api/booking/vehicles", as_="advisor", json={
            "customer_id": customer["id"], "vin": random_vin(rng), "plate": f"沪A{index:05d}",
            "model": "VW Lavida", "dealer_id": dealer}), 201)
    t.ids.update(customer=customer["id"], vehicle=vehicle["id"])
    lap("registered")

    # 3-4. a free slot, booked
    appointment = None
    for extra in range(60):
        day = (date.today() + timedelta(days=day_offset + extra)).isoformat()
        slots = _ok(await api.get("/api/booking/slots", as_="advisor", params={
            "dealer_id": dealer, "date": day, "service_type": "maintenance"}))
        free = [s for s in slots if s["free"] > 0]
        if free:
            shift = slot_shift % len(free)
            free = free[shift:] + free[:shift]
        for slot in free:
            r = await api.post("/api/booking/appointments", as_="advisor", json={
                "customer_id": customer["id"], "vehicle_id": vehicle["id"], "start": slot["start"],
                "service_type": "maintenance", "concern": "保养，刹车有异响 brakes squeal"})
            if r.status_code == 201:
                appointment = r.json()
                break
            assert r.status_code == 409, r.text  # full meanwhile: try the next one
        if appointment:
            break
    assert appointment, "no free slot found"
    t.ids["appointment"] = appointment["id"]
    lap("booked")

    # 5-6. check-in opens the repair order (eventually)
    _ok(await api.post(f"/api/booking/appointments/{appointment['id']}/check-in", as_="advisor"))

    order = await _watch(api, "/api/workshop/orders", _first, as_="advisor", what="order.opened",
                         params={"appointment_id": appointment["id"]})
    order_id = order["id"]
    t.ids["order"] = order_id
    lap("order_opened")

    # 7-9. walk-around, job, authorisation (parts reserved)
    _ok(await api.post(f"/api/workshop/orders/{order_id}/inspection", as_="advisor", json={
        "odometer_km": 23500, "fuel_level": 50, "notes": "左前门轻微划痕 scratch on left front door"}))
    # A known vehicle may have had this same service delivered earlier in the run (one cluster for
    # the whole session): the same operation again inside its guarantee period would rightly be
    # flagged a free comeback, so a run on a known vehicle does an operation of its own.
    op_code = f"GP-CHECK-{index}" if existing else "MNT-10K"
    job = _ok(await api.post(f"/api/workshop/orders/{order_id}/jobs", as_="advisor", json={
        "op_code": op_code, "description": "10,000 km maintenance 一万公里保养",
        "labor_hours": "1.5", "pay_type": "customer", "parts": [{"part_no": part_no, "qty": "1"}],
    }), 201)
    job_id = job["id"]
    t.ids["job"] = job_id
    early = await api.post(f"/api/workshop/jobs/{job_id}/start", as_="tech")
    assert early.status_code == 409, "a job must not start before the order is authorised"
    _ok(await api.post(f"/api/workshop/orders/{order_id}/authorize", as_="advisor",
                       json={"signed_by": customer["name"]}))

    # Parts reserves in one transaction with the stock it holds: once the order's reservation
    # line shows the part held, the stock figures show it too.
    await _watch(api, "/api/parts/reservations", _all_in("held"), as_="parts",
                 what="parts.reserved", params={"order_id": order_id, "dealer_id": dealer})
    stock = _ok(await api.get(f"/api/parts/parts/{part_no}", as_="parts",
                              params={"dealer_id": dealer}))
    assert Decimal(stock["reserved"]) == 1, stock
    assert Decimal(stock["available"]) == 4
    lap("authorized")

    # 10. technician work: parts issued to the order
    _ok(await api.post(f"/api/workshop/jobs/{job_id}/start", as_="tech"))
    _ok(await api.post(f"/api/workshop/jobs/{job_id}/finish", as_="tech", json={}))

    await _watch(api, "/api/parts/reservations", _all_in("issued"), as_="parts",
                 what="parts.issued", params={"order_id": order_id, "dealer_id": dealer})
    stock = _ok(await api.get(f"/api/parts/parts/{part_no}", as_="parts",
                              params={"dealer_id": dealer}))
    assert Decimal(stock["on_hand"]) == 4 and Decimal(stock["reserved"]) == 0, stock
    lap("work_done")

    # 11. the three checks in order (三检): self, foreman, final; a failure at any level is rework
    async def check(level: str, as_: str, passed: bool = True, notes: str = "OK") -> Any:
        return _ok(await api.post(f"/api/workshop/orders/{order_id}/qc", as_=as_,
                                  json={"passed": passed, "level": level, "notes": notes}))

    _ok_self = await check("self", "tech")
    assert _ok_self["status"] != "qc_passed"
    if with_rework:
        failed = await check("foreman", "foreman", passed=False, notes="刹车仍有异响 still squeals")
        assert failed["status"] != "qc_passed"
        early_deliver = await api.post(f"/api/workshop/orders/{order_id}/deliver", as_="advisor",
                                       json={})
        assert early_deliver.status_code == 409
        _ok(await api.post(f"/api/workshop/jobs/{job_id}/start", as_="tech"))
        _ok(await api.post(f"/api/workshop/jobs/{job_id}/finish", as_="tech", json={}))
        await check("self", "tech")
    await check("foreman", "foreman")
    passed = await check("final", "qc")
    assert passed["status"] == "qc_passed"
    assert passed["progress"] == "quality_check", "ready only once washed"
    lap("qc_passed")
    # washing (洗车): the car is ready (vehicle.ready) only then, before the advisor's check
    washed = _ok(await api.post(f"/api/workshop/orders/{order_id}/wash", as_="tech", json={}))
    assert washed["progress"] == "ready" and washed["wash"]["outcome"] == "washed"
    lap("washed")
    # the advisor's own check before delivery (交车前检查)
    await check("pre_delivery", "advisor")

    # 12. the invoice, built from labour and issued parts (eventually)
    invoice = await _watch(api, "/api/billing/invoices", _first, as_="cashier",
                           what="invoice.issued", params={"order_id": order_id, "status": "issued"})
    t.ids["invoice"] = invoice["id"]
    rates = _ok(await api.get(f"/api/billing/dealers/{dealer}/rates", as_="manager"))
    labour = _fen(Decimal("1.5") * Decimal(rates["labour_rate"]))
    subtotal = labour + Decimal("45.50")
    vat = _fen(subtotal * Decimal(rates["vat_rate"]))
    assert Decimal(invoice["subtotal"]) == subtotal, invoice
    assert Decimal(invoice["vat"]) == vat, invoice
    assert Decimal(invoice["total"]) == subtotal + vat, invoice
    assert invoice["total"].count(".") == 1 and len(invoice["total"].split(".")[1]) == 2
    lap("invoiced")

    # 14 (first half). delivery is refused until the invoice is paid
    refused = await api.post(f"/api/workshop/orders/{order_id}/deliver", as_="advisor", json={})
    assert refused.status_code == 409, refused.text

    # 13. payment settles the invoice (never twice: two tills racing, one wins)
    async def pay(key: str | None) -> Any:
        headers = {"Idempotency-Key": key} if key else {}
        return await api.post(f"/api/billing/invoices/{invoice['id']}/payments", as_="cashier",
                              json={"amount": invoice["total"], "method": "wechat"},
                              headers=headers)

    if with_rework:
        first, second = await asyncio.gather(pay(None), pay(None))
        assert sorted([first.status_code, second.status_code]) == [201, 409], (
            first.text, second.text)
    else:
        _ok(await pay(f"pay-{invoice['id']}"), 201)
    paid = _ok(await api.get(f"/api/billing/invoices/{invoice['id']}", as_="cashier"))
    assert paid["status"] == "paid" and Decimal(paid["balance"]) == 0
    lap("paid")

    # 14. delivery once workshop has seen invoice.paid
    await _watch(api, f"/api/workshop/orders/{order_id}", lambda o: o["paid"], as_="advisor",
                 what="invoice.paid seen by the workshop")
    delivered_order = _ok(await api.post(f"/api/workshop/orders/{order_id}/deliver",
                                         as_="advisor", json={}))
    assert delivered_order["status"] == "delivered"
    assert delivered_order["gate_pass"]["code"] and delivered_order["next_service"]["due_on"]
    again = await api.post(f"/api/workshop/orders/{order_id}/deliver", as_="advisor", json={})
    assert again.status_code == 409
    lap("delivered")

    # 15. the follow-up task, due within 3 days of delivery
    task = await _watch(api, "/api/crm/callbacks", _first, as_="callback",
                        what="callback.scheduled", params={"order_id": order_id})
    delivered_at = datetime.fromisoformat(task["delivered_at"])
    due_at = datetime.fromisoformat(task["due_at"])
    assert timedelta(0) < due_at - delivered_at <= timedelta(days=3)
    assert abs(delivered_at - datetime.now(UTC)) < timedelta(minutes=10)
    t.ids["callback"] = task["id"]
    lap("callback_scheduled")

    # 16. the call and the CSI survey
    _ok(await api.post(f"/api/crm/callbacks/{task['id']}/attempts", as_="callback",
                       json={"outcome": "satisfied", "note": "客户满意"}), 201)
    survey = _ok(await api.post(f"/api/crm/callbacks/{task['id']}/survey", as_="callback", json={
        "scores": {"facilities": 8, "personnel": 9, "execution": 10, "cost": 7, "follow_up": 9},
        "comment": "服务很好"}), 201)
    assert Decimal(str(survey["csi_score"])) == Decimal("88.2")
    t.data["csi"] = survey["csi_score"]
    lap("surveyed")
    return t
