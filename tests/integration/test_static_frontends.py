"""The embedded app serves built single-page frontends beside the API (console at /, customer at /m/)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from aftersales_embedded.frontends import StaticFrontends


def _dist(root: Path, title: str) -> Path:
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(f"<title>{title}</title>", encoding="utf-8")
    (root / "assets" / "app-1a2b.js").write_text("console.log(1)", encoding="utf-8")
    return root


async def _get(frontends: StaticFrontends, path: str) -> tuple[int, dict[str, str], str] | None:
    """One GET straight through `serve`: (status, headers, body), or None when not served."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:  # the client never disconnects
        await asyncio.Event().wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}
    if not await frontends.serve(scope, receive, send):
        return None
    start = sent[0]
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent[1:]).decode()
    return start["status"], headers, body


async def test_files_client_routes_and_prefixes(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    frontends = StaticFrontends([("/", _dist(tmp_path / "console", "console")),
                                 ("/m/", _dist(tmp_path / "customer", "customer"))])

    status, headers, body = await _get(frontends, "/") or (0, {}, "")
    assert status == 200 and "console" in body and headers["cache-control"] == "no-cache"
    assert "console" in (await _get(frontends, "/orders/123") or (0, {}, ""))[2]  # client route
    status, headers, _ = await _get(frontends, "/assets/app-1a2b.js") or (0, {}, "")
    assert status == 200 and "immutable" in headers["cache-control"]
    assert (await _get(frontends, "/assets/missing.js") or (0,))[0] == 404
    escaped = await _get(frontends, "/../secret.txt") or (0, {}, "")
    assert "secret" not in escaped[2]  # never a file outside the build folder
    assert "customer" in (await _get(frontends, "/m/orders/9") or (0, {}, ""))[2]
    status, headers, _ = await _get(frontends, "/m") or (0, {}, "")
    assert status == 308 and headers["location"] == "/m/"


async def test_an_unbuilt_frontend_is_left_to_the_caller(tmp_path: Path) -> None:
    frontends = StaticFrontends([("/", tmp_path / "not-built")])
    assert await _get(frontends, "/") is None
    assert not frontends.built("/")
