"""The defects issue 6 found, each driven through the HTTP API in both ways to run.

Every test here failed on the v1 shape; each scenario runs on the embedded system and on
the distributed one (real Kafka and PostgreSQL, one process per service).
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID
from tests.support.api import Api, eventually
from tests.support.golden_path import random_mobile, random_vin

Scenario = Callable[[Api], Awaitable[None]]
SCENARIOS: dict[str, Scenario] = {}


def scenario(fn: Scenario) -> Scenario:
    SCENARIOS[fn.__name__] = fn
    return fn


def ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, f"{r.request.method} {r.request.url} -> {r.status_code} {r.text}"
    return r.json()


async def customer_and_vehicle(api: Api, *, as_: str = "advisor",
                               dealer: str = DEMO_DEALER_ID) -> tuple[dict[str, Any], dict[str, Any]]:
    rng = random.Random()
    customer = ok(await api.post("/api/booking/customers", as_=as_, json={
        "name": "缺陷测试 Defect", "phone": random_mobile(rng), "dealer_id": dealer}), 201)
    vehicle = ok(await api.post("/api/booking/vehicles", as_=as_, json={
        "customer_id": customer["id"], "vin": random_vin(rng), "plate": "沪D12345",
        "model": "VW Passat", "dealer_id": dealer}), 201)
    return customer, vehicle


async def walk_in(api: Api, customer: dict[str, Any], vehicle: dict[str, Any], *,
                  as_: str = "advisor", dealer: str = DEMO_DEALER_ID) -> dict[str, Any]:
    """Open a walk-in order once workshop's projection knows the customer and vehicle."""

    async def opened() -> Any:
        r = await api.post("/api/workshop/orders", as_=as_, json={
            "dealer_id": dealer, "customer_id": customer["id"], "vehicle_id": vehicle["id"],
            "concern": "异响 noise", "service_type": "repair"})
        return None if r.status_code == 422 else ok(r, 201)

    return await eventually(opened, what="workshop to project the customer and vehicle")  # type: ignore[no-any-return]


async def part_in_stock(api: Api, qty: str = "3") -> str:
    part_no = f"DEF-{random.randrange(10**9)}"
    ok(await api.post("/api/parts/parts", as_="parts", json={
        "part_no": part_no, "name": "刹车片 brake pads", "unit_price": "100.00",
        "unit_cost": "60.00", "dealer_id": DEMO_DEALER_ID}), 201)
    ok(await api.post("/api/parts/receipts", as_="parts", json={
        "part_no": part_no, "qty": qty, "dealer_id": DEMO_DEALER_ID}), 201)
    return part_no


async def worked_order(api: Api, *, parts_qty: str = "2") -> dict[str, Any]:
    """A walk-in order with one customer-pay job whose parts were issued and which is finished."""
    customer, vehicle = await customer_and_vehicle(api)
    order = await walk_in(api, customer, vehicle)
    part_no = await part_in_stock(api)
    job = ok(await api.post(f"/api/workshop/orders/{order['id']}/jobs", as_="advisor", json={
        "op_code": "BRK-PAD", "description": "更换刹车片 brake pads", "labor_hours": "1",
        "pay_type": "customer", "parts": [{"part_no": part_no, "qty": parts_qty}]}), 201)
    ok(await api.post(f"/api/workshop/orders/{order['id']}/authorize", as_="advisor",
                      json={"signed_by": customer["name"]}))

    async def reserved() -> bool:
        p = ok(await api.get(f"/api/parts/parts/{part_no}", as_="parts",
                             params={"dealer_id": DEMO_DEALER_ID}))
        return Decimal(p["reserved"]) == Decimal(parts_qty)

    await eventually(reserved, what="parts.reserved")
    ok(await api.post(f"/api/workshop/jobs/{job['id']}/start", as_="tech"))
    ok(await api.post(f"/api/workshop/jobs/{job['id']}/finish", as_="tech", json={}))

    async def issued() -> bool:
        p = ok(await api.get(f"/api/parts/parts/{part_no}", as_="parts",
                             params={"dealer_id": DEMO_DEALER_ID}))
        return Decimal(p["reserved"]) == 0

    await eventually(issued, what="parts.issued")
    return {"order": order, "job": job, "part_no": part_no, "customer": customer}


async def qc(api: Api, order_id: str, level: str, as_: str, passed: bool = True) -> Any:
    return await api.post(f"/api/workshop/orders/{order_id}/qc", as_=as_,
                          json={"passed": passed, "level": level, "notes": level})


async def wash(api: Api, order_id: str) -> Any:
    """Washing (洗车) after the final inspection: the car is ready only then (issue 9)."""
    return ok(await api.post(f"/api/workshop/orders/{order_id}/wash", as_="tech", json={}))


async def issued_invoice(api: Api, order_id: str) -> dict[str, Any]:
    async def invoice() -> Any:
        items = ok(await api.get("/api/billing/invoices", as_="cashier",
                                 params={"order_id": order_id}))["items"]
        return items[0] if items and items[0]["status"] == "issued" else None

    return await eventually(invoice, what="invoice.issued")  # type: ignore[no-any-return]


