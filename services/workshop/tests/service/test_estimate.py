"""Catalogue, menus, policy and the priced estimate through HTTP, with billing's and parts' events."""

from __future__ import annotations

import base64
from datetime import date, timedelta

from aftersales_common.auth.demo import DEMO_DEALER_ID, OTHER_DEALER_ID
from aftersales_common.clock import display_zone, utcnow

W = "/api/workshop"
PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 64).decode()


async def _prices(shop, *, oil_available: str = "40", pad_expected: str | None = None) -> None:
    """What billing and parts announce: the demo rates, prices and stock levels."""
    await shop.feed("dealer_rates.changed", {
        "dealer_id": DEMO_DEALER_ID, "labour_rate": "300.00", "vat_rate": "0.13",
        "currency": "CNY", "changed_at": "2026-12-01T08:00:00+08:00"}, source="billing")
    for part_no, name, price, available, expected in (
            ("OIL-5W30-4L", "机油 5W-30 4L", "298.00", oil_available, None),
            ("FLT-OIL-001", "机油滤清器", "45.00", "60", None),
            ("BRK-PAD-F01", "前刹车片", "520.00", "0", pad_expected)):
        await shop.feed("part.price_changed", {"dealer_id": DEMO_DEALER_ID, "part_no": part_no,
                                               "name": name, "unit_price": price}, source="parts")
        await shop.feed("stock.level_changed", {
            "dealer_id": DEMO_DEALER_ID, "part_no": part_no, "available": available,
            "on_order": "0" if expected is None else "4", "expected_date": expected},
            source="parts")


async def _get(shop, path, role="service_advisor", **params):
    return await shop.client.get(W + path, params=params, headers=shop.as_(role))


async def _post(shop, path, json, role="service_advisor", method="POST", **params):
    return await shop.client.request(method, W + path, json=json, params=params,
                                     headers=shop.as_(role))


# ---- catalogue ---------------------------------------------------------------------------
async def test_the_demo_catalogue_is_searched_by_code_or_name_and_scoped_to_the_dealer(shop):
    r = await _get(shop, "/operations", dealer_id=DEMO_DEALER_ID, q="刹车")
    assert r.status_code == 200, r.text
    [pads] = r.json()
    assert (pads["op_code"], pads["standard_hours"], pads["skill"], pads["system"],
            pads["safety_related"]) == ("BRK-PAD-F", "1", "mechanical", "braking", True)
    assert [o["op_code"] for o in (await _get(shop, "/operations", dealer_id=DEMO_DEALER_ID,
                                              q="mnt-o")).json()] == ["MNT-OIL"]
    other = await _get(shop, "/operations", dealer_id=OTHER_DEALER_ID)
    assert other.status_code == 403
    menus = (await _get(shop, "/menus", dealer_id=DEMO_DEALER_ID)).json()
    assert [(m["code"], m["mileage_km"]) for m in menus] == [("M5K", 5000), ("M10K", 10000)]


async def test_managers_and_foremen_keep_the_catalogue_advisors_only_read_it(shop):
    op = {"dealer_id": DEMO_DEALER_ID, "op_code": "ac-gas", "name": "空调加氟",
          "name_en": "A/C recharge", "standard_hours": "0.8", "skill": "electrical",
          "guarantee_class": "minor", "system": "electrical"}
    assert (await _post(shop, "/operations", op)).status_code == 403
    r = await _post(shop, "/operations", op, role="foreman")
    assert r.status_code == 201, r.text
    assert r.json()["op_code"] == "AC-GAS"
    assert (await _post(shop, "/operations", op, role="manager")).status_code == 409
    change = {k: v for k, v in op.items() if k not in ("dealer_id", "op_code")}
    r = await _post(shop, "/operations/AC-GAS", {**change, "standard_hours": "1.2"},
                    role="manager", method="PUT", dealer_id=DEMO_DEALER_ID)
    assert r.status_code == 200 and r.json()["standard_hours"] == "1.2"
    missing = await _post(shop, "/operations/NOPE", change, role="manager", method="PUT",
                          dealer_id=DEMO_DEALER_ID)
    assert missing.status_code == 404
    elsewhere = await _post(shop, "/operations", {**op, "dealer_id": OTHER_DEALER_ID},
                            role="manager")
    assert elsewhere.status_code == 403
    menu = {"dealer_id": DEMO_DEALER_ID, "code": "AC", "name": "空调保养", "mileage_km": None,
            "operations": ["AC-GAS", "NOT-THERE"], "parts": []}
    assert (await _post(shop, "/menus", menu, role="manager")).status_code == 422
    r = await _post(shop, "/menus", {**menu, "operations": ["AC-GAS"]}, role="manager")
    assert r.status_code == 201, r.text


