"""Adapter for 국토교통부 TAGO 버스정보 (data.go.kr 15098530 버스정류소정보, 15098529 버스도착정보,
15098534 버스노선정보), for 광양시 (cityCode 36060). Written against the API guides; only
getCtyCodeList is recorded (tests/data/tago/).

- GET {base}/BusSttnInfoInqireService/getSttnNoList?serviceKey=…&_type=json&cityCode=36060
  &nodeNm=…|nodeNo=…&pageNo&numOfRows → items {gpslati, gpslong, nodeid, nodenm, nodeno}
- GET {base}/BusSttnInfoInqireService/getCrdntPrxmtSttnList?gpsLati=…&gpsLong=… → the stops
  within about 500 m of the point, nationwide: items {citycode, gpslati, gpslong, nodeid,
  nodenm, nodeno}
- GET {base}/ArvlInfoInqireService/getSttnAcctoArvlPrearngeInfoList?cityCode&nodeId → items
  {arrprevstationcnt, arrtime (seconds), nodeid, nodenm, routeid, routeno, routetp, vehicletp}
- GET {base}/BusRouteInfoInqireService/getRouteAcctoThrghSttnList?cityCode&routeId → items
  {gpslati, gpslong, nodeid, nodenm, nodeno, nodeord, routeid, updowncd}
- GET {base}/BusRouteInfoInqireService/getCtyCodeList → items {citycode, cityname}

Quirks handled here (the envelope's are the client base's): a single result arrives as an
object, not a list; `routeno` and `nodeno` may be numbers (9, 9.0) or strings ("9-1");
arrtime and the counts may be strings; items without an id are skipped, not fatal.

Caching: stops and a route's stops change with the timetable (rarely): a day. Arrivals are
the BIS's prediction of the moment (TAGO refreshes them about every 30 s): 20 s, and when the
source fails an earlier answer serves up to 10 minutes, its seconds counted down by its age
(service.py), never longer: a bus predicted 15 minutes ago is no guide.
"""
from __future__ import annotations

import logging
import math
import time as _time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from myg_app.contracts.bus import Stop
from myg_app.seoul_time import now_seoul
from myg_app.server.publicdata.client import Envelope, PublicDataClient, PublicDataError, Result

log = logging.getLogger(__name__)

GWANGYANG = 36060
STOPS_BY_NAME = "BusSttnInfoInqireService/getSttnNoList"
STOPS_NEAR = "BusSttnInfoInqireService/getCrdntPrxmtSttnList"
ARRIVALS = "ArvlInfoInqireService/getSttnAcctoArvlPrearngeInfoList"
ROUTE_STOPS = "BusRouteInfoInqireService/getRouteAcctoThrghSttnList"
CITY_CODES = "BusRouteInfoInqireService/getCtyCodeList"

STOPS_TTL = timedelta(hours=24)
ARRIVALS_TTL = timedelta(seconds=20)
ARRIVALS_MAX_STALE = timedelta(minutes=10)
STOPS_MAX_STALE = timedelta(days=7)
DIRECTIONS = {"0": "상행", "1": "하행"}


class TagoSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYG_TAGO_", extra="ignore")

    # repr=False: the key must never reach a log line or a traceback.
    service_key: str | None = Field(default=None, repr=False)
    base_url: str = "https://apis.data.go.kr/1613000"
    city_code: int = GWANGYANG
    timeout_s: float = Field(default=5.0, gt=0)  # one try: arrivals are worthless when late
    retries: int = Field(default=2, ge=0)
    deadline_s: float = Field(default=8.0, gt=0)
    # How long a screen's request waits for TAGO before answering with what it has (the
    # previous answer, or "잠시 후 다시") while the call goes on in the background.
    wait_s: float = Field(default=1.0, gt=0, le=10)


# values -----------------------------------------------------------------------------------

