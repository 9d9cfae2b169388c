"""A local fake of 기상청 단기예보 조회서비스 (data.go.kr VilageFcstInfoService_2.0), so the adapter
(myg_app/server/publicdata/kma.py) and the client base under it are tested against the contract
over real HTTP, without a key or the network.

- GET {BASE_PATH}/getVilageFcst?serviceKey=…&dataType=JSON&pageNo=1&numOfRows=1000
  &base_date=YYYYMMDD&base_time=HHMM&nx=…&ny=… answers the RECORDED body
  (tests/data/kma/kma_getVilageFcst_response.json, from /work/shared/data/public_api_samples:
  10 of 809 rows of base 2022-11-28 05:00, cell 60,125), by `mode`:
  - "recorded" (default): the recorded body, byte for byte, whatever base_date/base_time/nx/ny
    were asked (later pages: its items paged);
  - "rebased": the recorded items moved to the asked base and cell (baseDate/baseTime set,
    fcstDate/fcstTime shifted by the same amount, nx/ny set), paged, totalCount = their number;
  - "filtered": only the recorded items whose baseDate/baseTime/nx/ny match the request;
    nothing matching answers resultCode 03 (NODATA_ERROR), as the API does for a base_time not
    published yet.
- GET {BASE_PATH}/getUltraSrtNcst?… (초단기실황) is NOT recorded: its answer is written from
  the official API guide's field list (기상청41_단기예보 조회서비스_오픈API활용가이드): items
  {baseDate, baseTime, category, nx, ny, obsrValue} for the asked base and cell, one per
  category PTY, REH, RN1, T1H, UUU, VEC, VVV, WSD (values from `nowcast_values`).
- the errors: a missing or wrong key answers the gateway's XML (<OpenAPI_ServiceResponse>
  <cmmMsgHeader>… <returnReasonCode>30</returnReasonCode>), as data.go.kr does; a missing
  parameter resultCode 11, a malformed one 10 (the codes the guide lists; which one the real API
  picks for each case is not recorded here); `recorded_error_next` the recorded error body
  (…_error.json: resultCode 10, "최근 3일 간의 자료만 제공합니다.", no body).
- dataType=XML (or none: the API's default) answers the same envelope in XML.

Knobs: `fail_next(n, status, retry_after)` (plain-text 5xx / 429 with Retry-After),
`code_next(n, code)` (a JSON envelope with that resultCode), `gateway_error_next(n, code)`,
`recorded_error_next(n)`, `slow_next(n, delay_s)` / `delay_s` (answers come late, for client
timeouts), `unpublished` ((base_date, base_time) pairs answering 03), `single_object` (a lone
item as an object, not a list; with `limit` 1), `empty_items` (a success with items "", null,
or without `item` / `items`), `string_numbers` (counts and nx/ny as strings), `calls` (what was
asked; the key itself is never kept, only whether it matched). `reset()` restores the defaults
so one server can serve a whole test module.
"""
from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response

from tests.fakes.ports import serving

DATA = Path(__file__).resolve().parents[1] / "data" / "kma"
RESPONSE_FILE = DATA / "kma_getVilageFcst_response.json"
ERROR_FILE = DATA / "kma_getVilageFcst_error.json"
BASE_PATH = "/1360000/VilageFcstInfoService_2.0"
FAKE_KEY = "FAKE-kma-key+/=="  # "+", "/" and "=" need encoding in a query string
RECORDED_BASE = ("20221128", "0500")
RECORDED_CELL = (60, 125)
KST = ZoneInfo("Asia/Seoul")

