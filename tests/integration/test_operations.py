"""What an operator and a callback agent rely on, end to end in the embedded mode."""

from __future__ import annotations

from typing import Any

from aftersales_common.auth.demo import DEMO_DEALER_ID
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.outbox import OutgoingMessage
from tests.support.api import Api, eventually


async def test_poison_event_is_dead_lettered_listed_and_replayable(embedded, embedded_api: Api
                                                                    ) -> None:
    poison = CloudEvent(source="/aftersales/workshop", type="vehicle.delivered", subject="o-1",
                        dataschema="urn:aftersales:event:vehicle.delivered:v1",
                        dealerid=DEMO_DEALER_ID, data={"order_id": "o-1"})  # fields missing
    await embedded.bus.publish([OutgoingMessage("aftersales.workshop", "o-1", poison.to_json())])

    async def listed() -> list:
        r = await embedded_api.get("/api/crm/admin/dead-letters", as_="admin")
        assert r.status_code == 200
        return [d for d in r.json()["items"] if d["event_id"] == poison.id]

    letters = await eventually(listed, what="the poison event in crm's dead letters")
    # A payload that does not fit its reader can never succeed: dead-lettered at its first
    # attempt instead of spending retries (ADR 0007); transient failures are still retried.
    assert letters[0]["attempts"] == 1 and "delivered_at" in letters[0]["error"]
    assert (await embedded_api.get("/api/crm/admin/dead-letters", as_="callback")).status_code == 403
    replay = await embedded_api.post(f"/api/crm/admin/dead-letters/{letters[0]['id']}/replay",
                                     as_="admin")
    assert replay.status_code == 409  # still broken: stays open with the new error
    # the consumer moved on: a good event after the poison one is processed
    r = await embedded_api.post("/api/booking/customers", as_="advisor", json={
        "name": "后来者 Next", "phone": "13955556666", "dealer_id": DEMO_DEALER_ID})
    assert r.status_code == 201
    crm = embedded.runtime("crm")

    async def processed() -> bool:
        from sqlalchemy import select
        async with crm.db.session() as s:
            ids = (await s.execute(select(crm.tables.inbox.c.event_id))).scalars().all()
        outbox = embedded.runtime("booking").tables.outbox
        async with embedded.runtime("booking").db.session() as s:
            latest = (await s.execute(select(outbox.c.event_id).order_by(
                outbox.c.seq.desc()).limit(1))).scalar_one()
        return latest in ids

    await eventually(processed, what="crm to process the next event")


async def test_no_follow_up_call_for_a_company_car(embedded_api: Api) -> None:
    """Company cars are left out of the callable list (domain.md, follow-up)."""
    api = embedded_api
    customer = (await api.post("/api/booking/customers", as_="advisor", json={
        "name": "某某公司 Fleet Ltd", "phone": "13977778888", "dealer_id": DEMO_DEALER_ID})).json()
    vehicle = (await api.post("/api/booking/vehicles", as_="advisor", json={
        "customer_id": customer["id"], "vin": "LSVAU2180N2183999", "plate": "沪F00001",
        "model": "Passat", "dealer_id": DEMO_DEALER_ID, "usage": "company"})).json()
    async def walk_in() -> Any:  # 422 until workshop's projection has seen the vehicle
        r = await api.post("/api/workshop/orders", as_="advisor", json={
            "dealer_id": DEMO_DEALER_ID, "customer_id": customer["id"], "vehicle_id": vehicle["id"],
            "vin": vehicle["vin"], "plate": vehicle["plate"], "model": "Passat",
            "concern": "洗车 wash only", "service_type": "quick"})
        return r if r.status_code != 422 else None

    order = await eventually(walk_in, what="workshop to know the walk-in's vehicle")
    assert order.status_code == 201, order.text
    oid = order.json()["id"]
    job = (await api.post(f"/api/workshop/orders/{oid}/jobs", as_="advisor", json={
        "op_code": "WASH", "description": "free wash", "labor_hours": "0.5",
        "pay_type": "internal", "parts": []})).json()
    assert (await api.post(f"/api/workshop/orders/{oid}/authorize", as_="advisor",
                           json={"signed_by": "Fleet"})).status_code == 200
    assert (await api.post(f"/api/workshop/jobs/{job['id']}/start", as_="tech")).status_code == 200
    assert (await api.post(f"/api/workshop/jobs/{job['id']}/finish", as_="tech",
                           json={})).status_code == 200
    for level, who in (("self", "tech"), ("foreman", "foreman"), ("final", "qc"), ("wash", "tech"),
                       ("pre_delivery", "advisor")):
        if level == "wash":  # washing (洗车) after the final inspection: then the car is ready
            assert (await api.post(f"/api/workshop/orders/{oid}/wash", as_=who,
                                   json={})).status_code == 200
            continue
        assert (await api.post(f"/api/workshop/orders/{oid}/qc", as_=who, json={
            "passed": True, "notes": "", "level": level})).status_code == 200

    async def delivered() -> bool:  # an all-internal invoice is settled at 0.00
        r = await api.post(f"/api/workshop/orders/{oid}/deliver", as_="advisor", json={})
        return r.status_code == 200

    await eventually(delivered, what="delivery of a zero-total order")

    async def excluded() -> list:
        r = await api.get("/api/crm/callbacks", as_="callback",
                          params={"order_id": oid, "status": "excluded"})
        return r.json()["items"]

    task = (await eventually(excluded, what="crm to record the excluded delivery"))[0]
    assert task["status"] == "excluded"
    callable_ = (await api.get("/api/crm/callbacks", as_="callback",
                               params={"order_id": oid})).json()["items"]
    assert callable_ == []
