"""Problem texts follow Accept-Language: zh-CN by default, en on request, both without a header."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel

from aftersales_common.errors import Conflict
from aftersales_common.web.language import (
    EN,
    ZH,
    choose_language,
    localize,
    split_bilingual,
)
from aftersales_common.web.problems import install_problem_handlers


@pytest.mark.parametrize(("header", "expected"), [
    (None, None), ("", None),
    ("zh-CN", ZH), ("zh", ZH), ("zh-Hans", ZH), ("zh-Hans-CN,zh;q=0.9", ZH),
    ("en", EN), ("en-US", EN), ("en-GB,en;q=0.8", EN),
    ("fr", ZH), ("*", ZH), ("de, fr;q=0.5", ZH),  # nothing usable: the default, Chinese
    ("zh-CN;q=0.4, en;q=0.9", EN), ("en;q=0.5, zh;q=0.6", ZH),
    ("en;q=0, zh", ZH), ("fr, en;q=0.3", EN), ("EN-us", EN),
])
def test_choose_language_by_q_values(header: str | None, expected: str | None) -> None:
    assert choose_language(header) == expected


def test_split_on_the_last_separator_with_chinese_on_its_right() -> None:
    assert split_bilingual("the order is closed / 工单已关闭") == ("the order is closed", "工单已关闭")
    assert split_bilingual("A/B 1 / 2 parts / 配件 1 / 2") == ("A/B 1 / 2 parts", "配件 1 / 2")
    assert split_bilingual("no chinese / here") is None
    assert split_bilingual("仅中文") is None
    assert localize("plain English.", ZH) == "plain English."  # no Chinese half: as it is
    assert localize("closed / 已关闭", None) == "closed / 已关闭"


class Body(BaseModel):
    name: str
    n: int


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/closed")
    async def closed() -> None:
        raise Conflict("the order is closed / 工单已关闭", code="closed", field="x")

    @app.post("/things")
    async def things(body: Body) -> Body:
        return body

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("boom")

    return app


async def _call(method: str, path: str, language: str | None, **kw: object) -> httpx.Response:
    headers = {"Accept-Language": language} if language is not None else {}
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.request(method, path, headers=headers, **kw)  # type: ignore[arg-type]


async def test_domain_error_in_the_language_asked() -> None:
    zh = await _call("GET", "/closed", "zh-CN,zh;q=0.9,en;q=0.8")
    assert zh.status_code == 409 and zh.headers["content-language"] == "zh-CN"
    assert zh.json()["detail"] == "工单已关闭" and zh.json()["title"] == "冲突"
    assert zh.json()["errors"][0]["message"] == "工单已关闭"
    assert zh.headers["content-type"].startswith("application/problem+json")
    assert int(zh.headers["content-length"]) == len(zh.content)
    en = await _call("GET", "/closed", "en-US")
    assert en.json()["detail"] == "the order is closed" and en.json()["title"] == "Conflict"
    assert en.json()["errors"][0]["message"] == "the order is closed"
    assert en.headers["content-language"] == "en"
    other = await _call("GET", "/closed", "fr-FR")  # unknown language: Chinese, the default
    assert other.json()["detail"] == "工单已关闭"


async def test_no_header_keeps_both_languages_as_before() -> None:
    r = await _call("GET", "/closed", None)
    assert r.json()["detail"] == "the order is closed / 工单已关闭"
    assert r.json()["errors"][0]["message"] == "the order is closed / 工单已关闭"
    assert r.headers["content-language"] == "en, zh-CN"


async def test_seedwork_texts_are_translated() -> None:
    zh = await _call("POST", "/things", "zh", json={"name": "x"})
    assert zh.status_code == 422
    assert zh.json()["title"] == "输入无效" and zh.json()["detail"] == "请求中有无效字段。"
    assert zh.json()["errors"] == [{"field": "n", "message": "必填字段", "type": "missing"}]
    en = await _call("POST", "/things", "en", json={"name": "x"})
    assert en.json()["detail"] == "The request has invalid fields."
    assert en.json()["errors"][0]["message"] == "Field required"
    missing = await _call("GET", "/nowhere", "zh-Hans")
    assert missing.status_code == 404 and missing.json()["title"] == "未找到"
    assert missing.headers["content-language"] == "zh-CN"
    wrong = await _call("DELETE", "/closed", "zh")
    assert wrong.status_code == 405 and wrong.json()["title"] == "不支持该请求方法"
    crash = await _call("GET", "/boom", "zh")
    assert crash.status_code == 500 and crash.json()["detail"] == "发生了意外错误。"
    assert (await _call("GET", "/boom", "en")).json()["title"] == "Internal error"


def test_variable_seedwork_texts() -> None:
    assert localize("The request body exceeds 1024 bytes.", ZH) == "请求体超过 1024 字节。"
    assert localize("Invalid token: expired", ZH) == "令牌无效：expired"
    assert localize("Invalid token: expired", EN) == "Invalid token: expired"
