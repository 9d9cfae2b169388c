"""A local fake of the 행정안전부 긴급재난문자 API (safetydata.go.kr DSSP-IF-00247), serving the
recorded answer (tests/data/safetydata/disaster_msg_DSSP-IF-00247_response.json: 5 messages of
2025-06-25) plus whatever a test adds:

- GET /V2/api/DSSP-IF-00247?serviceKey=…&returnType=json&pageNo=1&numOfRows=10&crtDt=YYYYMMDD
  [&rgnNm=…]
- answer: {"header": {"resultMsg": "NORMAL SERVICE", "resultCode": "00", "errorMsg": null},
  "numOfRows", "pageNo", "totalCount", "body": [...]} (the keys in the recorded order); crtDt
  keeps the messages whose CRT_DT falls on that day, rgnNm those whose RCPTN_RGN_NM contains it;
  a page past the end has body [].
- a wrong or missing key: the recorded error body (…_error.json, resultCode "30", body null),
  with HTTP `error_status` (200 unless a test says otherwise); a bad parameter: resultCode "10".

Knobs for tests: `fail_next(n, status, code=None)` (the next n requests fail: a plain-text 5xx /
429, or with `code` the JSON envelope carrying that resultCode), `delay_s` / `slow_next(n,
delay_s)` (answers come late, for client timeouts), `null_body` (a success header with body
null), `single_object` (a lone message as an object, not a list), `add(...)` (a new message),
`calls` (what was asked; the key itself is never logged, only whether it matched).
"""
from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from tests.fakes.ports import serving

DATA = Path(__file__).resolve().parents[1] / "data" / "safetydata"
RESPONSE_FILE = DATA / "disaster_msg_DSSP-IF-00247_response.json"
ERROR_FILE = DATA / "disaster_msg_DSSP-IF-00247_error.json"
PATH = "/V2/api/DSSP-IF-00247"
FAKE_KEY = "FAKE-safetydata-key+/=="  # "+", "/" and "=" need encoding in a query string
RECORDED_DAY = "20250625"

RESULT_MESSAGES = {
    "01": "APPLICATION ERROR",
    "10": "INVALID REQUEST PARAMETER ERROR",
    "12": "NO OPENAPI SERVICE ERROR",
    "22": "LIMITED NUMBER OF SERVICE REQUESTS EXCEEDS ERROR",
    "30": "SERVICE KEY IS NOT REGISTERED ERROR",
}


@cache
def _recorded_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def recorded_answer() -> dict[str, Any]:
    """The recorded success answer (a fresh copy)."""
    return json.loads(_recorded_text(RESPONSE_FILE))


def recorded_error() -> dict[str, Any]:
    """The recorded error answer (a fresh copy)."""
    return json.loads(_recorded_text(ERROR_FILE))


def recorded_messages() -> list[dict[str, Any]]:
    return recorded_answer()["body"]


def envelope(body: Any, *, total: int, page: int = 1, rows: int = 10, code: str = "00",
             msg: str = "NORMAL SERVICE", error: str | None = None) -> dict[str, Any]:
    return {"header": {"resultMsg": msg, "resultCode": code, "errorMsg": error},
            "numOfRows": rows, "pageNo": page, "totalCount": total, "body": body}


def error_envelope(code: str) -> dict[str, Any]:
    return {"header": {"resultMsg": RESULT_MESSAGES.get(code, "UNKNOWN ERROR"),
                       "resultCode": code, "errorMsg": None}, "body": None}


@dataclass
class Call:
    page: int | None
    rows: int | None
    crt_dt: str | None
    region: str | None
    key_ok: bool
    status: int


