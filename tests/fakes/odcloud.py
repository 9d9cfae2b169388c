"""A local fake of the 보조금24 open API (odcloud `gov24/v3`), serving the recorded 1,097-service
sample (tests/data/gov24/*.json.gz, raw API records joined by 서비스ID):

- GET /api/gov24/v3/serviceList | serviceDetail | supportConditions
  ?page=1&perPage=10&returnType=JSON&serviceKey=...
- answer: {"currentCount", "data", "matchCount", "page", "perPage", "totalCount"} (the keys in
  the order the real API sends them); a page past the end has currentCount 0 and data []
- a wrong key: HTTP 401 {"code": -4, "msg": "등록되지 않은 인증키 입니다."}; no key: 401 -401;
  a bad page/perPage: 400 -2; an unknown path: 400 -3

Knobs for tests: `fail_next(n, status)` (the next n requests fail with odcloud's body for that
status), `delay_s` / `slow_next(n, delay_s)` (answers come late, for client timeouts),
`xml_auth_error` (the data.go.kr gateway's HTTP 200 XML error instead of JSON), `drop_ids` and
`replace(id, fields)` / `add(...)` (the catalogue changed before a re-import), `calls` (what
was asked; the key itself is never logged, only whether it matched).
"""
from __future__ import annotations

import asyncio
import gzip
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from tests.fakes.ports import serving

DATA = Path(__file__).resolve().parents[1] / "data" / "gov24"
OPERATIONS = ("serviceList", "serviceDetail", "supportConditions")
FAKE_KEY = "fake-gov24-key+/=="  # "+", "/" and "=" as real data.go.kr keys have

ERROR_BODIES = {
    400: {"code": -2, "msg": "요청하신 파라미터가 적합하지 않습니다."},
    401: {"code": -4, "msg": "등록되지 않은 인증키 입니다."},
    429: {"code": -10, "msg": "트래픽 허용 횟수를 초과하였습니다."},
}
SERVER_ERROR = {"code": -1, "msg": "시스템 내부 오류가 발생하였습니다."}

XML_AUTH_ERROR = """<OpenAPI_ServiceResponse>
\t<cmmMsgHeader>
\t\t<errMsg>SERVICE ERROR</errMsg>
\t\t<returnAuthMsg>SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg>
\t\t<returnReasonCode>30</returnReasonCode>
\t</cmmMsgHeader>
</OpenAPI_ServiceResponse>"""


@cache
def recorded(operation: str) -> tuple[dict[str, Any], ...]:
    """The recorded raw records of one operation (shared; copy before changing)."""
    with gzip.open(DATA / f"{operation}.json.gz", "rt", encoding="utf-8") as f:
        return tuple(json.load(f))


@dataclass
class Call:
    operation: str
    page: int | None
    per_page: int | None
    key_ok: bool
    status: int