# The standard resultMsg of each code, as the data.go.kr APIs spell them.
RESULT_MESSAGES = {
    "00": "NORMAL_SERVICE", "01": "APPLICATION_ERROR", "02": "DB_ERROR", "03": "NODATA_ERROR",
    "04": "HTTP_ERROR", "05": "SERVICETIME_OUT", "10": "INVALID_REQUEST_PARAMETER_ERROR",
    "11": "NO_MANDATORY_REQUEST_PARAMETERS_ERROR", "12": "NO_OPENAPI_SERVICE_ERROR",
    "20": "SERVICE_ACCESS_DENIED_ERROR", "21": "TEMPORARILY_DISABLE_THE_SERVICEKEY_ERROR",
    "22": "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR",
    "30": "SERVICE_KEY_IS_NOT_REGISTERED_ERROR", "31": "DEADLINE_HAS_EXPIRED_ERROR",
    "32": "UNREGISTERED_IP_ERROR", "33": "UNSIGNED_CALL_ERROR", "99": "UNKNOWN_ERROR",
}

# 초단기실황 categories in the order the API lists them, with plausible values.
NOWCAST_VALUES = {"PTY": "0", "REH": "71", "RN1": "0", "T1H": "12.3", "UUU": "-1.2",
                  "VEC": "118", "VVV": "0.6", "WSD": "1.4"}

Mode = Literal["recorded", "rebased", "filtered"]
EmptyItems = Literal["empty_string", "null", "no_item", "no_items"]


@cache
def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def recorded_answer() -> dict[str, Any]:
    """The recorded success answer (a fresh copy)."""
    return json.loads(_text(RESPONSE_FILE))


def recorded_error() -> dict[str, Any]:
    return json.loads(_text(ERROR_FILE))


def recorded_items() -> list[dict[str, Any]]:
    return recorded_answer()["response"]["body"]["items"]["item"]


def envelope(items: Any, *, total: int | str, page: int | str = 1, rows: int | str = 10,
             data_type: str = "JSON", code: str = "00") -> dict[str, Any]:
    """A success envelope; `items` is what goes under body.items.item."""
    return {"response": {
        "header": {"resultCode": code, "resultMsg": RESULT_MESSAGES.get(code, "UNKNOWN_ERROR")},
        "body": {"dataType": data_type, "items": {"item": items}, "pageNo": page,
                 "numOfRows": rows, "totalCount": total}}}


def error_envelope(code: str, message: str | None = None) -> dict[str, Any]:
    """An error the API itself answers: a header and no body."""
    return {"response": {"header": {"resultCode": code,
                                     "resultMsg": message or RESULT_MESSAGES.get(code, "")}}}


def gateway_error_xml(code: str = "30") -> str:
    """The data.go.kr gateway's own error (a key, quota or service fault), always XML."""
    return ("<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg>"
            f"<returnAuthMsg>{RESULT_MESSAGES.get(code, 'UNKNOWN_ERROR')}</returnAuthMsg>"
            f"<returnReasonCode>{code}</returnReasonCode></cmmMsgHeader>"
            "</OpenAPI_ServiceResponse>")


def to_xml(doc: dict[str, Any]) -> str:
    """A JSON envelope in the API's XML form (a list becomes repeated elements)."""
    def element(tag: str, value: Any) -> str:
        if isinstance(value, list):
            return "".join(element(tag, v) for v in value)
        if isinstance(value, dict):
            inner = "".join(element(k, v) for k, v in value.items())
        else:
            inner = "" if value is None else escape(str(value))
        return f"<{tag}>{inner}</{tag}>"

    (tag, value), = doc.items()
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + element(tag, value)


def _stamp(day: str, hhmm: str) -> datetime:
    return datetime.strptime(day + hhmm, "%Y%m%d%H%M").replace(tzinfo=KST)


@dataclass
class Call:
    op: str
    base_date: str | None
    base_time: str | None
    nx: str | None
    ny: str | None
    page: int
    rows: int
    data_type: str
    key_ok: bool
    status: int = 200


