"""Limits, errors and documentation across the five services and the embedded process.

- every operation of every service documents its problem+json answers, every POST its
  `Idempotency-Key`, every 429 its `Retry-After` (the OpenAPI tells the truth);
- the docs pages load with no outside request (assets served by the service);
- 405 carries `Allow`;
- the embedded process holds the same limits at its door (413, 431) and one per-principal
  rate limit across its five services.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from aftersales_common.settings import ServiceSettings
from aftersales_common.testing import bearer

SERVICES = ("booking", "workshop", "parts", "billing", "crm")
MB = 1024 * 1024


def _service_apps(tmp_path: Path) -> dict[str, Any]:
    from aftersales_embedded.app import EmbeddedApp

    app = EmbeddedApp(tmp_path / "data")
    return {name: app.apps[name] for name in (*SERVICES, "auth")}


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in schema["paths"].items()
            for method, op in item.items() if method in {"get", "post", "put", "patch", "delete"}]


def test_every_operation_documents_its_problem_responses_and_every_post_its_key(
        tmp_path: Path) -> None:
    checked = 0
    for name, app in _service_apps(tmp_path).items():
        schema = app.openapi()
        assert "Problem" in schema["components"]["schemas"], name
        for path, method, op in _operations(schema):
            where = f"{name}: {method.upper()} {path}"
            responses = op["responses"]
            expected = {"429", "431", "500"}
            if op.get("security"):
                expected |= {"401", "403", "404", "422"}
            if method in {"post", "put", "patch", "delete"}:
                expected |= {"409", "413", "422"}
            assert expected <= set(responses), f"{where} lacks {expected - set(responses)}"
            for code, entry in responses.items():
                if int(code) >= 400:
                    content = entry.get("content", {})
                    assert list(content) == ["application/problem+json"], f"{where} {code}"
                    assert content["application/problem+json"]["schema"] == {
                        "$ref": "#/components/schemas/Problem"}
            if "429" in responses:
                assert "Retry-After" in responses["429"]["headers"], where
            if method == "post":
                keys = [p for p in op.get("parameters", [])
                        if p["in"] == "header" and p["name"].lower() == "idempotency-key"]
                assert len(keys) == 1, f"{where}: Idempotency-Key documented {len(keys)} times"
                assert keys[0]["schema"]["maxLength"] == 200
            checked += 1
    assert checked > 60


async def test_the_docs_pages_load_with_no_outside_request(tmp_path: Path) -> None:
    for name, app in _service_apps(tmp_path).items():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://local") as client:
            for page in ("docs", "redoc"):
                r = await client.get(f"/api/{name}/{page}")
                assert r.status_code == 200, (name, page)
                urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", r.text)
                urls += re.findall(r"""(?:url|spec-url)\s*[:=]\s*["']([^"']+)["']""", r.text)
                assert urls, (name, page)
                for url in urls:
                    assert url.startswith("/"), f"{name} {page} loads {url} from outside"
                    assert (await client.get(url)).status_code == 200, (name, page, url)
                assert "https://" not in r.text.replace("https://aftersales.dev", ""), (
                    name, page)


async def test_405_carries_allow(embedded_api: Any) -> None:
    r = await embedded_api.request("DELETE", "/api/booking/appointments", as_="advisor")
    assert r.status_code == 405
    assert r.headers["content-type"] == "application/problem+json"
    assert {"GET", "POST"} <= {m.strip() for m in r.headers["allow"].split(",")}


async def test_the_embedded_process_refuses_big_bodies_and_headers_at_its_door(
        embedded: Any) -> None:
    transport = httpx.ASGITransport(app=embedded)
    async with httpx.AsyncClient(transport=transport, base_url="http://embedded") as client:
        for path in ("/api/booking/customers", "/api/auth/token", "/api/nowhere"):
            big = await client.post(path, content=b"x" * (2 * MB),
                                    headers={"content-type": "application/json"})
            assert big.status_code == 413, path  # before the 401, the form parser, the 404
            assert big.headers["content-type"] == "application/problem+json"
            huge = await client.get(path, headers={"X-Big": "h" * 8 * MB})
            assert huge.status_code == 431, path


async def test_one_principal_shares_one_rate_limit_across_the_embedded_services(
        tmp_path: Path) -> None:
    from aftersales_embedded.app import EmbeddedApp

    app = EmbeddedApp(tmp_path / "data", rate_limit_api_per_second=0.5, rate_limit_api_burst=4)
    await app.startup()
    try:
        headers = bearer(ServiceSettings(app_env="test"), "manager", sub="busy-manager")
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://embedded") as client:
            codes = [(await client.get(f"/api/{s}/healthz", headers=headers)).status_code
                     for s in SERVICES]
            assert codes == [200, 200, 200, 200, 429]
            limited = await client.get("/api/crm/healthz", headers=headers)
            assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
            other = bearer(ServiceSettings(app_env="test"), "manager", sub="calm-manager")
            assert (await client.get("/api/crm/healthz", headers=other)).status_code == 200
    finally:
        await app.shutdown()


@pytest.mark.parametrize("header", ["Idempotency-Key", "Authorization"])
async def test_a_non_utf8_header_on_a_post_is_a_4xx(embedded_api: Any, header: str) -> None:
    token = await embedded_api.token("advisor")
    headers = [("Authorization", f"Bearer {token}".encode()), (header, b"\xff\xfe\x00bad")]
    if header == "Authorization":
        headers = [(header, b"Bearer \xff\xfe"), ("Idempotency-Key", b"\xff")]
    r = await embedded_api.client.post(embedded_api.url("/api/booking/customers"),
                                       headers=headers, json={"name": "x"})
    assert 400 <= r.status_code < 500, r.text
    assert r.headers["content-type"] == "application/problem+json"


async def test_a_path_over_400_characters_with_a_key_is_422_on_sqlite(embedded_api: Any) -> None:
    r = await embedded_api.post("/api/booking/appointments/" + "a" * 400 + "/cancel",
                                as_="advisor", headers={"Idempotency-Key": "long-path"},
                                json={"reason": "x"})
    assert r.status_code == 422, r.text
