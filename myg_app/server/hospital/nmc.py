"""Adapter for 국립중앙의료원's two data.go.kr services that carry opening hours:

- 전국 병·의원 찾기 서비스 (HsptlAsembySearchService) getHsptlMdcncListInfoInqire
- 전국 약국 정보 조회 서비스 (ErmctInsttInfoInqireService) getParmacyListInfoInqire

GET {base}/HsptlAsembySearchService/getHsptlMdcncListInfoInqire?serviceKey=…&Q1=광양시
&QD=D011&pageNo=1&numOfRows=500 → items {hpid, dutyName, dutyDivNam, dutyAddr, dutyTel1,
dutyTel3, dutyEryn (1 = 응급실 운영), dutyEtc, dutyInf, dutyTime1s…dutyTime8s,
dutyTime1c…dutyTime8c (HHMM; 8 = 공휴일), wgs84Lat, wgs84Lon, postCdn1/2, rnum}. The pharmacy
operation takes the same Q0/Q1/QT/QN/ORD/pageNo/numOfRows and answers the same fields. These
services answer XML only (no JSON switch); client.py reads XML like JSON.

Only Q1=광양시 is sent, not Q0 (시도): 광양시 is the only one of that name, and the 시도 name
changed in 2026 (전남광주통합특별시), so a Q0 would be one more thing to go stale. Items whose
address does not mention 광양 are dropped anyway. The lists change a few times a day at most:
an answer is kept SOURCE_TTL, and the last good one served (with its age) for a week."""
from __future__ import annotations

import time as _time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from myg_app.seoul_time import now_seoul
from myg_app.server.hospital.places import Place, PlaceKind, parse_nmc
from myg_app.server.publicdata.client import Envelope, PublicDataClient, Result

HOSPITAL_PATH = "HsptlAsembySearchService/getHsptlMdcncListInfoInqire"
PHARMACY_PATH = "ErmctInsttInfoInqireService/getParmacyListInfoInqire"
SOURCE_TTL = timedelta(hours=6)
MAX_STALE = timedelta(days=7)
CITY = "광양"


class NmcSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_NMC_", extra="ignore")

    service_key: str | None = Field(default=None, repr=False)
    base_url: str = "https://apis.data.go.kr/B552657"
    city: str = "광양시"  # Q1
    timeout_s: float = Field(default=10.0, gt=0)
    retries: int = Field(default=2, ge=0)
    deadline_s: float = Field(default=15.0, gt=0)
    rows: int = Field(default=500, ge=1, le=1000)


def in_city(places: list[Place]) -> list[Place]:
    return [p for p in places if p.address is None or CITY in p.address]


class NmcClient(PublicDataClient):
    service = "국립중앙의료원 병·의원/약국 정보"
    product = "국립중앙의료원_전국 병·의원 찾기 서비스 / 전국 약국 정보 조회 서비스"
    key_env = "MYG_NMC_SERVICE_KEY"

    def __init__(self, base_url: str, service_key: str, *, city: str = "광양시",
                 rows: int = 500, **kw: Any):
        super().__init__(base_url, service_key, max_stale=MAX_STALE, **kw)
        self.city, self.rows = city, rows

    def places(self, kind: PlaceKind, dept: str | None = None, *,
               wait_s: float | None = None) -> Result[list[Place]]:
        """광양's hospitals (of 진료과목 `dept`, "01".."26", when given) or pharmacies."""
        params: dict[str, Any] = {"Q1": self.city}
        if kind == "hospital" and dept:
            params["QD"] = f"D0{dept}"

        def parse(env: Envelope) -> list[Place]:
            return in_city(parse_nmc(env.items, kind))

        path = HOSPITAL_PATH if kind == "hospital" else PHARMACY_PATH
        return self.get(path, params, parse, ttl=SOURCE_TTL, key=("nmc", kind, dept),
                        paged=True, rows=self.rows, wait_s=wait_s)


def from_settings(settings: NmcSettings, *, transport: httpx.BaseTransport | None = None,
                  clock: Callable[[], datetime] = now_seoul,
                  sleep: Callable[[float], None] = _time.sleep) -> NmcClient | None:
    """The client, or None without a key (the bundled sample serves instead)."""
    if not settings.service_key or not settings.service_key.strip():
        return None
    return NmcClient(settings.base_url, settings.service_key, city=settings.city,
                     rows=settings.rows, timeout_s=settings.timeout_s,
                     retries=settings.retries, deadline_s=settings.deadline_s,
                     transport=transport, clock=clock, sleep=sleep)