async def test_the_policy_has_defaults_and_a_margin_above_ten_percent_is_refused(shop):
    r = await _get(shop, "/policy", dealer_id=DEMO_DEALER_ID)
    policy = r.json()
    assert (policy["estimate_margin_pct"], policy["workday_start"], policy["updated_by"]) == (
        "0", "08:30", None)
    body = {k: v for k, v in policy.items()
            if k not in ("dealer_id", "max_margin_pct", "updated_by", "updated_at")}
    assert (await _post(shop, "/policy", {**body, "estimate_margin_pct": "5"}, method="PUT",
                        dealer_id=DEMO_DEALER_ID)).status_code == 403
    too_much = await _post(shop, "/policy", {**body, "estimate_margin_pct": "10.5"},
                           role="manager", method="PUT", dealer_id=DEMO_DEALER_ID)
    assert too_much.status_code == 422
    r = await _post(shop, "/policy", {**body, "estimate_margin_pct": "5", "washing_minutes": 30},
                    role="manager", method="PUT", dealer_id=DEMO_DEALER_ID)
    assert r.status_code == 200, r.text
    again = (await _get(shop, "/policy", dealer_id=DEMO_DEALER_ID)).json()
    assert (again["estimate_margin_pct"], again["washing_minutes"], again["updated_by"]) == (
        "5", 30, "manager")


# ---- menus and jobs on the order -------------------------------------------------------------
async def test_a_menu_puts_its_operations_and_parts_on_the_estimate(shop):
    order = await shop.checked_in_order()
    r = await _post(shop, f"/orders/{order['id']}/menus", {"menu_code": "m10k"})
    assert r.status_code == 201, r.text
    jobs = r.json()
    assert [(j["op_code"], j["labor_hours"], j["skill"]) for j in jobs] == [
        ("MNT-OIL", "0.5", "maintenance"), ("MNT-AIR", "0.2", "maintenance"),
        ("MNT-CHK", "0.3", "maintenance")]
    assert [p["part_no"] for p in jobs[0]["parts"]] == ["OIL-5W30-4L", "FLT-OIL-001",
                                                        "FLT-AIR-001"]
    assert (await _post(shop, f"/orders/{order['id']}/menus", {"menu_code": "NONE"})
            ).status_code == 404


async def test_a_known_operation_takes_its_standard_hours_and_skill(shop):
    order = await shop.checked_in_order()
    r = await _post(shop, f"/orders/{order['id']}/jobs",
                    {"op_code": "paint-pnl", "pay_type": "customer", "skill": "mechanical"})
    assert r.status_code == 201, r.text
    assert (r.json()["labor_hours"], r.json()["skill"], r.json()["description"]) == (
        "4", "paint", "单面喷漆")
    own = await _post(shop, f"/orders/{order['id']}/jobs",
                      {"op_code": "X-1", "description": "异响", "pay_type": "customer"})
    assert own.status_code == 422  # not in the catalogue: hours needed
    own = await _post(shop, f"/orders/{order['id']}/jobs", {
        "op_code": "X-1", "description": "异响", "labor_hours": "1", "pay_type": "customer"})
    assert own.json()["skill"] == "mechanical"


async def test_used_parts_need_consent_and_the_origin_travels_with_the_order(shop):
    order = await shop.checked_in_order()
    job = {"op_code": "BRK-PAD-F", "pay_type": "customer",
           "parts": [{"part_no": "BRK-PAD-F01", "qty": "1", "origin": "used"}]}
    r = await _post(shop, f"/orders/{order['id']}/jobs", job)
    assert r.status_code == 422 and "consent" in r.text
    job["parts"][0]["consent_by"] = "张伟"
    r = await _post(shop, f"/orders/{order['id']}/jobs", job)
    assert r.status_code == 201, r.text
    [part] = r.json()["parts"]
    assert (part["origin"], part["consent_by"]) == ("used", "张伟") and part["consent_at"]
    await _post(shop, f"/orders/{order['id']}/authorize", {"signed_by": "张伟"})
    (authorized,) = await shop.outbox("order.authorized")
    assert authorized["data"]["jobs"][0]["parts"][0]["origin"] == "used"


