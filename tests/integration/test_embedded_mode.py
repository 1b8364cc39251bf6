"""The embedded mode: one process, data kept across a restart, one port for everything."""

from __future__ import annotations

from pathlib import Path

import httpx

from aftersales_common.auth.demo import DEMO_DEALER_ID
from tests.support.api import Api, eventually


async def _api(app) -> Api:
    return Api("http://embedded", transport=httpx.ASGITransport(app=app))


async def test_data_and_pending_events_survive_a_restart(tmp_path: Path) -> None:
    from aftersales_embedded.app import EmbeddedApp

    first = EmbeddedApp(tmp_path / "data")
    await first.startup()
    api = await _api(first)
    customer = (await api.post("/api/booking/customers", as_="advisor", json={
        "name": "重启测试 Restart", "phone": "13911112222", "dealer_id": DEMO_DEALER_ID})).json()
    await first.shutdown()
    await api.aclose()
    # while everything is stopped, a change commits with its event (as if the process had
    # died right after the commit, before the relay ran)
    from aftersales_common.auth import Principal
    from booking.service import handlers

    advisor = Principal(sub="advisor", roles=frozenset({"service_advisor"}),
                        dealer_ids=frozenset({DEMO_DEALER_ID}))
    async with first.runtime("booking").uow() as uow:
        offline = await handlers.register_customer(
            uow=uow, principal=advisor, dealer_id=DEMO_DEALER_ID, name="离线 Offline",
            phone="13933334444", email=None, callback_opt_out=True, sms_opt_out=False,
            preferred_channel="phone")
    await first.runtime("booking").db.dispose()

    second = EmbeddedApp(tmp_path / "data")
    await second.startup()
    api = await _api(second)
    try:
        r = await api.get(f"/api/booking/customers/{customer['id']}", as_="advisor")
        assert r.status_code == 200 and r.json()["name"] == "重启测试 Restart"
        crm = second.runtime("crm")

        async def crm_saw_offline_customer() -> bool:
            async with crm.db.session() as s:
                from sqlalchemy import func, select
                n = await s.scalar(select(func.count()).select_from(crm.tables.inbox).where(
                    crm.tables.inbox.c.type == "customer.registered"))
            return int(n or 0) >= 4  # 2 demo customers, the first one, the offline one

        await eventually(crm_saw_offline_customer, what="the event committed while stopped")
        assert offline.id
    finally:
        await second.shutdown()
        await api.aclose()


async def test_one_port_serves_every_service_and_the_issuer(embedded_api: Api) -> None:
    for service in ("booking", "workshop", "parts", "billing", "crm"):
        r = await embedded_api.get(f"/api/{service}/readyz")
        # database and bus reachable, and (issue 7) every event consumer alive and not stalled
        assert r.status_code == 200 and r.json()["checks"] == {
            "database": True, "bus": True, "consumers": True}
        spec = await embedded_api.get(f"/api/{service}/openapi.json")
        assert spec.status_code == 200 and any(p.startswith(f"/api/{service}/")
                                               for p in spec.json()["paths"])
    missing = await embedded_api.get("/api/nothing/here")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    home = await embedded_api.get("/")
    assert "Aftersales" in home.text and "demo1234" in home.text
