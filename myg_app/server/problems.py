"""Every error leaves the API as RFC 9457 problem+json with a stable `code` and a text in the
caller's language (Accept-Language: Korean by default, English, Vietnamese, Chinese; the
catalog is myg_app/i18n, a message without a translation stays Korean)."""
from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from myg_app import i18n
from myg_app.contracts.common import FieldError, Problem
from myg_app.contracts.types import INT32_MAX
from myg_app.server.errors import AppError
from myg_app.server.observability.context import current_request_id

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

_TITLES = {
    400: "잘못된 요청",
    401: "로그인 필요",
    402: "결제 실패",
    403: "권한 없음",
    404: "찾을 수 없음",
    405: "허용되지 않는 요청 방식",
    409: "충돌",
    413: "요청이 너무 큼",
    415: "지원하지 않는 형식",
    422: "입력값 확인 필요",
    429: "요청이 너무 많음",
    500: "서버 오류",
    503: "일시적으로 이용할 수 없음",
}

# (code, detail) for HTTPExceptions raised by the framework itself.
_HTTP_DEFAULTS = {
    400: ("bad_request", "요청 본문을 읽을 수 없습니다. UTF-8 JSON 형식인지 확인해 주세요."),
    404: ("not_found", "요청한 주소를 찾을 수 없습니다."),
    405: ("method_not_allowed", "이 주소에서는 지원하지 않는 요청 방식입니다."),
}

_FIELD_MESSAGES = {
    "missing": "필수 항목입니다.",
    "list_type": "목록(배열) 형식이어야 합니다.",
    "string_type": "문자열이어야 합니다.",
    "json_invalid": "요청 본문이 올바른 JSON이 아닙니다.",
    "model_attributes_type": "객체(JSON) 형식이어야 합니다.",
    "model_type": "객체(JSON) 형식이어야 합니다.",
    "dict_type": "객체(JSON) 형식이어야 합니다.",
    "int_type": "정수여야 합니다.",
    "int_parsing": "정수여야 합니다.",
    "int_from_float": "소수점 없는 정수여야 합니다.",
    "int_parsing_size": "숫자가 너무 큽니다.",
    "float_type": "숫자여야 합니다.",
    "float_parsing": "숫자여야 합니다.",
    "finite_number": "올바른 숫자가 아닙니다.",
    "bool_type": "true 또는 false여야 합니다.",
    "bool_parsing": "true 또는 false여야 합니다.",
    "date_type": "날짜 형식(YYYY-MM-DD)이어야 합니다.",
    "date_parsing": "날짜 형식(YYYY-MM-DD)이어야 합니다.",
    "date_from_datetime_parsing": "날짜 형식(YYYY-MM-DD)이어야 합니다.",
    "date_from_datetime_inexact": "시각 없이 날짜(YYYY-MM-DD)만 보내 주세요.",
    "datetime_type": "날짜와 시각 형식(ISO 8601)이어야 합니다.",
    "datetime_parsing": "날짜와 시각 형식(ISO 8601)이어야 합니다.",
    "datetime_from_date_parsing": "날짜와 시각 형식(ISO 8601)이어야 합니다.",
    "time_type": "시각 형식(HH:MM)이어야 합니다.",
    "time_parsing": "시각 형식(HH:MM)이어야 합니다.",
    "string_pattern_mismatch": "형식이 올바르지 않습니다.",
    "string_unicode": "문자열이 올바르지 않습니다.",
    "extra_forbidden": "알 수 없는 항목입니다.",
    "union_tag_invalid": "알 수 없는 종류입니다.",
    "union_tag_not_found": "종류(type)를 정해 주세요.",
    "url_parsing": "주소(URL) 형식이 올바르지 않습니다.",
    "uuid_parsing": "UUID 형식이 올바르지 않습니다.",
    "bytes_type": "올바른 값이 아닙니다.",
}


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_JSON


def language_of(request: Request) -> str:
    return i18n.negotiate(request.headers.get("accept-language"))


