"""HTTP for 버스 정보 (/bus, /me/bus). The read routes never touch the database and answer
within about a second whatever TAGO does (sources.py); 503 problem+json in Korean, with
Retry-After, when there is nothing to serve yet."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from myg_app.contracts import bus as c
from myg_app.contracts import types as t
from myg_app.server.auth.deps import CurrentUser
from myg_app.server.bus import service
from myg_app.server.bus.sources import BusSource, source_of
from myg_app.server.deps import Created, OnceDep, SessionDep, user_scope
from myg_app.server.problems import problem_responses


def bus_source(request: Request) -> BusSource:
    return source_of(request.app.state)


Source = Annotated[BusSource, Depends(bus_source)]
StopId = Annotated[str, Path(min_length=1, max_length=30, pattern=c.NODE_ID_PATTERN,
                             description="정류장 ID (TAGO nodeid)")]
RouteId = Annotated[str, Path(min_length=1, max_length=30, pattern=c.NODE_ID_PATTERN,
                              description="노선 ID (TAGO routeid)")]
Lat = Annotated[c.Latitude, Query(description="위도 (예: 34.9407)")]
Lon = Annotated[c.Longitude, Query(description="경도 (예: 127.6959)")]

router = APIRouter(prefix="/bus", tags=["bus"])
mine = APIRouter(prefix="/me/bus", tags=["bus"])


@router.get("/stops", response_model=c.StopList, responses=problem_responses(422, 503),
            summary="정류장 찾기 (이름 또는 정류장 번호)")
def stops(source: Source, q: Annotated[t.line(40), Query(description="예: 시청, 중마터미널, "
                                                                      "1006")]) -> c.StopList:
    return service.search(source, q)


@router.get("/stops/near", response_model=c.StopList, responses=problem_responses(422, 503),
            summary="가까운 정류장 (가까운 순)")
def stops_near(source: Source, lat: Lat, lon: Lon) -> c.StopList:
    return service.near(source, lat, lon)


@router.get("/stops/{stop_id}/arrivals", response_model=c.Arrivals,
            responses=problem_responses(422, 503), summary="정류장 도착 예정 버스")
def arrivals(stop_id: StopId, source: Source) -> c.Arrivals:
    return service.arrivals(source, stop_id)


@router.get("/routes/{route_id}/stops", response_model=c.RouteStops,
            responses=problem_responses(404, 422, 503), summary="노선이 지나는 정류장")
def route_stops(route_id: RouteId, source: Source) -> c.RouteStops:
    return service.route_stops(source, route_id)


@mine.get("/favourites", response_model=c.FavouriteList, responses=problem_responses(401),
          summary="즐겨찾는 정류장 (arrivals=true: 앞의 세 곳의 도착 예정 버스와 함께)")
def favourites(session: SessionDep, user: CurrentUser, source: Source,
               arrivals: Annotated[bool, Query()] = False) -> c.FavouriteList:
    return service.favourites(session, user, source if arrivals else None)


@mine.put("/favourites/{stop_id}", status_code=201, response_model=c.Favourite,
          responses={200: {"model": c.Favourite, "description": "이미 저장된 정류장 (이름 갱신)"},
                     **problem_responses(401, 409, 422)},
          summary="즐겨찾는 정류장에 저장")
def add_favourite(stop_id: StopId, body: c.FavouriteIn, session: SessionDep, user: CurrentUser,
                  once: OnceDep):
    def make() -> Created:
        fav, created = service.add_favourite(session, user, stop_id, body)
        return Created(fav, 201 if created else 200)

    return once(user_scope(user), body, make)


@mine.delete("/favourites/{stop_id}", status_code=204, responses=problem_responses(401, 422),
             summary="즐겨찾는 정류장에서 빼기")
def remove_favourite(stop_id: StopId, session: SessionDep, user: CurrentUser) -> Response:
    service.remove_favourite(session, user, stop_id)
    return Response(status_code=204)