class FakeSafetyData:
    def __init__(self, service_key: str = FAKE_KEY):
        self.service_key = service_key
        self.messages: list[dict[str, Any]] = recorded_messages()
        self.error_status = 200
        self.null_body = False
        self.single_object = False
        self.delay_s = 0.0
        self.delay_count: int | None = None  # None: every answer is late by delay_s
        self.calls: list[Call] = []
        self._failures: list[tuple[int, str | None]] = []
        self._lock = threading.Lock()
        self.app = self._build()

    # knobs --------------------------------------------------------------------------------

    def fail_next(self, n: int = 1, status: int = 500, code: str | None = None) -> None:
        with self._lock:
            self._failures.extend([(status, code)] * n)

    def slow_next(self, n: int, delay_s: float) -> None:
        with self._lock:
            self.delay_s, self.delay_count = delay_s, n

    def add(self, text: str = "시험 메시지입니다 [광양시]", regions: str = "전라남도 광양시 ", *,
            sn: int | None = None, created: str = "2025/06/25 12:00:00",
            level: str = "안전안내", kind: str = "기타") -> dict[str, Any]:
        """A new message (at the end), its fields as the API spells them; returns it."""
        if sn is None:
            sn = max((int(m["SN"]) for m in self.messages), default=0) + 1
        stamp = created + ".000000000"
        row = {"MSG_CN": text, "RCPTN_RGN_NM": regions, "CRT_DT": created, "REG_YMD": stamp,
               "EMRG_STEP_NM": level, "SN": sn, "DST_SE_NM": kind, "MDFCN_YMD": stamp}
        self.messages.append(row)
        return row

    def _take(self) -> tuple[tuple[int, str | None] | None, float]:
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
            delay = 0.0
            if self.delay_s and (self.delay_count is None or self.delay_count > 0):
                delay = self.delay_s
                if self.delay_count is not None:
                    self.delay_count -= 1
            return failure, delay

    # the API ------------------------------------------------------------------------------

    def _build(self) -> FastAPI:
        app = FastAPI()

        def num(q: dict[str, str], name: str, default: int | None = None) -> int | None:
            try:
                return int(q[name])
            except KeyError:
                return default
            except ValueError:
                return None

        @app.get(PATH)
        async def serve(request: Request):
            q = dict(request.query_params)
            key_ok = q.get("serviceKey") == self.service_key
            page, rows = num(q, "pageNo", 1), num(q, "numOfRows", 10)
            crt_dt, region = q.get("crtDt"), q.get("rgnNm")

            def answer(body: Any, status: int = 200):
                self.calls.append(Call(page, rows, crt_dt, region, key_ok, status))
                return JSONResponse(body, status)

            failure, delay = self._take()
            if delay:
                await asyncio.sleep(delay)
            if failure is not None:
                status, code = failure
                if code is not None:
                    return answer(error_envelope(code), status)
                self.calls.append(Call(page, rows, crt_dt, region, key_ok, status))
                return PlainTextResponse("Internal Server Error" if status >= 500
                                         else "Too Many Requests", status)
            if not key_ok:
                return answer(recorded_error(), self.error_status)
            if (page is None or rows is None or page < 1 or rows < 1
                    or q.get("returnType", "json").lower() != "json"
                    or (crt_dt is not None and not re.fullmatch(r"\d{8}", crt_dt))):
                return answer(error_envelope("10"))
            matching = self.messages
            if crt_dt:
                day = f"{crt_dt[:4]}/{crt_dt[4:6]}/{crt_dt[6:]}"
                matching = [m for m in matching if str(m["CRT_DT"]).startswith(day)]
            if region:
                matching = [m for m in matching if region in m["RCPTN_RGN_NM"]]
            data: Any = matching[(page - 1) * rows: page * rows]
            if self.null_body:
                data = None
            elif self.single_object and len(data) == 1:
                data = data[0]
            return answer(envelope(data, total=len(matching), page=page, rows=rows))

        @app.get("/{rest:path}")
        async def unknown(rest: str):
            return JSONResponse(error_envelope("12"), 404)

        return app


@contextmanager
def serve_fake_safetydata(fake: FakeSafetyData) -> Iterator[str]:
    """Serve `fake` on a free loopback port in a thread; yields the base URL (like
    https://www.safetydata.go.kr)."""
    with serving(fake.app, "the fake safetydata server") as root:
        yield root
