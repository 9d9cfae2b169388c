"""버스 정보 (국토교통부 TAGO, 광양시 cityCode 36060): stops by name and near a place, a stop's
arrivals, a route's stops, and a citizen's favourite stops (shown on home).

Every answer built on TAGO carries `source` (contracts/publicdata.SourceInfo): live or the
bundled sample, and how old it is."""
from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from myg_app.contracts import types as t
from myg_app.contracts.publicdata import SourceInfo

# TAGO ids ("GYB123000456"): ASCII letters, digits, "_" and "-" only. A pattern, not free text:
# they go into the national API's query string and into our table.
NODE_ID_PATTERN = r"^[A-Za-z0-9_-]{1,30}$"
NodeId = Annotated[str, Field(min_length=1, max_length=30, pattern=NODE_ID_PATTERN)]
RouteId = NodeId
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
MAX_FAVOURITES = 20


class Stop(BaseModel):
    id: str  # nodeid
    name: str  # nodenm
    no: str | None = None  # nodeno: the number on the stop's sign (may arrive as a number)
    lat: float | None = None
    lon: float | None = None
    distance_m: int | None = None  # from the asked place (stops/near only)


class StopList(BaseModel):
    items: list[Stop]
    source: SourceInfo


class Arrival(BaseModel):
    route_id: str
    route_no: str  # "9", "21-1" (TAGO may send 9 as a number)
    route_type: str | None = None  # 일반버스, 좌석버스, 마을버스 …
    stops_left: int | None = None  # arrprevstationcnt
    seconds: int  # arrtime, corrected for the answer's age
    minutes: int  # what a screen shows: 0 = 곧 도착
    vehicle_type: str | None = None  # 저상버스 …


class Arrivals(BaseModel):
    stop_id: str
    stop_name: str | None = None
    items: list[Arrival]
    source: SourceInfo


class RouteStop(BaseModel):
    order: int  # nodeord
    stop: Stop
    direction: str | None = None  # 상행 / 하행 (updowncd 0 / 1)


class RouteStops(BaseModel):
    route_id: str
    route_no: str | None = None
    items: list[RouteStop]
    source: SourceInfo


class FavouriteIn(BaseModel):
    """What the screen knew about the stop when it was saved (TAGO has no "one stop" call)."""
    name: t.line(60, 1)
    no: t.token(20) | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None


class Favourite(BaseModel):
    stop: Stop
    arrivals: list[Arrival] | None = None  # only with ?arrivals=true; None: not available now
    source: SourceInfo | None = None


class FavouriteList(BaseModel):
    items: list[Favourite]