async def paid_in_workshop(api: Api, order_id: str, paid: bool) -> None:
    async def seen() -> bool:
        order = ok(await api.get(f"/api/workshop/orders/{order_id}", as_="advisor"))
        return bool(order["paid"]) is paid

    await eventually(seen, what=f"workshop to see paid={paid}")


@scenario
async def qc_levels_come_in_order_and_the_final_is_the_inspectors(api: Api) -> None:
    w = await worked_order(api)
    oid = w["order"]["id"]
    assert (await qc(api, oid, "final", "qc")).status_code == 409  # no self, no foreman check
    assert (await qc(api, oid, "foreman", "foreman")).status_code == 409  # no self-check yet
    ok(await qc(api, oid, "self", "tech"))
    ok(await qc(api, oid, "foreman", "foreman"))
    assert (await qc(api, oid, "final", "foreman")).status_code == 403  # a foreman may not sign it
    passed = ok(await qc(api, oid, "final", "qc"))
    assert passed["status"] == "qc_passed"
    invoice = await issued_invoice(api, oid)
    ok(await api.post(f"/api/billing/invoices/{invoice['id']}/payments", as_="cashier",
                      json={"amount": invoice["total"], "method": "cash"}), 201)
    await paid_in_workshop(api, oid, True)
    early = await api.post(f"/api/workshop/orders/{oid}/deliver", as_="advisor", json={})
    assert early.status_code == 409, "delivery needs the advisor's pre-delivery check"
    assert (await qc(api, oid, "pre_delivery", "advisor")).status_code == 409  # not washed yet
    await wash(api, oid)
    ok(await qc(api, oid, "pre_delivery", "advisor"))
    assert ok(await api.post(f"/api/workshop/orders/{oid}/deliver", as_="advisor",
                             json={}))["status"] == "delivered"


@scenario
async def a_failure_at_the_foremans_check_sends_the_job_back(api: Api) -> None:
    w = await worked_order(api)
    oid, jid = w["order"]["id"], w["job"]["id"]
    ok(await qc(api, oid, "self", "tech"))
    failed = ok(await qc(api, oid, "foreman", "foreman", passed=False))
    assert failed["status"] == "qc_failed"
    assert (await qc(api, oid, "final", "qc")).status_code == 409
    ok(await api.post(f"/api/workshop/jobs/{jid}/start", as_="tech"))
    ok(await api.post(f"/api/workshop/jobs/{jid}/finish", as_="tech", json={}))
    assert (await qc(api, oid, "foreman", "foreman")).status_code == 409  # checks restart at self
    ok(await qc(api, oid, "self", "tech"))
    ok(await qc(api, oid, "foreman", "foreman"))
    assert ok(await qc(api, oid, "final", "qc"))["status"] == "qc_passed"


@scenario
async def a_refund_that_leaves_the_invoice_unpaid_blocks_delivery(api: Api) -> None:
    w = await worked_order(api)
    oid = w["order"]["id"]
    for level, who in (("self", "tech"), ("foreman", "foreman"), ("final", "qc")):
        ok(await qc(api, oid, level, who))
    await wash(api, oid)
    ok(await qc(api, oid, "pre_delivery", "advisor"))
    invoice = await issued_invoice(api, oid)
    payment = ok(await api.post(f"/api/billing/invoices/{invoice['id']}/payments", as_="cashier",
                                json={"amount": invoice["total"], "method": "card"}), 201)
    await paid_in_workshop(api, oid, True)
    ok(await api.post(f"/api/billing/invoices/{invoice['id']}/refunds", as_="manager", json={
        "amount": invoice["total"], "reason": "客户要求退款 customer asked",
        "payment_id": payment["id"]}), 201)
    await paid_in_workshop(api, oid, False)
    refused = await api.post(f"/api/workshop/orders/{oid}/deliver", as_="advisor", json={})
    assert refused.status_code == 409, refused.text
    ok(await api.post(f"/api/billing/invoices/{invoice['id']}/payments", as_="cashier",
                      json={"amount": invoice["total"], "method": "cash"}), 201)
    await paid_in_workshop(api, oid, True)
    assert ok(await api.post(f"/api/workshop/orders/{oid}/deliver", as_="advisor",
                             json={}))["status"] == "delivered"


@scenario
async def a_part_returned_after_the_invoice_yields_a_credit_note(api: Api) -> None:
    w = await worked_order(api, parts_qty="2")
    oid = w["order"]["id"]
    for level, who in (("self", "tech"), ("foreman", "foreman"), ("final", "qc")):
        ok(await qc(api, oid, level, who))
    invoice = await issued_invoice(api, oid)
    ok(await api.post("/api/parts/returns", as_="parts", json={
        "order_id": oid, "job_id": w["job"]["id"], "part_no": w["part_no"], "qty": "1",
        "dealer_id": DEMO_DEALER_ID, "reason": "多领 one too many"}), 201)

    async def credit_note() -> Any:
        items = ok(await api.get("/api/billing/credit-notes", as_="cashier",
                                 params={"invoice_id": invoice["id"]}))["items"]
        return items[0] if items else None

    note = await eventually(credit_note, what="credit_note.issued")
    assert Decimal(note["net"]) == Decimal("100.00")
    assert Decimal(note["total"]) == Decimal(note["net"]) + Decimal(note["vat"]) > Decimal("100.00")
    after = ok(await api.get(f"/api/billing/invoices/{invoice['id']}", as_="cashier"))
    assert after["total"] == invoice["total"] and after["subtotal"] == invoice["subtotal"]