class FakeOdcloud:
    def __init__(self, service_key: str = FAKE_KEY):
        self.service_key = service_key
        self.records: dict[str, list[dict[str, Any]]] = {
            op: [dict(r) for r in recorded(op)] for op in OPERATIONS}
        self.drop_ids: set[str] = set()
        self.delay_s = 0.0
        self.delay_count: int | None = None  # None: every answer is late by delay_s
        self.xml_auth_error = False
        self.calls: list[Call] = []
        self._failures: list[int] = []
        self._lock = threading.Lock()
        self.app = self._build()

    # knobs --------------------------------------------------------------------------------

    def fail_next(self, n: int = 1, status: int = 500) -> None:
        with self._lock:
            self._failures.extend([status] * n)

    def slow_next(self, n: int, delay_s: float) -> None:
        with self._lock:
            self.delay_s, self.delay_count = delay_s, n

    def replace(self, service_id: str, fields: dict[str, Any],
                operation: str | None = None) -> None:
        """Change a service's fields: in `operation` only, or in every operation whose record
        has the field (a field no record has goes to serviceList)."""
        ops = [operation] if operation else list(OPERATIONS)
        for key, value in fields.items():
            hit = False
            for op in ops:
                for rec in self.records[op]:
                    if str(rec.get("서비스ID")) == service_id and (operation or key in rec):
                        rec[key] = value
                        hit = True
            if not hit and not operation:
                row = self._row("serviceList", service_id)
                if row is None:
                    raise KeyError(service_id)
                row[key] = value

    def add(self, row: dict[str, Any], detail: dict[str, Any] | None = None,
            conditions: dict[str, Any] | None = None) -> None:
        """A new service (at the end of the catalogue)."""
        sid = row["서비스ID"]
        self.records["serviceList"].append(dict(row))
        self.records["serviceDetail"].append({"서비스ID": sid, **(detail or {})})
        if conditions is not None:
            self.records["supportConditions"].append({"서비스ID": sid, **conditions})

    def visible(self, operation: str) -> list[dict[str, Any]]:
        return [r for r in self.records[operation] if str(r.get("서비스ID")) not in self.drop_ids]

    def ids(self) -> list[str]:
        return [str(r["서비스ID"]) for r in self.visible("serviceList")]

    def calls_to(self, operation: str) -> list[Call]:
        return [c for c in self.calls if c.operation == operation]

    def _row(self, operation: str, service_id: str) -> dict[str, Any] | None:
        return next((r for r in self.records[operation]
                     if str(r.get("서비스ID")) == service_id), None)

    def _take(self) -> tuple[int | None, float]:
        with self._lock:
            status = self._failures.pop(0) if self._failures else None
            delay = 0.0
            if self.delay_s and (self.delay_count is None or self.delay_count > 0):
                delay = self.delay_s
                if self.delay_count is not None:
                    self.delay_count -= 1
            return status, delay

    # the API ------------------------------------------------------------------------------

    def _build(self) -> FastAPI:
        app = FastAPI()

        def log(operation: str, q: dict[str, str], key_ok: bool, status: int) -> None:
            def num(name: str) -> int | None:
                try:
                    return int(q[name])
                except (KeyError, ValueError):
                    return None
            self.calls.append(Call(operation, num("page"), num("perPage"), key_ok, status))

        @app.get("/api/gov24/v3/{operation}")
        async def serve(operation: str, request: Request):
            q = dict(request.query_params)
            key = q.get("serviceKey")
            key_ok = key == self.service_key
            failure, delay = self._take()
            if delay:
                await asyncio.sleep(delay)
            if operation not in OPERATIONS:
                log(operation, q, key_ok, 400)
                return JSONResponse({"code": -3, "msg": "등록되지 않은 서비스 입니다."}, 400)
            if self.xml_auth_error:
                log(operation, q, key_ok, 200)
                return Response(XML_AUTH_ERROR, 200, media_type="text/xml;charset=UTF-8")
            if failure is not None:
                log(operation, q, key_ok, failure)
                body = SERVER_ERROR if failure >= 500 else ERROR_BODIES.get(
                    failure, {"code": -2, "msg": "요청하신 파라미터가 적합하지 않습니다."})
                return JSONResponse(body, failure)
            if not key:
                log(operation, q, key_ok, 401)
                return JSONResponse({"code": -401, "msg": "유효하지 않은 인증키 입니다."}, 401)
            if not key_ok:
                log(operation, q, key_ok, 401)
                return JSONResponse(ERROR_BODIES[401], 401)
            try:
                page = int(q.get("page", 1))
                per_page = int(q.get("perPage", 10))
                if page < 1 or per_page < 1 or q.get("returnType", "JSON").upper() != "JSON":
                    raise ValueError
            except ValueError:
                log(operation, q, key_ok, 400)
                return JSONResponse(ERROR_BODIES[400], 400)
            rows = self.visible(operation)
            data = rows[(page - 1) * per_page: page * per_page]
            log(operation, q, key_ok, 200)
            return {"currentCount": len(data), "data": data, "matchCount": len(rows),
                    "page": page, "perPage": per_page, "totalCount": len(rows)}

        @app.get("/{rest:path}")
        async def unknown(rest: str):
            return JSONResponse({"code": -3, "msg": "등록되지 않은 서비스 입니다."}, 400)

        return app


@contextmanager
def serve_fake_odcloud(fake: FakeOdcloud) -> Iterator[str]:
    """Serve `fake` on a free loopback port in a thread; yields the base URL (…/api, like
    https://api.odcloud.kr/api)."""
    with serving(fake.app, "the fake odcloud server") as root:
        yield root + "/api"