class PortalFaults:
    """The fault knobs every fake of a 공공데이터포털 API has (this one, TAGO, the hospital APIs):
    scripted answers for the next requests and late answers. The fake sets `_lock`, `_script`
    (answers to give first), `delay_s` and `delay_count` (None: every answer is late) and calls
    `_take()` for each request."""

    _lock: threading.Lock
    _script: list[Callable[[], Response]]
    delay_s: float
    delay_count: int | None

    def _queue(self, n: int, answer: Callable[[], Response]) -> None:
        with self._lock:
            self._script.extend([answer] * n)

    def fail_next(self, n: int = 1, status: int = 500, retry_after: float | None = None) -> None:
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else None
        text = "Too Many Requests" if status == 429 else "Internal Server Error"
        self._queue(n, lambda: PlainTextResponse(text, status, headers=headers))

    def gateway_error_next(self, n: int = 1, code: str = "30", status: int = 200) -> None:
        self._queue(n, lambda: Response(gateway_error_xml(code), status,
                                        media_type="text/xml;charset=UTF-8"))

    def slow_next(self, n: int | None, delay_s: float) -> None:
        with self._lock:
            self.delay_s, self.delay_count = delay_s, n

    def _take(self) -> tuple[Callable[[], Response] | None, float]:
        with self._lock:
            scripted = self._script.pop(0) if self._script else None
            delay = 0.0
            if self.delay_s and (self.delay_count is None or self.delay_count > 0):
                delay = self.delay_s
                if self.delay_count is not None:
                    self.delay_count -= 1
            return scripted, delay


class ManualClock:
    """A clock for the client (`clock=`) that moves only when told; `sleep` records the back-off
    and moves the clock by it, so a test waits for nothing."""

    def __init__(self, now: datetime):
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += timedelta(seconds=seconds)


