"""Problem texts in the caller's language (`Accept-Language`: zh-CN by default, or en).

Domain errors are written bilingually, "English text / 中文文本"; the seedwork's own titles
and details are English and translated here. Without an `Accept-Language` header a problem
keeps both languages, as before; with one, it carries the chosen language only.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ZH = "zh-CN"
EN = "en"
DEFAULT = ZH
BOTH = "en, zh-CN"  # Content-Language of a problem left bilingual (no Accept-Language)
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_SEPARATOR = " / "

# The seedwork's fixed English texts (titles, details, validation messages) in Chinese.
_ZH_TEXTS: dict[str, str] = {
    "Unauthorized": "未认证",
    "Forbidden": "无权访问",
    "Not found": "未找到",
    "Not Found": "未找到",
    "Method not allowed": "不支持该请求方法",
    "Method Not Allowed": "不支持该请求方法",
    "Conflict": "冲突",
    "Bad request": "请求错误",
    "Precondition required": "缺少前置条件",
    "Error": "错误",
    "Invalid input": "输入无效",
    "Internal error": "内部错误",
    "Not ready": "服务未就绪",
    "Service unavailable": "服务不可用",
    "Too many requests": "请求过多",
    "Content too large": "请求内容过大",
    "Request header fields too large": "请求头过大",
    "Request superseded": "请求已被取代",
    "Request in progress": "请求正在处理",
    "Idempotency key reused": "幂等键被重复使用",
    "The request has invalid fields.": "请求中有无效字段。",
    "The request body is not JSON in UTF-8.": "请求体不是 UTF-8 编码的 JSON。",
    "An unexpected error occurred.": "发生了意外错误。",
    "A bearer token is required.": "需要 Bearer 令牌。",
    "Your role may not do this.": "您的角色无权执行此操作。",
    "Unknown user or wrong password.": "用户名或密码错误。",
    "Too many token requests; retry later.": "令牌请求过多，请稍后重试。",
    "Too many requests for this caller; retry later.": "该调用方请求过多，请稍后重试。",
    "This request outlived its Idempotency-Key lease and was rolled back; retry with the "
    "same key to get the result.": "该请求超出了幂等键的租期，已回滚；请用同一幂等键重试以获取结果。",
    "The request could not be committed; retry with the same key.":
        "请求未能提交，请用同一幂等键重试。",
    "This Idempotency-Key was used with a different request body.":
        "该幂等键已用于另一个不同的请求体。",
    "A request with this Idempotency-Key is running; retry later.":
        "使用该幂等键的请求正在处理，请稍后重试。",
    "Invalid token: unusable subject.": "令牌无效：主体不可用。",
    "not JSON in UTF-8": "不是 UTF-8 编码的 JSON",
    "invalid key": "幂等键无效",
    "Field required": "必填字段",
}
# Texts with a variable part: pattern → Chinese template (groups by number).
_ZH_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"The request body exceeds (\d+) bytes\."), r"请求体超过 \1 字节。"),
    (re.compile(r"The request's headers exceed (\d+) bytes\."), r"请求头超过 \1 字节。"),
    (re.compile(r"Idempotency-Key must be 1 to (\d+) visible ASCII characters\."),
     r"幂等键须为 1 到 \1 个可见 ASCII 字符。"),
    (re.compile(r"A request with an Idempotency-Key needs a path of at most (\d+) "
                r"printable characters\."), r"带幂等键的请求，其路径最多 \1 个可打印字符。"),
    (re.compile(r"No service serves (.*)\."), r"没有服务处理 \1。"),
    (re.compile(r"Unavailable: (.*)"), r"不可用：\1"),
    (re.compile(r"Invalid token: (.*)", re.S), r"令牌无效：\1"),
]
# Pydantic's validation messages, by error type (the English message is kept otherwise).
_ZH_VALIDATION: dict[str, str] = {
    "missing": "必填字段",
    "json_invalid": "不是有效的 JSON",
    "string_type": "应为字符串",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为布尔值",
    "uuid_parsing": "应为 UUID",
    "date_from_datetime_parsing": "应为日期",
    "date_parsing": "应为日期",
    "datetime_parsing": "应为日期时间",
    "datetime_from_date_parsing": "应为日期时间",
    "extra_forbidden": "不允许的字段",
    "model_attributes_type": "应为对象",
    "dict_type": "应为对象",
    "list_type": "应为列表",
}


def choose_language(header: str | None) -> str | None:
    """The language a problem is written in: "zh-CN", "en", or None (no header: both).

    q-values rank the ranges; `zh*` means Chinese, `en*` English, `*` or nothing usable
    the default (Chinese). A range with q=0 is refused.
    """
    if header is None or not header.strip():
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag and q > 0:
            ranked.append((-q, index, tag.lower()))
    for _, _, tag in sorted(ranked):
        if tag == "zh" or tag.startswith("zh-"):
            return ZH
        if tag == "en" or tag.startswith("en-"):
            return EN
        if tag == "*":
            return DEFAULT
    return DEFAULT


def split_bilingual(text: str) -> tuple[str, str] | None:
    """("English", "中文") of "English / 中文": the last " / " whose right side has CJK."""
    end = len(text)
    while (at := text.rfind(_SEPARATOR, 0, end)) > 0:
        english, chinese = text[:at].strip(), text[at + len(_SEPARATOR):].strip()
        if english and _CJK.search(chinese):
            return english, chinese
        end = at
    return None


def localize(text: str, language: str | None) -> str:
    """One text in `language` (None: unchanged)."""
    if language is None or not isinstance(text, str):
        return text
    halves = split_bilingual(text)
    if halves:
        return halves[0] if language == EN else halves[1]
    if language == EN:
        return text
    if text in _ZH_TEXTS:
        return _ZH_TEXTS[text]
    for pattern, template in _ZH_PATTERNS:
        if pattern.fullmatch(text):
            return pattern.sub(template, text)
    return text


def localize_problem(body: dict[str, Any], language: str | None) -> dict[str, Any]:
    """A problem body's title, detail and errors[].message in `language`."""
    if language is None:
        return body
    out = dict(body)
    for key in ("title", "detail"):
        if isinstance(out.get(key), str):
            out[key] = localize(out[key], language)
    errors = out.get("errors")
    if isinstance(errors, list):
        out["errors"] = [_localize_error(e, language) for e in errors]
    return out