def problem_response(request: Request, status: int, code: str, detail: str,
                     errors: list[FieldError] | None = None,
                     headers: dict[str, str] | None = None) -> ProblemResponse:
    lang = language_of(request)
    title = i18n.localize(_TITLES.get(status), lang) or HTTPStatus(status).phrase
    told = i18n.localize(detail, lang)
    # A field error repeating the detail (AppError(field=...)) says what the detail says.
    errors = [e if lang == i18n.DEFAULT else FieldError(
        field=e.field, message=told if e.message == detail else i18n.localize(e.message, lang))
        for e in errors or []]
    body = Problem(title=title, status=status, detail=told, code=code,
                   instance=request.url.path, errors=errors,
                   request_id=current_request_id())
    out = ProblemResponse(body.model_dump(mode="json"), status_code=status, headers=headers)
    out.headers["Content-Language"] = lang
    out.headers["Vary"] = "Accept-Language"
    return out


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting problem+json answers."""
    return {
        s: {"model": Problem, "description": _TITLES.get(s, HTTPStatus(s).phrase),
            "content": {PROBLEM_JSON: {}}}
        for s in statuses
    }


def field_errors(errors: list[dict[str, Any]], lang: str = i18n.DEFAULT) -> list[FieldError]:
    out: list[FieldError] = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ())]
        if loc[:1] == ["body"]:
            loc = loc[1:]
        kind = err.get("type", "")
        if kind == "json_invalid":
            loc = []  # the location is a character offset, not a field
        out.append(FieldError(field=".".join(loc),
                              message=i18n.localize(_field_message(kind, err, loc), lang)))
    return out


def _field_message(kind: str, err: dict[str, Any], loc: list[str]) -> str:
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        raised = ctx.get("error")  # the validator's ValueError: its message may be a Msg
        if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], str):
            return raised.args[0]
        msg = str(err.get("msg", ""))
        return msg.removeprefix("Value error, ") or "입력값이 올바르지 않습니다."
    if kind == "missing" and not loc:
        return "요청 본문(JSON)이 필요합니다."
    if kind == "string_too_long":
        return i18n.msg("{n}자 이하로 입력해 주세요.", n=ctx.get("max_length", ""))
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return "내용을 입력해 주세요." if n == 1 else i18n.msg("{n}자 이상 입력해 주세요.", n=n)
    if kind == "too_short":
        return i18n.msg("{n}개 이상이어야 합니다.", n=ctx.get("min_length", 1))
    if kind == "too_long":
        return i18n.msg("{n}개 이하여야 합니다.", n=ctx.get("max_length", ""))
    if kind in ("less_than_equal", "less_than") and ctx:
        limit = ctx.get("le", ctx.get("lt"))
        if isinstance(limit, int) and limit >= INT32_MAX:
            return "숫자가 너무 큽니다."
        return i18n.msg("{limit} 이하여야 합니다." if kind == "less_than_equal"
                        else "{limit} 미만이어야 합니다.", limit=limit)
    if kind in ("greater_than_equal", "greater_than") and ctx:
        limit = ctx.get("ge", ctx.get("gt"))
        return i18n.msg("{limit} 이상이어야 합니다." if kind == "greater_than_equal"
                        else "{limit} 초과여야 합니다.", limit=limit)
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected")
        return i18n.msg("다음 중 하나여야 합니다: {expected}", expected=expected) if expected \
            else "허용되지 않는 값입니다."
    return _FIELD_MESSAGES.get(kind, "입력값이 올바르지 않습니다.")


async def _app_error(request: Request, exc: AppError) -> ProblemResponse:
    return problem_response(request, exc.status, exc.code, exc.detail, exc.errors, exc.headers)


async def _http_error(request: Request, exc: StarletteHTTPException) -> ProblemResponse:
    code, detail = _HTTP_DEFAULTS.get(
        exc.status_code, (f"http_{exc.status_code}", "요청을 처리할 수 없습니다.")
    )
    return problem_response(request, exc.status_code, code, detail, headers=exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> ProblemResponse:
    errors = field_errors(list(exc.errors()), language_of(request))
    detail = " ".join(f"{e.field}: {e.message}" if e.field else e.message for e in errors)
    return problem_response(request, 422, "validation_error", detail, errors)


async def _unstorable(request: Request, exc: Exception) -> ProblemResponse:
    """The safety net behind the contract types: a value the database cannot hold (an integer
    out of range, a NUL byte, ...) is the client's input, not a server fault."""
    log.warning("unstorable input (%s) on %s %s", type(exc).__name__, request.method,
                request.url.path)
    return problem_response(
        request, 422, "validation_error",
        "입력값이 너무 크거나 저장할 수 없는 문자가 들어 있습니다. 입력값을 확인해 주세요.")


async def _unexpected(request: Request, exc: Exception) -> ProblemResponse:
    # Method, path and exception only: bodies and headers may hold personal data or tokens
    # (SQL parameters are hidden by the engine, see db.make_engine).
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path,
              exc_info=exc)
    return problem_response(
        request, 500, "internal_error",
        "죄송합니다. 일시적인 오류로 요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.",
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    for exc_type in (DataError, OverflowError, UnicodeEncodeError):
        app.add_exception_handler(exc_type, _unstorable)
    # Exceptions nothing else handled. Starlette answers those in ServerErrorMiddleware and
    # then re-raises, and uvicorn closes the connection on an exception raised after the
    # response started: the client loses its keep-alive connection with every 500. The
    # middleware answers them itself, inside, without re-raising.
    app.add_middleware(UnexpectedErrors)
    app.add_exception_handler(Exception, _unexpected)  # what still escapes (after the start)


class UnexpectedErrors:
    """Pure ASGI (no BaseHTTPMiddleware cost): turns an unhandled exception into the 500
    problem+json and ends the request normally, so the connection stays open."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            if started:
                raise  # too late for an answer: uvicorn closes the connection
            response = await _unexpected(Request(scope), exc)
            await response(scope, receive, send)
