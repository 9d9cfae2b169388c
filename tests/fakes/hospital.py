"""A local fake of the 병원·약국 APIs, so myg_app/server/hospital/ (nmc.py, hira.py on the shared
publicdata client) is tested over real HTTP without a key or the network.

NO RECORDING of these APIs exists (/work/shared/data/README.md): the answers here are written
from the official API guides' operation, parameter and field lists:
- 국립중앙의료원 {NMC_PATH}/HsptlAsembySearchService/getHsptlMdcncListInfoInqire (Q0, Q1, QD
  "D001".."D026", QT, pageNo, numOfRows) and /ErmctInsttInfoInqireService/
  getParmacyListInfoInqire: XML only, items {hpid, dutyName, dutyDivNam, dutyAddr, dutyTel1,
  dutyTel3, dutyEryn, dutyEtc, dutyTime1s…8s, dutyTime1c…8c, wgs84Lat, wgs84Lon, rnum};
- 건강보험심사평가원 {HIRA_PATH}/hospInfoServicev2/getHospBasisList (xPos, yPos, radius, dgsbjtCd,
  _type=json, pageNo, numOfRows) and /pharmacyInfoService/getParmacyBasisList: items {ykiho,
  yadmNm, clCd, clCdNm, addr, telno, XPos, YPos, distance}, numbers as JSON numbers.
The errors and quirks are those every data.go.kr API shares (tests/fakes/kma.py): the gateway's
XML for a wrong key, resultCode 03 for nothing found, a lone item as an object, items "" …

Knobs: fail_next(n, status), code_next(n, code), gateway_error_next(n, code),
slow_next(n, delay_s) / delay_s, single_object, empty_items, string_numbers (HIRA's numbers as
strings), `calls` (op and params, never the key). `reset()` restores the defaults.
"""
from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from tests.fakes.kma import PortalFaults, envelope, error_envelope, gateway_error_xml, to_xml
from tests.fakes.ports import serving

NMC_PATH = "/B552657"
HIRA_PATH = "/B551182"
FAKE_KEY = "FAKE-hospital-key+/=="
OPS = {
    "HsptlAsembySearchService/getHsptlMdcncListInfoInqire": ("nmc", "hospital"),
    "ErmctInsttInfoInqireService/getParmacyListInfoInqire": ("nmc", "pharmacy"),
    "hospInfoServicev2/getHospBasisList": ("hira", "hospital"),
    "pharmacyInfoService/getParmacyBasisList": ("hira", "pharmacy"),
}


def _week(start: str, close: str, days) -> dict[str, str]:
    return {**{f"dutyTime{d}s": start for d in days}, **{f"dutyTime{d}c": close for d in days}}


# 진료과목 of each fake place (the list operations do not answer it; QD / dgsbjtCd filter it).
NMC_HOSPITALS: list[dict[str, Any]] = [
    {"hpid": "A1000001", "dutyName": "시험내과의원", "dutyDivNam": "의원",
     "dutyAddr": "전라남도 광양시 중마동 시험로 1", "dutyTel1": "061-000-9001", "dutyEryn": "2",
     "wgs84Lat": "34.9410", "wgs84Lon": "127.6960", "_depts": ["01"],
     **_week("0900", "1800", range(1, 6))},
    {"hpid": "A1000002", "dutyName": "시험소아청소년과의원", "dutyDivNam": "의원",
     "dutyAddr": "전라남도 광양시 광양읍 시험로 2", "dutyTel1": "061-000-9002", "dutyEryn": "2",
     "dutyEtc": "달빛어린이병원", "wgs84Lat": "34.9760", "wgs84Lon": "127.5870",
     "_depts": ["11"], **_week("0900", "2400", range(1, 9))},
    {"hpid": "A1000003", "dutyName": "시험종합병원", "dutyDivNam": "종합병원",
     "dutyAddr": "전라남도 광양시 광영동 시험로 3", "dutyTel1": "061-000-9003",
     "dutyTel3": "061-000-9004", "dutyEryn": "1", "wgs84Lat": "34.9560", "wgs84Lon": "127.6510",
     "_depts": ["01", "04", "24"], **_week("0000", "2400", range(1, 9))},
    {"hpid": "A1000009", "dutyName": "순천시험의원", "dutyDivNam": "의원",
     "dutyAddr": "전라남도 순천시 시험로 9", "dutyTel1": "061-000-9009", "dutyEryn": "2",
     "wgs84Lat": "34.95", "wgs84Lon": "127.48", "_depts": ["01"]},
    {"dutyName": "hpid 없는 항목", "dutyAddr": "전라남도 광양시", "_depts": ["01"]},
]
NMC_PHARMACIES: list[dict[str, Any]] = [
    {"hpid": "C1000001", "dutyName": "시험약국", "dutyAddr": "전라남도 광양시 중마동 시험로 4",
     "dutyTel1": "061-000-9101", "wgs84Lat": "34.9405", "wgs84Lon": "127.6970",
     **_week("0000", "2400", range(1, 9))},
    {"hpid": "C1000002", "dutyName": "시험심야약국", "dutyAddr": "전라남도 광양시 금호동 시험로 5",
     "dutyTel1": "061-000-9102", "wgs84Lat": "34.9120", "wgs84Lon": "127.7200",
     **_week("1800", "0200", range(1, 8))},
]
HIRA_HOSPITALS: list[dict[str, Any]] = [
    {"ykiho": "JDQ4MTYyMiM1MSMkMSMkMCMkODkkMzgxMzUxIzExIyQxIyQz+/=", "yadmNm": "시험내과의원",
     "clCd": "31", "clCdNm": "의원", "addr": "전라남도 광양시 중마동 시험로 1",
     "telno": "061-000-9001", "XPos": 127.696, "YPos": 34.941, "distance": 120.5,
     "_depts": ["01"]},
    {"ykiho": "JDQ4MTYyMiM1MSMkMSMkMCMkODkkMzgxMzUxIzExIyQxIyQ0", "yadmNm": "시험한의원",
     "clCd": "93", "clCdNm": "한의원", "addr": "전라남도 광양시 봉강면 시험로 6",
     "telno": "061-000-9006", "XPos": 127.566, "YPos": 35.008, "distance": 14000,
     "_depts": []},
]
HIRA_PHARMACIES: list[dict[str, Any]] = [
    {"ykiho": "JDQ4MTYyMiM1MSMkMSMkMCMkODkkMzgxMzUxIzExIyQxIyQ5", "yadmNm": "시험약국",
     "clCd": "81", "clCdNm": "약국", "addr": "전라남도 광양시 중마동 시험로 4",
     "telno": "061-000-9101", "XPos": 127.697, "YPos": 34.9405, "distance": 50},
]