def label(value: Any) -> str | None:
    """A route or stop number as people read it: 9 / 9.0 / "9" → "9", "21-1" stays; None when
    absent."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text or None


def integer(value: Any) -> int | None:
    try:
        x = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return int(x) if math.isfinite(x) and abs(x) < 2**31 else None


def coordinate(value: Any, low: float, high: float) -> float | None:
    try:
        x = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) and low <= x <= high and x != 0 else None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Great-circle distance in metres (haversine; enough within a city)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * 6_371_000 * math.asin(math.sqrt(a)))


# parsing ----------------------------------------------------------------------------------

def _stop(item: Mapping[str, Any]) -> Stop | None:
    node_id, name = label(item.get("nodeid")), label(item.get("nodenm"))
    if not node_id or not name:
        return None
    return Stop(id=node_id, name=name, no=label(item.get("nodeno")),
                lat=coordinate(item.get("gpslati"), -90, 90),
                lon=coordinate(item.get("gpslong"), -180, 180))


def parse_stops(items: Iterable[Mapping[str, Any]], *, city: int | None = None,
                near: tuple[float, float] | None = None) -> list[Stop]:
    """getSttnNoList / getCrdntPrxmtSttnList items as Stops: one per nodeid, in the API's order
    (nearest first with `near`, distances set). `city`: keep only that citycode's stops (the
    near-by search is nationwide); an item without citycode is kept."""
    out: dict[str, Stop] = {}
    skipped = 0
    for item in items:
        if city is not None and item.get("citycode") not in (None, ""):
            if integer(item.get("citycode")) != city:
                continue
        stop = _stop(item)
        if stop is None:
            skipped += 1
            continue
        if near is not None and stop.lat is not None and stop.lon is not None:
            stop.distance_m = distance_m(near[0], near[1], stop.lat, stop.lon)
        out.setdefault(stop.id, stop)
    if skipped:
        log.warning("tago: %d stop items without nodeid/nodenm skipped", skipped)
    stops = list(out.values())
    if near is not None:
        stops.sort(key=lambda s: (s.distance_m is None, s.distance_m or 0))
    return stops


@dataclass(frozen=True)
class ArrivalRow:
    """One predicted arrival as TAGO gave it (seconds from when it was fetched)."""
    route_id: str
    route_no: str
    route_type: str | None
    stops_left: int | None
    seconds: int
    vehicle_type: str | None
    stop_name: str | None


def parse_arrivals(items: Iterable[Mapping[str, Any]]) -> list[ArrivalRow]:
    """getSttnAcctoArvlPrearngeInfoList items, soonest first; items without a route or an
    arrtime are skipped (a bus whose time the BIS does not know helps nobody waiting)."""
    rows = []
    for item in items:
        route_id, route_no = label(item.get("routeid")), label(item.get("routeno"))
        seconds = integer(item.get("arrtime"))
        if not route_id or not route_no or seconds is None or seconds < 0:
            log.info("tago: an arrival without routeid/routeno/arrtime skipped")
            continue
        stops_left = integer(item.get("arrprevstationcnt"))
        rows.append(ArrivalRow(route_id, route_no, label(item.get("routetp")),
                               stops_left if stops_left is not None and stops_left >= 0 else None,
                               seconds, label(item.get("vehicletp")), label(item.get("nodenm"))))
    rows.sort(key=lambda r: (r.seconds, r.route_no))
    return rows


@dataclass(frozen=True)
class RouteStopRow:
    order: int
    stop: Stop
    direction: str | None


def parse_route_stops(items: Iterable[Mapping[str, Any]]) -> list[RouteStopRow]:
    """getRouteAcctoThrghSttnList items in nodeord order (the API pages them, the order is
    the route's)."""
    rows = []
    for n, item in enumerate(items, 1):
        stop = _stop(item)
        if stop is None:
            continue
        order = integer(item.get("nodeord"))
        rows.append(RouteStopRow(order if order is not None else n, stop,
                                 DIRECTIONS.get(label(item.get("updowncd")) or "")))
    rows.sort(key=lambda r: r.order)
    return rows


def parse_city_codes(items: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    out = {}
    for item in items:
        code, name = integer(item.get("citycode")), label(item.get("cityname"))
        if code is not None and name:
            out[code] = name
    return out


# the client -------------------------------------------------------------------------------

class TagoClient(PublicDataClient):
    """TAGO's stop, arrival and route calls for one city, cached and served stale with their
    age when TAGO fails or hangs. `wait_s` on each call: see PublicDataClient.cached."""

    service = "국토교통부 TAGO 버스정보"
    product = "국토교통부_(TAGO)_버스정류소정보·버스도착정보·버스노선정보"
    key_env = "MYG_TAGO_SERVICE_KEY"

    def __init__(self, base_url: str, service_key: str, *, city_code: int = GWANGYANG,
                 **kw: Any):
        super().__init__(base_url, service_key, **kw)
        self.city_code = city_code

    def _params(self, **more: Any) -> dict[str, Any]:
        return {"_type": "json", "cityCode": self.city_code, **more}

    def _read(self, parse: Callable[[list[dict[str, Any]]], Any]) -> Callable[[Envelope], Any]:
        return lambda env: parse(env.items)

    def stops_by_name(self, query: str, *, wait_s: float | None = None) -> Result[list[Stop]]:
        """Stops whose name holds `query`, or whose sign number is `query` (digits)."""
        query = query.strip()
        field = "nodeNo" if query.isdigit() else "nodeNm"
        return self.get(STOPS_BY_NAME, self._params(**{field: query}), self._read(parse_stops),
                        ttl=STOPS_TTL, max_stale=STOPS_MAX_STALE, paged=True, rows=100,
                        key=("stops", field, query), wait_s=wait_s)

    def stops_near(self, lat: float, lon: float, *,
                   wait_s: float | None = None) -> Result[list[Stop]]:
        """The city's stops around (lat, lon), nearest first. The point is rounded to about
        10 m for the cache (a phone's fix wanders; the answer would not change)."""
        lat, lon = round(lat, 4), round(lon, 4)
        params = {"_type": "json", "gpsLati": lat, "gpsLong": lon}
        return self.get(STOPS_NEAR, params,
                        self._read(lambda items: parse_stops(items, city=self.city_code,
                                                             near=(lat, lon))),
                        ttl=STOPS_TTL, max_stale=STOPS_MAX_STALE, paged=True, rows=100,
                        key=("near", lat, lon), wait_s=wait_s)

    def arrivals(self, node_id: str, *, wait_s: float | None = None) -> Result[list[ArrivalRow]]:
        return self.get(ARRIVALS, self._params(nodeId=node_id), self._read(parse_arrivals),
                        ttl=ARRIVALS_TTL, max_stale=ARRIVALS_MAX_STALE, paged=True, rows=100,
                        key=("arrivals", node_id), wait_s=wait_s)

    def route_stops(self, route_id: str, *,
                    wait_s: float | None = None) -> Result[list[RouteStopRow]]:
        return self.get(ROUTE_STOPS, self._params(routeId=route_id),
                        self._read(parse_route_stops), ttl=STOPS_TTL,
                        max_stale=STOPS_MAX_STALE, paged=True, rows=200,
                        key=("route", route_id), wait_s=wait_s)

    def city_codes(self) -> Result[dict[int, str]]:
        """Every city TAGO serves (to check cityCode when setting up a new city)."""
        return self.get(CITY_CODES, {"_type": "json"}, self._read(parse_city_codes),
                        ttl=timedelta(days=30), paged=True, rows=500, key=("cities",))


def from_settings(settings: TagoSettings | None = None, *,
                  transport: httpx.BaseTransport | None = None,
                  clock: Callable[[], datetime] = now_seoul,
                  sleep: Callable[[float], None] = _time.sleep) -> TagoClient:
    settings = settings or TagoSettings()
    if not settings.service_key or not settings.service_key.strip():
        raise PublicDataError("국토교통부 TAGO 버스정보 API 인증키가 설정되지 않았습니다. "
                              "공공데이터포털(data.go.kr)에서 「국토교통부_(TAGO)_버스도착정보」 등을 "
                              "활용신청해 받은 인증키를 환경변수 MYG_TAGO_SERVICE_KEY에 넣으세요")
    return TagoClient(settings.base_url, settings.service_key, city_code=settings.city_code,
                      timeout_s=settings.timeout_s, retries=settings.retries,
                      deadline_s=settings.deadline_s, transport=transport, clock=clock,
                      sleep=sleep)
