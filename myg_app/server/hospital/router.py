"""HTTP for 병원·약국 (no login needed):

GET /hospital/places?kind=hospital|pharmacy|emergency&dept=11&open_now=true&night=true
    &holiday=true&moonlight=true&lat=34.94&lon=127.69 (or dong=jungma)&page=1&size=20
GET /hospital/places/{id}: hours per weekday and 공휴일, phone, address, a map link."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from myg_app.contracts import hospital as c
from myg_app.gwangyang import dongs
from myg_app.seoul_time import now_seoul
from myg_app.server.errors import AppError
from myg_app.server.hospital import service
from myg_app.server.problems import problem_responses

router = APIRouter(prefix="/hospital", tags=["hospital"])

PlaceId = Annotated[str, Path(pattern=r"^[a-z]-[A-Za-z0-9]{1,40}$", max_length=42,
                              description="목록의 id (예: n-A1234567)")]


@router.get("/places", response_model=c.PlaceList, summary="병원·약국 찾기",
            responses=problem_responses(422, 503))
def search(request: Request,
           kind: Annotated[c.Kind, Query(description="hospital 병·의원, pharmacy 약국, "
                                                      "emergency 응급실")] = "hospital",
           dept: Annotated[c.DeptCode | None, Query(description="진료과목 코드 01~26 "
                                                                 "(예: 11 소아청소년과)")] = None,
           open_now: Annotated[bool, Query(description="지금 문을 연 곳만")] = False,
           night: Annotated[bool, Query(description="오늘 20시 이후까지 여는 곳만")] = False,
           holiday: Annotated[bool, Query(description="일요일·공휴일에 여는 곳만 "
                                                      "(휴일지킴이약국)")] = False,
           moonlight: Annotated[bool, Query(description="달빛어린이병원만")] = False,
           lat: Annotated[c.Lat | None, Query(description="내 위치 위도 (가까운 순)")] = None,
           lon: Annotated[c.Lon | None, Query(description="내 위치 경도")] = None,
           dong: Annotated[c.DongCode | None, Query(description="위치 대신 읍면동 "
                                                                "(중심에서 가까운 순)")] = None,
           page: Annotated[c.PageNo, Query()] = 1,
           size: Annotated[c.PageSize, Query()] = 20) -> c.PlaceList:
    if (lat is None) != (lon is None):
        raise AppError(422, "hospital.location", "위도(lat)와 경도(lon)를 함께 보내 주세요.",
                       field="lat" if lat is None else "lon")
    near, label = None, None
    if lat is not None and lon is not None:
        near, label = (lat, lon), "현재 위치"
    elif dong is not None:
        d = dongs.BY_CODE[dong]
        near, label = d.centroid, d.name
    if kind == "pharmacy" and moonlight:
        raise AppError(422, "hospital.moonlight", "달빛어린이병원은 병원 찾기에서 고를 수 "
                                                  "있습니다.", field="moonlight")
    q = service.Query(kind=kind, dept=dept if kind != "pharmacy" else None, open_now=open_now,
                      night=night, holiday=holiday, moonlight=moonlight, near=near,
                      near_label=label, page=page, size=size)
    return service.search(service.sources_of(request.app.state), q, now_seoul())


@router.get("/places/{place_id}", response_model=c.PlaceDetail, summary="병원·약국 자세히",
            responses=problem_responses(404, 422, 503))
def detail(request: Request, place_id: PlaceId) -> c.PlaceDetail:
    return service.detail(service.sources_of(request.app.state), place_id, now_seoul())
