"""A local fake of 국토교통부 TAGO 버스정보 (apis.data.go.kr/1613000), so the adapter
(myg_app/server/bus/tago.py) is tested over real HTTP, without a key or the network.

WRITTEN FROM THE DOCUMENTATION, not from recordings: no 광양 stop, arrival or route answer was
ever recorded here. The operations, parameters and item fields follow the data.go.kr API guides
(국토교통부_(TAGO)_버스정류소정보 BusSttnInfoInqireService, _버스도착정보 ArvlInfoInqireService,
_버스노선정보 BusRouteInfoInqireService); the stops, routes and ids below are invented. The only
RECORDED body is getCtyCodeList (tests/data/tago/tago_getCtyCodeList_response.json, from
/work/shared/data/public_api_samples), served byte for byte.

- BusSttnInfoInqireService/getSttnNoList?cityCode&nodeNm|nodeNo → {gpslati, gpslong, nodeid,
  nodenm, nodeno}; getCrdntPrxmtSttnList?gpsLati&gpsLong → stops within 500 m, with citycode
  (nationwide: one 순천시 stop is in the data to be filtered out)
- ArvlInfoInqireService/getSttnAcctoArvlPrearngeInfoList?cityCode&nodeId → {arrprevstationcnt,
  arrtime (seconds), nodeid, nodenm, routeid, routeno, routetp, vehicletp}
- BusRouteInfoInqireService/getRouteAcctoThrghSttnList?cityCode&routeId → {gpslati, gpslong,
  nodeid, nodenm, nodeno, nodeord, routeid, updowncd}; getCtyCodeList (recorded)
- `_type=json` answers JSON, else XML (the API's default). Nothing found answers resultCode 03.
  A missing key answers the gateway's XML error (30).

The known quirks, as knobs: `single_object` (a lone item as an object, not a list),
`numbers` (routeno and nodeno as JSON numbers: 9, 1006), `string_numbers` (arrtime, counts as
strings), `empty_items` ("" for items). Failures: `fail_next(n, status)`, `code_next(n, code)`,
`gateway_error_next(n, code)`, `slow_next(n, delay_s)` / `delay_s`. `calls` records what was
asked (never the key). `reset()` restores the defaults.
"""
from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from tests.fakes.kma import PortalFaults, envelope, error_envelope, gateway_error_xml, to_xml
from tests.fakes.ports import serving

DATA = Path(__file__).resolve().parents[1] / "data" / "tago"
CITY_CODES_FILE = DATA / "tago_getCtyCodeList_response.json"
BASE_PATH = "/1613000"
FAKE_KEY = "FAKE-tago-key+/=="

# (nodeid, nodenm, nodeno, lat, lon, citycode)
STOPS = [
    ("GYB100", "광양시청", "1006", 34.9407, 127.6959, 36060),
    ("GYB101", "광양시청 건너편", "1106", 34.9410, 127.6963, 36060),
    ("GYB102", "중마버스터미널", "1007", 34.9386, 127.6993, 36060),
    ("GYB103", "광양읍버스터미널", "1001", 34.9742, 127.5893, 36060),
    ("SCB900", "순천 경계 정류장", "9001", 34.9412, 127.6961, 36030),
]
ROUTES = {
    "GYB9000": ("9", "일반버스", ["GYB103", "GYB100", "GYB102"]),
    "GYB2101": ("21-1", "좌석버스", ["GYB102", "GYB101"]),
}
# Arrivals at each stop: (routeid, arrprevstationcnt, arrtime seconds, vehicletp)
ARRIVALS = {
    "GYB100": [("GYB9000", 3, 420, "저상버스"), ("GYB9000", 7, 1260, "일반차량")],
    "GYB102": [("GYB2101", 1, 60, "일반차량")],
}


def _near(lat: float, lon: float, s: tuple) -> bool:
    return abs(s[3] - lat) < 0.0045 and abs(s[4] - lon) < 0.0055  # about 500 m


@dataclass
class Call:
    op: str
    params: dict[str, str]
    key_ok: bool
    status: int = 200