# ---- the estimate and signing --------------------------------------------------------------
async def test_the_estimate_prices_labour_and_parts_apart_with_vat_and_shortages(shop):
    arrival = (utcnow().astimezone(display_zone()).date() + timedelta(days=14)).isoformat()
    await _prices(shop, pad_expected=arrival)
    order = await shop.checked_in_order()
    await _post(shop, f"/orders/{order['id']}/menus", {"menu_code": "M5K"})
    await _post(shop, f"/orders/{order['id']}/jobs", {
        "op_code": "BRK-PAD-F", "pay_type": "customer",
        "parts": [{"part_no": "BRK-PAD-F01", "qty": "1"}]})
    r = await _get(shop, f"/orders/{order['id']}/estimate")
    assert r.status_code == 200, r.text
    e = r.json()
    # labour 0.5 + 0.3 + 1 h at 300; parts 298 + 45 + 520
    assert (e["labour"], e["parts"], e["vat"], e["total"]) == (
        "540.00", "863.00", "182.39", "1585.39")
    assert e["quoted_total"] == e["total"] and e["complete"] and e["rates_known"]
    pads = next(p for p in e["parts_lines"] if p["part_no"] == "BRK-PAD-F01")
    assert (pads["available"], pads["short_qty"], pads["expected_date"]) == (
        False, "1", arrival)
    assert e["parts_ready_on"] == arrival
    assert e["promised_at"].startswith(f"{arrival}T")  # not before the pads arrive
    assert e["aux_minutes"] == 55
    quoted = (await _get(shop, f"/orders/{order['id']}/estimate", margin_pct="10")).json()
    assert quoted["quoted_total"] == "1743.93"
    assert (await _get(shop, f"/orders/{order['id']}/estimate", margin_pct="11")
            ).status_code == 422


async def test_the_customer_sees_their_own_estimate_only(shop):
    await _prices(shop)
    order = await shop.checked_in_order()
    await _post(shop, f"/orders/{order['id']}/menus", {"menu_code": "M5K"})
    mine = await shop.client.get(f"{W}/orders/{order['id']}/estimate",
                                 headers=shop.as_("customer", customer_id=order["customer_id"]))
    assert mine.status_code == 200 and mine.json()["total"] == "658.79"
    theirs = await shop.client.get(f"{W}/orders/{order['id']}/estimate",
                                   headers=shop.as_("customer", customer_id="someone-else"))
    assert theirs.status_code == 404


async def test_signing_keeps_the_figures_time_and_signature_and_publishes_them(shop):
    await _prices(shop)
    order = await shop.checked_in_order()
    await _post(shop, f"/orders/{order['id']}/menus", {"menu_code": "M5K"})
    bad = await _post(shop, f"/orders/{order['id']}/authorize",
                      {"signed_by": "张伟", "signature": "data:image/png;base64,AAAA"})
    assert bad.status_code == 422
    r = await shop.client.post(f"{W}/orders/{order['id']}/authorize",
                               json={"signed_by": "张伟", "signature": PNG},
                               headers=shop.as_("customer", customer_id=order["customer_id"]))
    assert r.status_code == 200, r.text
    signed = r.json()["signed_estimate"]
    assert (signed["labour"], signed["parts"], signed["vat"], signed["total"]) == (
        "240.00", "343.00", "75.79", "658.79")
    assert signed["signature"] == PNG and signed["promised_at"] and signed["signed_at"]
    (authorized,) = await shop.outbox("order.authorized")
    assert authorized["data"]["estimate"] == {
        "labour": "240.00", "parts": "343.00", "vat": "75.79", "total": "658.79",
        "quoted_total": "658.79", "promised_at": signed["promised_at"]}
    # a price rise afterwards changes the estimate, not what was signed
    await shop.feed("part.price_changed", {"dealer_id": DEMO_DEALER_ID, "part_no": "OIL-5W30-4L",
                                           "name": "机油", "unit_price": "350.00"}, source="parts")
    now = (await _get(shop, f"/orders/{order['id']}/estimate")).json()
    assert now["total"] != "658.79" and now["signed"]["total"] == "658.79"
    detail = (await _get(shop, f"/orders/{order['id']}")).json()
    assert detail["signed_estimate"]["total"] == "658.79"


async def test_the_estimate_follows_parts_answer_once_signed(shop):
    await _prices(shop, oil_available="0")
    order = await shop.checked_in_order()
    await _post(shop, f"/orders/{order['id']}/menus", {"menu_code": "M5K"})
    assert (await _get(shop, f"/orders/{order['id']}/estimate")).json()["promised_at"] is None
    await _post(shop, f"/orders/{order['id']}/authorize", {"signed_by": "张伟"})
    jid = (await _get(shop, f"/orders/{order['id']}")).json()["jobs"][0]["id"]
    await shop.feed("parts.shortage", {
        "order_id": order["id"], "dealer_id": DEMO_DEALER_ID, "job_id": jid,
        "lines": [{"part_no": "OIL-5W30-4L", "qty_requested": "1", "qty_short": "1",
                   "expected_date": "2026-12-24"}]}, source="parts")
    e = (await _get(shop, f"/orders/{order['id']}/estimate")).json()
    oil = next(p for p in e["parts_lines"] if p["part_no"] == "OIL-5W30-4L")
    assert (oil["available"], oil["expected_date"]) == (False, str(date(2026, 12, 24)))