def _localize_error(error: Any, language: str) -> Any:
    if not isinstance(error, dict) or not isinstance(error.get("message"), str):
        return error
    message = error["message"]
    if language == ZH and split_bilingual(message) is None and error.get("type") in _ZH_VALIDATION:
        return {**error, "message": _ZH_VALIDATION[error["type"]]}
    return {**error, "message": localize(message, language)}


def _header(scope: Scope, name: bytes) -> str | None:
    values = [v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == name]
    return ", ".join(values) if values else None


class LocalizeProblems:
    """Rewrites every problem+json response into the language the request asks for.

    Outermost middleware: whoever built the problem (handlers, middleware, the embedded
    dispatcher), it leaves in one language with `Content-Language`; other responses pass.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def localizing(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if ctype.split(b";")[0].strip().lower() == b"application/problem+json":
                    start = message
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = original = b"".join(chunks)
                # Negotiated only for a problem: every other response passes untouched.
                language = choose_language(_header(scope, b"accept-language"))
                if language is not None:
                    try:
                        body = json.dumps(localize_problem(json.loads(body), language),
                                          ensure_ascii=False, separators=(",", ":")).encode()
                    except (ValueError, TypeError, AttributeError):
                        body = original  # not a JSON object: sent as it came
                changed = body != original
                headers = [(k, v) for k, v in start.get("headers", [])
                           if k.lower() != b"content-language"
                           and not (changed and k.lower() == b"content-length")]
                if changed:
                    headers.append((b"content-length", str(len(body)).encode()))
                headers.append((b"content-language", (language or BOTH).encode()))
                if not any(k.lower() == b"vary" and b"accept-language" in v.lower()
                           for k, v in headers):
                    headers.append((b"vary", b"Accept-Language"))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, localizing)
