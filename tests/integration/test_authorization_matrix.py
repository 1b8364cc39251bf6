"""The authorisation matrix, proven: every operation of the five OpenAPIs × every role × own
dealer / other dealer / other customer answers what `authorization_matrix.py` (and so
docs/security/authorization.md, generated from it) says.

Embedded mode runs the whole matrix; the distributed run on Kafka + PostgreSQL runs it too
(the same requests over HTTP to five processes).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from aftersales_common.auth.demo import (
    DEMO_CUSTOMER_ID,
    DEMO_DEALER_ID,
    OTHER_CUSTOMER_ID,
    OTHER_DEALER_ID,
)
from aftersales_common.auth.tokens import issue_dev_token
from aftersales_common.settings import ServiceSettings
from tests.integration.authorization_matrix import (
    COLUMNS,
    EMPTY,
    OK,
    OPS,
    SCOPES,
    Op,
    document,
    openapi_key,
)
from tests.support.api import Api, eventually
from tests.support.golden_path import run_golden_path

DOC = Path(__file__).resolve().parents[2] / "docs/security/authorization.md"
DEMO_VEHICLE_ID = "e0000000-0000-4000-8000-000000000001"
SERVICES = ("booking", "workshop", "parts", "billing", "crm")
STREAM_OPEN_AFTER = 1.0  # seconds: a stream that has not ended by then is open (`ok`)


def test_the_document_is_the_table() -> None:
    """docs/security/authorization.md shows exactly the table the test checks (regenerate with
    `python -m tests.integration.authorization_matrix`)."""
    text = DOC.read_text(encoding="utf-8")
    assert text == document(text), (
        "docs/security/authorization.md drifted from tests/integration/authorization_matrix.py:"
        " run `uv run python -m tests.integration.authorization_matrix`")


def test_every_operation_of_the_five_openapis_has_a_row(tmp_path: Path) -> None:
    from aftersales_embedded.app import EmbeddedApp

    app = EmbeddedApp(tmp_path / "data")
    spec_ops = {openapi_key(method, path)
                for name in SERVICES
                for path, item in app.apps[name].openapi()["paths"].items()
                for method in item if method in ("get", "post", "put", "patch", "delete")}
    rows = [openapi_key(op.method, op.path) for op in OPS]
    assert len(rows) == len(set(rows)), "an operation has two rows"
    missing, stale = spec_ops - set(rows), set(rows) - spec_ops
    assert not missing, f"operations without a row in the authorisation matrix: {sorted(missing)}"
    assert not stale, f"rows for operations that no longer exist: {sorted(stale)}"


def test_only_the_roles_that_see_phone_numbers_reach_the_crm_lists_that_show_them() -> None:
    """CRM's follow-up tasks, complaints and CSI report show the number to call unmasked:
    they admit only roles that see customers' phone numbers (advisor, callback agent,
    cashier, manager; admin)."""
    from aftersales_common.auth.principal import PII_ROLES

    shown = [op for op in OPS if op.path.startswith(("/api/crm/callbacks", "/api/crm/complaints",
                                                     "/api/crm/reports"))]
    assert shown
    for op in shown:
        assert set(op.roles) <= PII_ROLES | {"admin"}, op.key


@dataclass(frozen=True)
class Caller:
    column: str
    scope: str
    token: str | None


def _callers(settings: ServiceSettings, foreign_customer: str) -> list[Caller]:
    def token(roles: list[str], dealers: list[str], customer: str | None = None) -> str:
        return issue_dev_token(settings, sub=f"matrix-{'-'.join(roles) or 'none'}",
                               roles=roles, dealer_ids=dealers, customer_id=customer,
                               ttl_seconds=3600)

    out = [Caller("customer", "own", token(["customer"], [], DEMO_CUSTOMER_ID)),
           Caller("customer", "other-customer", token(["customer"], [], OTHER_CUSTOMER_ID)),
           Caller("customer", "other-dealer", token(["customer"], [], foreign_customer))]
    for column in COLUMNS:
        if column in ("customer", "partner", "no-role", "anonymous"):
            continue
        out.append(Caller(column, "own", token([column], [DEMO_DEALER_ID])))
        out.append(Caller(column, "other-dealer", token([column], [OTHER_DEALER_ID])))
    out += [Caller("partner", "own", token(["partner"], [DEMO_DEALER_ID])),
            Caller("no-role", "own", token([], [DEMO_DEALER_ID])),
            Caller("anonymous", "own", None)]
    return out


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids) if "{" in value else value
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


def _shows_target(body: Any, scope: str) -> bool:
    """Whether a 200 list shows anything of the target's: of dealer A to another dealer's
    principal, of 张伟 to another customer."""
    if isinstance(body, dict) and "items" in body:
        items = body["items"]
    elif isinstance(body, dict) and "dealer_ids" in body:  # a report
        return DEMO_DEALER_ID in body["dealer_ids"] or bool(body.get("count"))
    elif isinstance(body, list):
        items = body
    else:
        return True
    for item in items:
        if not isinstance(item, dict):
            return True
        owner = item.get("customer_id", item.get("id"))
        if owner == DEMO_CUSTOMER_ID:
            return True
        if scope == "other-dealer" and item.get("dealer_id", DEMO_DEALER_ID) == DEMO_DEALER_ID:
            return True
    return False


async def _outcome(api: Api, op: Op, caller: Caller, ids: dict[str, str]) -> tuple[str, str]:
    headers = {"Authorization": f"Bearer {caller.token}"} if caller.token else {}
    kwargs: dict[str, Any] = {"headers": headers, "params": _fill(op.params, ids)}
    if op.body is not None:
        kwargs["json"] = _fill(op.body, ids)
    url = api.url(_fill(op.path, ids))
    if op.stream:
        async def opened() -> httpx.Response:
            async with api.client.stream(op.method, url, **kwargs) as r:
                if r.status_code != 200:
                    await r.aread()  # an error is an ordinary (short) problem body
                return r
        try:
            r = await asyncio.wait_for(opened(), STREAM_OPEN_AFTER)
        except TimeoutError:  # in process the transport waits for the (endless) stream
            return (EMPTY if op.expected(caller.column, caller.scope) == EMPTY else OK), "open"
    else:
        r = await api.client.request(op.method, url, **kwargs)
    code = r.status_code
    if code >= 500:
        return f"{code}", r.text[:200]
    if code in (401, 403, 404):
        if r.headers.get("content-type") != "application/problem+json":
            return f"{code} without problem+json", r.text[:200]
        return str(code), r.text[:200]
    if 200 <= code < 300:
        if op.stream:  # the first frame is the plain endpoint's answer, checked in its row
            return (EMPTY if op.expected(caller.column, caller.scope) == EMPTY else OK), ""
        if caller.scope == "own":
            return OK, f"{code}"
        return (OK if _shows_target(r.json(), caller.scope) else EMPTY), f"{code} {r.text[:150]}"
    if code == 422 and r.json().get("type", "").endswith("/validation"):
        return "422 (the row's request does not fit the schema)", r.text[:300]
    if code in (409, 412, 413, 415, 422, 428):  # 413/415: the body, past every check
        return OK, f"{code} {r.text[:150]}"
    return f"{code}", r.text[:200]


def _matches(expected: str, got: str) -> bool:
    # `ok` on a list is any 200 (it may be empty after a filter); `empty` must be empty
    return got == expected or (expected == OK and got == EMPTY)


async def _setup(api: Api, settings: ServiceSettings) -> dict[str, str]:
    trace = await run_golden_path(api, index=11, existing=(DEMO_CUSTOMER_ID, DEMO_VEHICLE_ID))
    ids = dict(trace.ids)
    ids.update(dealer=DEMO_DEALER_ID, shortage=str(uuid.uuid4()),
               dead_letter_id=str(uuid.uuid4()), provider_payment="pi_matrix_unknown")
    # the lifecycle's part
    moves = await api.get("/api/parts/stock-movements", as_="parts",
                          params={"order_id": ids["order"], "dealer_id": DEMO_DEALER_ID})
    ids["part_no"] = moves.json()["items"][0]["part_no"]
    # a complaint on the lifecycle's follow-up
    complaint = await api.post("/api/crm/complaints", as_="callback", json={
        "task_id": ids["callback"], "description": "等待时间太长 waited too long",
        "department": "前台", "responsible": "王经理"})
    assert complaint.status_code == 201, complaint.text
    ids["complaint"] = complaint.json()["id"]
    ids.update(await _health_check(api))
    # the lifecycle's gate pass (出门证), issued at its delivery
    gate = await api.get(f"/api/workshop/orders/{ids['order']}/gate-pass", as_="advisor")
    assert gate.status_code == 200, gate.text
    ids["gate_pass"] = gate.json()["code"]
    # the demo technician `tech` on the seeded roster (H2)
    roster = await api.get("/api/workshop/technicians", as_="foreman",
                           params={"dealer_id": DEMO_DEALER_ID})
    ids["technician"] = next(t["id"] for t in roster.json() if t["user_id"] == "tech")
    # a seeded operation of the catalogue and a seeded maintenance menu (H1)
    ids["op_code"], ids["menu_code"] = "MNT-CHK", "M5K"
    # a day with free slots, and a free slot far ahead for bookings and reschedules
    ids["day"] = (date.today() + timedelta(days=2)).isoformat()
    far = (date.today() + timedelta(days=30)).isoformat()
    slots = await api.get("/api/booking/slots", as_="advisor", params={
        "dealer_id": DEMO_DEALER_ID, "date": far, "service_type": "maintenance"})
    ids["slot"] = slots.json()[3]["start"]
    return ids


async def _health_check(api: Api) -> dict[str, str]:
    """An order of 张伟 with a health check: a graded point, its finding and a photo (H3)."""
    async def opened() -> Any:
        r = await api.post("/api/workshop/orders", as_="advisor", json={
            "dealer_id": DEMO_DEALER_ID, "customer_id": DEMO_CUSTOMER_ID,
            "vehicle_id": DEMO_VEHICLE_ID, "concern": "健康车检 health check"})
        return None if r.status_code == 422 else r

    r = await eventually(opened, what="workshop to know 张伟's car")
    assert r.status_code == 201, r.text
    order = r.json()["id"]
    sheet = await api.post(f"/api/workshop/orders/{order}/health-check", as_="tech")
    assert sheet.status_code == 201, sheet.text
    iid = sheet.json()["id"]
    graded = await api.post(f"/api/workshop/inspections/{iid}/points/WIPER-BLADE/grade",
                            as_="tech", json={"grade": "advise", "note": "矩阵 wiper"})
    assert graded.status_code == 200, graded.text
    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
           b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01"
           b"\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
    photo = await api.post(f"/api/workshop/inspections/{iid}/photos", as_="tech",
                           data={"point_code": "WIPER-BLADE"},
                           files={"file": ("wiper.png", png, "image/png")})
    assert photo.status_code == 201, photo.text
    return {"dvi_order": order, "inspection": iid, "finding": graded.json()["findings"][0]["id"],
            "photo": photo.json()["id"], "point": "LIGHT-HEAD"}


async def _foreign_customer(api: Api, settings: ServiceSettings) -> str:
    """A customer whose only file is at the other dealer."""
    admin_b = issue_dev_token(settings, sub="admin-b", roles=["admin"],
                              dealer_ids=[OTHER_DEALER_ID])
    r = await api.client.post(api.url("/api/booking/customers"), json={
        "dealer_id": OTHER_DEALER_ID, "name": "王强 Wang Qiang",
        "phone": f"+86136{uuid.uuid4().int % 10**8:08d}"},
        headers={"Authorization": f"Bearer {admin_b}"})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _cancel_open_appointments(api: Api) -> None:
    """Give back what the matrix booked for 张伟 (the cluster is shared with other tests, and a
    customer may hold only a few open appointments)."""
    r = await api.get("/api/booking/appointments", as_="advisor", params={
        "customer_id": DEMO_CUSTOMER_ID, "status": "booked", "limit": 200})
    for item in r.json()["items"]:
        done = await api.post(f"/api/booking/appointments/{item['id']}/cancel", as_="advisor",
                              json={})
        assert done.status_code in (200, 409), done.text


async def _check_matrix(api: Api, settings: ServiceSettings, budget: float) -> None:
    started = time.monotonic()
    ids = await _setup(api, settings)
    callers = _callers(settings, await _foreign_customer(api, settings))
    mismatches, calls = [], 0
    for op in OPS:  # the principals of one operation at once; operations one after another
        outcomes = await asyncio.gather(*[_outcome(api, op, c, ids) for c in callers])
        for caller, (got, detail) in zip(callers, outcomes, strict=True):
            expected = op.expected(caller.column, caller.scope)
            calls += 1
            if not _matches(expected, got):
                mismatches.append(f"{op.key} as {caller.column} ({caller.scope}): expected "
                                  f"{expected}, got {got} {detail}")
    elapsed = time.monotonic() - started
    await _cancel_open_appointments(api)
    print(f"authorisation matrix: {len(OPS)} operations × {len(callers)} principals = {calls} "
          f"calls in {elapsed:.1f}s")
    assert not mismatches, f"{len(mismatches)} of {calls} cells differ:\n" + "\n".join(mismatches)
    assert elapsed < budget, f"the matrix took {elapsed:.0f}s (budget {budget:.0f}s)"
    assert {c.column for c in callers} == set(COLUMNS)
    assert {c.scope for c in callers} == set(SCOPES)


async def test_authorization_matrix_embedded(embedded_api: Api, embedded: Any) -> None:
    await _check_matrix(embedded_api, embedded.issuer_settings, budget=120)


@pytest.mark.realinfra
async def test_authorization_matrix_on_kafka_and_postgres(cluster_api: Api) -> None:
    await _check_matrix(cluster_api, ServiceSettings(app_env="test"), budget=180)
