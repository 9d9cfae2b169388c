"""Adapter for 건강보험심사평가원's two data.go.kr services listing every clinic and pharmacy:

- 병원정보서비스 (hospInfoServicev2) getHospBasisList
- 약국정보서비스 (pharmacyInfoService) getParmacyBasisList

GET {base}/hospInfoServicev2/getHospBasisList?serviceKey=…&_type=json&xPos=127.6959
&yPos=34.9407&radius=25000&dgsbjtCd=11&pageNo=1&numOfRows=500 → items {ykiho (encrypted,
long), yadmNm, clCd, clCdNm (종별), addr, telno, XPos (longitude), YPos (latitude), distance,
sidoCdNm, sgguCdNm, emdongNm, postNo, hospUrl, estbDd, drTotCnt}. The pharmacy operation takes
the same location parameters (no dgsbjtCd) and answers the same fields.

No hours here: a place found only by this API is listed "진료시간 정보 없음". The search is a
circle around 광양시청 that covers the city (다압면 is about 19 km away); places whose address
does not mention 광양 (순천, 하동 inside the circle) are dropped. The 시군구 code (sgguCd) is not
used: HIRA's own code list is not bundled here, and a wrong code would silently answer
nothing."""
from __future__ import annotations

import time as _time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from myg_app.seoul_time import now_seoul
from myg_app.server.hospital.nmc import MAX_STALE, SOURCE_TTL, in_city
from myg_app.server.hospital.places import Place, PlaceKind, parse_hira
from myg_app.server.publicdata.client import Envelope, PublicDataClient, Result

HOSPITAL_PATH = "hospInfoServicev2/getHospBasisList"
PHARMACY_PATH = "pharmacyInfoService/getParmacyBasisList"
CITY_HALL = (34.9407, 127.6959)  # 광양시청 (lat, lon), as in /work/shared data notes


class HiraSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_HIRA_", extra="ignore")

    service_key: str | None = Field(default=None, repr=False)
    base_url: str = "https://apis.data.go.kr/B551182"
    radius_m: int = Field(default=25_000, ge=1_000, le=50_000)
    timeout_s: float = Field(default=10.0, gt=0)
    retries: int = Field(default=2, ge=0)
    deadline_s: float = Field(default=15.0, gt=0)
    rows: int = Field(default=500, ge=1, le=1000)


class HiraClient(PublicDataClient):
    service = "건강보험심사평가원 병원·약국 정보"
    product = "건강보험심사평가원_병원정보서비스 / 약국정보서비스"
    key_env = "MYG_HIRA_SERVICE_KEY"

    def __init__(self, base_url: str, service_key: str, *, radius_m: int = 25_000,
                 rows: int = 500, **kw: Any):
        super().__init__(base_url, service_key, max_stale=MAX_STALE, **kw)
        self.radius_m, self.rows = radius_m, rows

    def places(self, kind: PlaceKind, dept: str | None = None, *,
               wait_s: float | None = None) -> Result[list[Place]]:
        lat, lon = CITY_HALL
        params: dict[str, Any] = {"_type": "json", "xPos": lon, "yPos": lat,
                                  "radius": self.radius_m}
        if kind == "hospital" and dept:
            params["dgsbjtCd"] = dept

        def parse(env: Envelope) -> list[Place]:
            return in_city(parse_hira(env.items, kind))

        path = HOSPITAL_PATH if kind == "hospital" else PHARMACY_PATH
        return self.get(path, params, parse, ttl=SOURCE_TTL, key=("hira", kind, dept),
                        paged=True, rows=self.rows, wait_s=wait_s)


def from_settings(settings: HiraSettings, *, transport: httpx.BaseTransport | None = None,
                  clock: Callable[[], datetime] = now_seoul,
                  sleep: Callable[[float], None] = _time.sleep) -> HiraClient | None:
    if not settings.service_key or not settings.service_key.strip():
        return None
    return HiraClient(settings.base_url, settings.service_key, radius_m=settings.radius_m,
                      rows=settings.rows, timeout_s=settings.timeout_s,
                      retries=settings.retries, deadline_s=settings.deadline_s,
                      transport=transport, clock=clock, sleep=sleep)
