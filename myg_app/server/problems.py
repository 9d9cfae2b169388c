"""Every error leaves the API as RFC 9457 problem+json with a stable `code` and Korean text."""
from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from myg_app.contracts.common import FieldError, Problem
from myg_app.server.errors import AppError

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
}


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_JSON


def problem_response(request: Request, status: int, code: str, detail: str,
                     errors: list[FieldError] | None = None,
                     headers: dict[str, str] | None = None) -> ProblemResponse:
    title = _TITLES.get(status) or HTTPStatus(status).phrase
    body = Problem(title=title, status=status, detail=detail, code=code,
                   instance=request.url.path, errors=errors or [])
    return ProblemResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting problem+json answers."""
    return {
        s: {"model": Problem, "description": _TITLES.get(s, HTTPStatus(s).phrase),
            "content": {PROBLEM_JSON: {}}}
        for s in statuses
    }


def field_errors(errors: list[dict[str, Any]]) -> list[FieldError]:
    out: list[FieldError] = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ())]
        if loc[:1] == ["body"]:
            loc = loc[1:]
        kind = err.get("type", "")
        if kind == "json_invalid":
            loc = []  # the location is a character offset, not a field
        out.append(FieldError(field=".".join(loc), message=_field_message(kind, err, loc)))
    return out


def _field_message(kind: str, err: dict[str, Any], loc: list[str]) -> str:
    if kind == "value_error":
        msg = str(err.get("msg", ""))
        return msg.removeprefix("Value error, ") or "입력값이 올바르지 않습니다."
    if kind == "missing" and not loc:
        return "요청 본문(JSON)이 필요합니다."
    if kind == "string_too_long":
        return f"{(err.get('ctx') or {}).get('max_length', '')}자 이하로 입력해 주세요."
    return _FIELD_MESSAGES.get(kind, "입력값이 올바르지 않습니다.")


async def _app_error(request: Request, exc: AppError) -> ProblemResponse:
    return problem_response(request, exc.status, exc.code, exc.detail, exc.errors, exc.headers)


async def _http_error(request: Request, exc: StarletteHTTPException) -> ProblemResponse:
    code, detail = _HTTP_DEFAULTS.get(
        exc.status_code, (f"http_{exc.status_code}", "요청을 처리할 수 없습니다.")
    )
    return problem_response(request, exc.status_code, code, detail, headers=exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> ProblemResponse:
    errors = field_errors(list(exc.errors()))
    detail = " ".join(f"{e.field}: {e.message}" if e.field else e.message for e in errors)
    return problem_response(request, 422, "validation_error", detail, errors)


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
    app.add_exception_handler(Exception, _unexpected)