class FakeKma(PortalFaults):
    def __init__(self, service_key: str = FAKE_KEY):
        self.service_key = service_key
        self._lock = threading.Lock()
        self.reset()
        self.app = self._build()

    def reset(self) -> None:
        with self._lock:
            self.mode: Mode = "recorded"
            self.unpublished: set[tuple[str, str]] = set()
            self.single_object = False
            self.limit: int | None = None
            self.empty_items: EmptyItems | None = None
            self.string_numbers = False
            self.nowcast_values = dict(NOWCAST_VALUES)
            self.key_error_status = 200
            self.delay_s = 0.0
            self.delay_count: int | None = None  # None: every answer is late by delay_s
            self.calls: list[Call] = []
            self._script: list[Callable[[], Response]] = []

    # knobs --------------------------------------------------------------------------------

    def code_next(self, n: int = 1, code: str = "01", status: int = 200) -> None:
        body = json.dumps(error_envelope(code))
        self._queue(n, lambda: Response(body, status, media_type="application/json"))

    def recorded_error_next(self, n: int = 1) -> None:
        self._queue(n, lambda: Response(_text(ERROR_FILE), 200, media_type="application/json"))

    # the data -----------------------------------------------------------------------------

    def _village_items(self, base_date: str, base_time: str, nx: int,
                       ny: int) -> list[dict[str, Any]]:
        items = recorded_items()
        if self.mode == "filtered":
            return [i for i in items if (i["baseDate"], i["baseTime"]) == (base_date, base_time)
                    and (i["nx"], i["ny"]) == (nx, ny)]
        if self.mode == "rebased":
            shift = _stamp(base_date, base_time) - _stamp(*RECORDED_BASE)
            for i in items:
                at = _stamp(i["fcstDate"], i["fcstTime"]) + shift
                i.update(baseDate=base_date, baseTime=base_time, fcstDate=f"{at:%Y%m%d}",
                         fcstTime=f"{at:%H%M}", nx=nx, ny=ny)
        return items

    def _nowcast_items(self, base_date: str, base_time: str, nx: int,
                       ny: int) -> list[dict[str, Any]]:
        return [{"baseDate": base_date, "baseTime": base_time, "category": category,
                 "nx": nx, "ny": ny, "obsrValue": value}
                for category, value in self.nowcast_values.items()]

    def _page(self, items: list[dict[str, Any]], page: int, rows: int,
              data_type: str) -> dict[str, Any] | None:
        """The envelope of one page, None for an empty one (answered 03)."""
        total = len(items)
        items = items[(page - 1) * rows: page * rows]
        if self.limit is not None:
            items = items[: self.limit]
        if self.string_numbers:
            items = [{**i, "nx": str(i["nx"]), "ny": str(i["ny"])} for i in items]
        if self.empty_items is not None:
            body = envelope([], total=0, page=page, rows=rows, data_type=data_type)
            inner = body["response"]["body"]
            if self.empty_items == "empty_string":
                inner["items"] = ""
            elif self.empty_items == "null":
                inner["items"] = None
            elif self.empty_items == "no_item":
                inner["items"] = {}
            else:
                del inner["items"]
            return body
        if not items:
            return None
        value: Any = items[0] if self.single_object and len(items) == 1 else items
        counts: tuple[Any, ...] = (total, page, rows)
        if self.string_numbers:
            counts = tuple(str(c) for c in counts)
        return envelope(value, total=counts[0], page=counts[1], rows=counts[2],
                        data_type=data_type)

    # the API ------------------------------------------------------------------------------

    def _build(self) -> FastAPI:
        app = FastAPI()

        def answer(doc: dict[str, Any], data_type: str, status: int = 200) -> Response:
            if data_type == "JSON":
                return Response(json.dumps(doc, ensure_ascii=False), status,
                                media_type="application/json;charset=UTF-8")
            return Response(to_xml(doc), status, media_type="text/xml;charset=UTF-8")

        @app.get(BASE_PATH + "/{op}")
        async def serve(op: str, request: Request):
            q = dict(request.query_params)
            data_type = q.get("dataType", "XML").upper()
            try:
                page, rows = int(q.get("pageNo", "1")), int(q.get("numOfRows", "10"))
            except ValueError:
                page, rows = 0, 0
            call = Call(op, q.get("base_date"), q.get("base_time"), q.get("nx"), q.get("ny"),
                        page, rows, data_type, q.get("serviceKey") == self.service_key)
            self.calls.append(call)
            scripted, delay = self._take()
            if delay:
                await asyncio.sleep(delay)
            if scripted is not None:
                response = scripted()
            elif not call.key_ok:
                response = Response(gateway_error_xml("30"), self.key_error_status,
                                    media_type="text/xml;charset=UTF-8")
            elif op not in ("getVilageFcst", "getUltraSrtNcst"):
                response = Response(gateway_error_xml("12"), 404, media_type="text/xml")
            else:
                response = self._answer(op, q, page, rows, data_type, answer)
            call.status = response.status_code
            return response

        return app

    def _answer(self, op: str, q: dict[str, str], page: int, rows: int, data_type: str,
                answer: Callable[..., Response]) -> Response:
        needed = ("base_date", "base_time", "nx", "ny")
        if any(not q.get(name) for name in needed):
            return answer(error_envelope("11"), data_type)
        base_date, base_time = q["base_date"], q["base_time"]
        try:
            nx, ny = int(q["nx"]), int(q["ny"])
            _stamp(base_date, base_time)
        except ValueError:
            return answer(error_envelope("10"), data_type)
        if page < 1 or rows < 1 or data_type not in ("JSON", "XML"):
            return answer(error_envelope("10"), data_type)
        if (base_date, base_time) in self.unpublished:
            return answer(error_envelope("03"), data_type)
        if op == "getUltraSrtNcst":
            items = self._nowcast_items(base_date, base_time, nx, ny)
        else:
            if (self.mode == "recorded" and page == 1 and data_type == "JSON"
                    and not (self.single_object or self.limit or self.empty_items
                             or self.string_numbers)):
                return Response(_text(RESPONSE_FILE), 200, media_type="application/json")
            items = self._village_items(base_date, base_time, nx, ny)
        doc = self._page(items, page, rows, data_type)
        return answer(doc if doc is not None else error_envelope("03"), data_type)


@contextmanager
def serve_fake_kma(fake: FakeKma) -> Iterator[str]:
    """Serve `fake` on a free loopback port in a thread; yields the base URL (like
    https://apis.data.go.kr/1360000/VilageFcstInfoService_2.0)."""
    with serving(fake.app, "the fake KMA server") as root:
        yield root + BASE_PATH