class FakeTago(PortalFaults):
    def __init__(self, service_key: str = FAKE_KEY):
        self.service_key = service_key
        self._lock = threading.Lock()
        self.reset()
        self.app = self._build()

    def reset(self) -> None:
        with self._lock:
            self.single_object = False
            self.numbers = False
            self.string_numbers = False
            self.empty_items = False
            self.delay_s = 0.0
            self.delay_count: int | None = None
            self.arrivals = {k: list(v) for k, v in ARRIVALS.items()}
            self.calls: list[Call] = []
            self._script: list[Callable[[], Response]] = []

    # knobs ------------------------------------------------------------------------------------

    def code_next(self, n: int = 1, code: str = "01") -> None:
        body = json.dumps(error_envelope(code))
        self._queue(n, lambda: Response(body, 200, media_type="application/json"))

    # the data ---------------------------------------------------------------------------------

    def _num(self, value: str) -> Any:
        """nodeno / routeno as TAGO may send them: a number when it looks like one."""
        return int(value) if self.numbers and value.isdigit() else value

    def _stop(self, s: tuple, city: bool = False) -> dict[str, Any]:
        item = {"gpslati": s[3], "gpslong": s[4], "nodeid": s[0], "nodenm": s[1],
                "nodeno": self._num(s[2])}
        if city:
            item["citycode"] = s[5]
        return item

    def _items(self, op: str, q: dict[str, str]) -> list[dict[str, Any]] | None:
        """The items of `op`, None for a missing parameter (answered resultCode 11)."""
        if op == "getSttnNoList":
            name, no = q.get("nodeNm"), q.get("nodeNo")
            if not name and not no:
                return [self._stop(s) for s in STOPS if s[5] == 36060]
            return [self._stop(s) for s in STOPS if s[5] == 36060
                    and ((name and name in s[1]) or (no and no == s[2]))]
        if op == "getCrdntPrxmtSttnList":
            try:
                lat, lon = float(q["gpsLati"]), float(q["gpsLong"])
            except (KeyError, ValueError):
                return None
            return [self._stop(s, city=True) for s in STOPS if _near(lat, lon, s)]
        if op == "getSttnAcctoArvlPrearngeInfoList":
            node = q.get("nodeId")
            if not node:
                return None
            name = next((s[1] for s in STOPS if s[0] == node), "")
            out = []
            for rid, left, secs, vehicle in self.arrivals.get(node, []):
                no, tp, _ = ROUTES[rid]
                out.append({"arrprevstationcnt": str(left) if self.string_numbers else left,
                            "arrtime": str(secs) if self.string_numbers else secs,
                            "nodeid": node, "nodenm": name, "routeid": rid,
                            "routeno": self._num(no), "routetp": tp, "vehicletp": vehicle})
            return out
        if op == "getRouteAcctoThrghSttnList":
            rid = q.get("routeId")
            if not rid:
                return None
            if rid not in ROUTES:
                return []
            by = {s[0]: s for s in STOPS}
            return [{**self._stop(by[n]), "nodeord": i, "routeid": rid, "updowncd": 0}
                    for i, n in enumerate(ROUTES[rid][2], 1)]
        return None

    # the API ----------------------------------------------------------------------------------

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.get(BASE_PATH + "/{service}/{op}")
        async def serve(service: str, op: str, request: Request):
            q = dict(request.query_params)
            call = Call(op, {k: v for k, v in q.items() if k != "serviceKey"},
                        q.get("serviceKey") == self.service_key)
            self.calls.append(call)
            scripted, delay = self._take()
            if delay:
                await asyncio.sleep(delay)
            response = scripted() if scripted is not None else self._answer(service, op, q,
                                                                             call.key_ok)
            call.status = response.status_code
            return response

        return app

    def _answer(self, service: str, op: str, q: dict[str, str], key_ok: bool) -> Response:
        json_type = q.get("_type", "xml").lower() == "json"

        def answer(doc: dict[str, Any]) -> Response:
            if json_type:
                return Response(json.dumps(doc, ensure_ascii=False), 200,
                                media_type="application/json;charset=UTF-8")
            return Response(to_xml(doc), 200, media_type="text/xml;charset=UTF-8")

        if not key_ok:
            return Response(gateway_error_xml("30"), 200, media_type="text/xml")
        if op == "getCtyCodeList" and json_type:
            return Response(CITY_CODES_FILE.read_bytes(), 200, media_type="application/json")
        items = self._items(op, q)
        if items is None:
            return answer(error_envelope("11"))
        if not items:
            return answer(error_envelope("03"))
        try:
            page, rows = int(q.get("pageNo", "1")), int(q.get("numOfRows", "10"))
        except ValueError:
            return answer(error_envelope("10"))
        total = len(items)
        items = items[(page - 1) * rows: page * rows]
        if self.empty_items:
            doc = envelope([], total=0, page=page, rows=rows)
            doc["response"]["body"]["items"] = ""
            return answer(doc)
        value: Any = items[0] if self.single_object and len(items) == 1 else items
        counts = [str(x) for x in (total, page, rows)] if self.string_numbers \
            else [total, page, rows]
        return answer(envelope(value, total=counts[0], page=counts[1], rows=counts[2]))


@contextmanager
def serve_fake_tago(fake: FakeTago) -> Iterator[str]:
    """Serve `fake` on a free loopback port in a thread; yields the base URL (like
    https://apis.data.go.kr/1613000)."""
    with serving(fake.app, "the fake TAGO server") as root:
        yield root + BASE_PATH