@scenario
async def a_walk_in_names_only_known_customers_and_vehicles(api: Api) -> None:
    customer, vehicle = await customer_and_vehicle(api)
    order = await walk_in(api, customer, vehicle)  # known: accepted
    assert order["vin"] == vehicle["vin"] and order["plate"] == vehicle["plate"]
    other_customer, other_vehicle = await customer_and_vehicle(api)
    await walk_in(api, other_customer, other_vehicle)  # wait until projected too

    async def attempt(customer_id: str, vehicle_id: str, dealer: str = DEMO_DEALER_ID) -> int:
        r = await api.post("/api/workshop/orders", as_="advisor", json={
            "dealer_id": dealer, "customer_id": customer_id, "vehicle_id": vehicle_id,
            "concern": "x", "service_type": "repair"})
        return r.status_code

    assert await attempt("c-unknown", vehicle["id"]) == 422
    assert await attempt(customer["id"], "v-unknown") == 422
    assert await attempt(customer["id"], other_vehicle["id"]) == 422  # not this customer's car
    foreign_customer, foreign_vehicle = await customer_and_vehicle(
        api, as_="advisor2", dealer=OTHER_DEALER_ID)
    await walk_in(api, foreign_customer, foreign_vehicle, as_="advisor2", dealer=OTHER_DEALER_ID)
    assert await attempt(foreign_customer["id"], foreign_vehicle["id"]) == 422  # another dealer's


@scenario
async def an_admin_reads_only_its_own_dealers_board(api: Api) -> None:
    foreign_customer, foreign_vehicle = await customer_and_vehicle(
        api, as_="advisor2", dealer=OTHER_DEALER_ID)
    order = await walk_in(api, foreign_customer, foreign_vehicle, as_="advisor2",
                          dealer=OTHER_DEALER_ID)
    r = await api.get("/api/workshop/board", as_="admin", params={"dealer_id": OTHER_DEALER_ID})
    assert r.status_code in (403, 404) or order["id"] not in {c["order_id"] for c in r.json()}
    assert r.status_code != 200 or r.json() == []
    own = await api.get(f"/api/workshop/orders/{order['id']}", as_="admin")
    assert own.status_code == 404


@scenario
async def a_time_has_one_form_and_a_phone_booking_keeps_its_channel(api: Api) -> None:
    customer, vehicle = await customer_and_vehicle(api)
    booked = None
    for extra in range(30):
        day = (date.today() + timedelta(days=3 + extra)).isoformat()
        slots = ok(await api.get("/api/booking/slots", as_="advisor", params={
            "dealer_id": DEMO_DEALER_ID, "date": day, "service_type": "maintenance"}))
        free = [s for s in slots if s["free"] > 0]
        if free:
            r = await api.post("/api/booking/appointments", as_="advisor", json={
                "customer_id": customer["id"], "vehicle_id": vehicle["id"],
                "start": free[0]["start"], "service_type": "maintenance", "concern": "保养",
                "channel": "phone"})
            if r.status_code == 201:
                booked = r.json()
                break
    assert booked, "no free slot"
    fetched = ok(await api.get(f"/api/booking/appointments/{booked['id']}", as_="advisor"))
    assert booked["start"] == fetched["start"]
    assert booked["start"].endswith("+08:00"), booked["start"]
    assert datetime.fromisoformat(booked["start"]) == datetime.fromisoformat(fetched["start"])
    assert fetched["channel"] == "phone" and fetched["initiated_by"] == "customer"


@scenario
async def a_phone_filter_finds_the_customer_however_the_number_is_typed(api: Api) -> None:
    customer, _ = await customer_and_vehicle(api)
    national = customer["phone"].removeprefix("+86")
    for typed in (national, f"+86 {national[:3]} {national[3:7]} {national[7:]}",
                  f"{national[:3]}-{national[3:7]}-{national[7:]}"):
        items = ok(await api.get("/api/booking/customers", as_="advisor",
                                 params={"phone": typed, "dealer_id": DEMO_DEALER_ID}))["items"]
        assert [c["id"] for c in items] == [customer["id"]], typed


@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_fixed_on_the_embedded_system(name: str, embedded_api: Api) -> None:
    await SCENARIOS[name](embedded_api)


@pytest.mark.realinfra
@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_fixed_on_kafka_and_postgres(name: str, cluster_api: Api) -> None:
    await SCENARIOS[name](cluster_api)