class FakeHospitalApis(PortalFaults):
    def __init__(self, service_key: str = FAKE_KEY):
        self.service_key = service_key
        self._lock = threading.Lock()
        self.reset()
        self.app = self._build()

    def reset(self) -> None:
        with self._lock:
            self.single_object = False
            self.empty_items: str | None = None
            self.string_numbers = False
            self.delay_s = 0.0
            self.delay_count: int | None = None
            self.calls: list[tuple[str, dict[str, str]]] = []
            self._script: list[Callable[[], Response]] = []

    def code_next(self, n: int = 1, code: str = "01") -> None:
        body = to_xml(error_envelope(code))
        self._queue(n, lambda: Response(body, 200, media_type="text/xml;charset=UTF-8"))

    def _items(self, api: str, kind: str, q: dict[str, str]) -> list[dict[str, Any]]:
        if api == "nmc":
            rows = NMC_HOSPITALS if kind == "hospital" else NMC_PHARMACIES
            dept = q.get("QD", "")[-2:] if q.get("QD") else None
            city = q.get("Q1")
            rows = [r for r in rows if not city or city in r.get("dutyAddr", "")
                    or "순천" in r.get("dutyAddr", "")]  # the quirk: a neighbour slips in
        else:
            rows = HIRA_HOSPITALS if kind == "hospital" else HIRA_PHARMACIES
            dept = q.get("dgsbjtCd")
        if dept:
            rows = [r for r in rows if dept in r.get("_depts", [])]
        out = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]
        if api == "hira" and self.string_numbers:
            out = [{k: str(v) if isinstance(v, float | int) else v for k, v in r.items()}
                   for r in out]
        return out

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.get("/{provider}/{service}/{op}")
        async def serve(provider: str, service: str, op: str, request: Request):
            q = dict(request.query_params)
            key_ok = q.pop("serviceKey", None) == self.service_key
            self.calls.append((f"{service}/{op}", q))
            scripted, delay = self._take()
            if delay:
                await asyncio.sleep(delay)
            if scripted is not None:
                return scripted()
            if not key_ok:
                return Response(gateway_error_xml("30"), 200, media_type="text/xml")
            found = OPS.get(f"{service}/{op}")
            if found is None or f"/{provider}" != (NMC_PATH if found[0] == "nmc" else HIRA_PATH):
                return Response(gateway_error_xml("12"), 404, media_type="text/xml")
            return self._answer(*found, q)

        return app

    def _answer(self, api: str, kind: str, q: dict[str, str]) -> Response:
        as_json = api == "hira" and q.get("_type", "").lower() == "json"
        try:
            page, rows = int(q.get("pageNo", "1")), int(q.get("numOfRows", "10"))
        except ValueError:
            page, rows = 0, 0
        if page < 1 or rows < 1:
            doc = error_envelope("10")
        else:
            items = self._items(api, kind, q)
            chunk = items[(page - 1) * rows: page * rows]
            if self.empty_items is not None:
                doc = envelope([], total=0, page=page, rows=rows)
                doc["response"]["body"]["items"] = "" if self.empty_items == "empty_string" \
                    else None
            elif not chunk:
                doc = error_envelope("03")
            else:
                value: Any = chunk[0] if self.single_object and len(chunk) == 1 else chunk
                doc = envelope(value, total=len(items), page=page, rows=rows)
                doc["response"]["body"].pop("dataType", None)
        if as_json:
            return Response(json.dumps(doc, ensure_ascii=False), 200,
                            media_type="application/json;charset=UTF-8")
        return Response(to_xml(doc), 200, media_type="text/xml;charset=UTF-8")


@contextmanager
def serve_fake(fake: FakeHospitalApis) -> Iterator[str]:
    """Serve `fake` on a free loopback port in a thread; yields its root URL (base URLs are
    root + NMC_PATH and root + HIRA_PATH)."""
    with serving(fake.app, "the fake hospital APIs") as root:
        yield root
