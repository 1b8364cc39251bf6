"""A priced estimate signed before work, compared with the invoice, through HTTP on the embedded
system and on the distributed one (real Kafka and PostgreSQL, one process per service).

Billing announces its rates and parts its prices and stock; workshop prices the estimate from its
projections (a maintenance menu and a catalogue operation); the customer signs with a drawn
signature; the signed figures and promised time stay on the order and reach billing, whose
invoice equals the signed total when nothing changed and shows the variance when extra work was
added after signing.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import pytest

from aftersales_common.auth.demo import DEMO_DEALER_ID
from tests.integration.test_architecture_defects import customer_and_vehicle, ok, walk_in
from tests.integration.test_workshop_delivery import _check
from tests.support.api import Api, eventually

Scenario = Callable[[Api], Awaitable[None]]
SCENARIOS: dict[str, Scenario] = {}
W = "/api/workshop"
PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 32).decode()
CENT = Decimal("0.01")


def scenario(fn: Scenario) -> Scenario:
    SCENARIOS[fn.__name__] = fn
    return fn


def money(value: Decimal) -> str:
    return str(value.quantize(CENT))


async def _rates(api: Api) -> tuple[Decimal, Decimal]:
    r = ok(await api.get(f"/api/billing/dealers/{DEMO_DEALER_ID}/rates", as_="manager"))
    return Decimal(r["labour_rate"]), Decimal(r["vat_rate"])


async def _priced_part(api: Api, price: str, qty: str = "5") -> str:
    part_no = f"EST-{random.randrange(10**9)}"
    ok(await api.post("/api/parts/parts", as_="parts", json={
        "part_no": part_no, "name": "估价件 estimate part", "unit_price": price,
        "unit_cost": "10.00", "dealer_id": DEMO_DEALER_ID}), 201)
    ok(await api.post("/api/parts/receipts", as_="parts", json={
        "part_no": part_no, "qty": qty, "dealer_id": DEMO_DEALER_ID}), 201)
    return part_no


async def _estimate(api: Api, order_id: str, part_no: str) -> dict[str, Any]:
    """The estimate once workshop has heard billing's rates and the part's price and stock."""
    async def priced() -> Any:
        e = ok(await api.get(f"{W}/orders/{order_id}/estimate", as_="advisor"))
        line = next(p for p in e["parts_lines"] if p["part_no"] == part_no)
        return e if e["complete"] and line["available"] else None

    return await eventually(priced, what="workshop to know the rates, price and stock")  # type: ignore[no-any-return]


async def _signed_order(api: Api) -> tuple[dict[str, Any], dict[str, Any], str]:
    """A walk-in with the 5,000 km menu and front brake pads, priced and signed on the phone's way."""
    customer, vehicle = await customer_and_vehicle(api)
    order = await walk_in(api, customer, vehicle)
    oid = order["id"]
    part_no = await _priced_part(api, "128.50")
    menu = ok(await api.post(f"{W}/orders/{oid}/menus", as_="advisor",
                             json={"menu_code": "M5K"}), 201)
    assert [j["op_code"] for j in menu] == ["MNT-OIL", "MNT-CHK"]
    pads = ok(await api.post(f"{W}/orders/{oid}/jobs", as_="advisor", json={
        "op_code": "BRK-PAD-F", "pay_type": "customer",
        "parts": [{"part_no": part_no, "qty": "2"}]}), 201)
    assert (pads["labor_hours"], pads["skill"]) == ("1", "mechanical")  # the catalogue's
    e = await _estimate(api, oid, part_no)
    rate, vat_rate = await _rates(api)
    labour = (Decimal("1.8") * rate).quantize(CENT)  # 0.5 + 0.3 + 1 h
    parts = sum((Decimal(p["amount"]) for p in e["parts_lines"]), Decimal(0))
    assert Decimal(next(p for p in e["parts_lines"] if p["part_no"] == part_no)["amount"]) == \
        Decimal("257.00")
    vat = ((labour + parts) * vat_rate).quantize(CENT)
    assert (e["labour"], e["parts"], e["vat"], e["total"]) == (
        money(labour), money(parts), money(vat), money(labour + parts + vat))
    assert e["promised_at"] and e["aux_minutes"] > 0
    signed = ok(await api.post(f"{W}/orders/{oid}/authorize", as_="advisor",
                               json={"signed_by": customer["name"], "signature": PNG}))
    kept = signed["signed_estimate"]
    assert (kept["total"], kept["promised_at"], kept["signature"]) == (
        e["total"], e["promised_at"], PNG)
    return signed, kept, part_no


async def _through_final_check(api: Api, order_id: str, job_ids: list[str]) -> None:
    for job_id in job_ids:
        ok(await api.post(f"{W}/jobs/{job_id}/start", as_="tech"))
        ok(await api.post(f"{W}/jobs/{job_id}/finish", as_="tech", json={}))
    for level, who in (("self", "tech"), ("foreman", "foreman"), ("final", "qc")):
        ok(await _check(api, order_id, level, who))


async def _invoice(api: Api, order_id: str) -> dict[str, Any]:
    async def issued() -> Any:
        items = ok(await api.get("/api/billing/invoices", as_="cashier",
                                 params={"order_id": order_id}))["items"]
        return items[0] if items and items[0]["status"] == "issued" else None

    return await eventually(issued, what="invoice.issued")  # type: ignore[no-any-return]


@scenario
async def the_invoice_equals_the_signed_estimate_when_nothing_changed(api: Api) -> None:
    order, kept, _ = await _signed_order(api)
    await _through_final_check(api, order["id"], [j["id"] for j in order["jobs"]])
    invoice = await _invoice(api, order["id"])
    assert (invoice["total"], invoice["estimate_total"], invoice["variance"]) == (
        kept["total"], kept["total"], "0.00")


@scenario
async def extra_work_after_signing_shows_as_variance(api: Api) -> None:
    order, kept, _ = await _signed_order(api)
    oid = order["id"]
    extra = ok(await api.post(f"{W}/orders/{oid}/jobs", as_="advisor", json={
        "op_code": "ALIGN-4W", "pay_type": "customer"}), 201)  # 0.8 h, found during the work
    ok(await api.post(f"{W}/orders/{oid}/additional-work/approve", as_="advisor",
                      json={"job_ids": [extra["id"]], "signed_by": "客户"}))
    detail = ok(await api.get(f"{W}/orders/{oid}", as_="advisor"))
    assert detail["signed_estimate"]["total"] == kept["total"]  # what was signed stays
    await _through_final_check(api, oid, [j["id"] for j in detail["jobs"]])
    invoice = await _invoice(api, oid)
    rate, vat_rate = await _rates(api)
    extra_labour = (Decimal("0.8") * rate).quantize(CENT)
    assert invoice["estimate_total"] == kept["total"]
    assert Decimal(invoice["variance"]) == Decimal(invoice["total"]) - Decimal(kept["total"])
    assert Decimal(invoice["variance"]) == pytest.approx(
        extra_labour * (1 + vat_rate), abs=Decimal("0.02"))  # VAT rounded once on the whole


@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_on_the_embedded_system(name: str, embedded_api: Api) -> None:
    await SCENARIOS[name](embedded_api)


@pytest.mark.realinfra
@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_on_kafka_and_postgres(name: str, cluster_api: Api) -> None:
    await SCENARIOS[name](cluster_api)
