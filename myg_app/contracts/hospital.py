"""병원·약국: hospitals, pharmacies and emergency rooms of 광양, from 국립중앙의료원 (opening
hours, emergency rooms) and 건강보험심사평가원 (the listed clinics and their 종별); see
server/hospital/. Every answer carries the `source` it came from (live, stale or a sample)."""
from __future__ import annotations

from typing import Annotated, Literal

from annotated_types import Ge, Le
from pydantic import AwareDatetime, BaseModel

from myg_app.contracts.news import DongCode  # noqa: F401 - the 읍면동 codes, declared once
from myg_app.contracts.publicdata import SourceInfo

Kind = Literal["hospital", "pharmacy", "emergency"]
# 진료과목 as both APIs number them: 건강보험심사평가원 dgsbjtCd "01".."26" and 국립중앙의료원 QD
# "D001".."D026" name the same subjects in the same order (the APIs' guides).
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("01", "내과"), ("02", "신경과"), ("03", "정신건강의학과"), ("04", "외과"), ("05", "정형외과"),
    ("06", "신경외과"), ("07", "흉부외과"), ("08", "성형외과"), ("09", "마취통증의학과"),
    ("10", "산부인과"), ("11", "소아청소년과"), ("12", "안과"), ("13", "이비인후과"), ("14", "피부과"),
    ("15", "비뇨의학과"), ("16", "영상의학과"), ("17", "방사선종양학과"), ("18", "병리과"),
    ("19", "진단검사의학과"), ("20", "결핵과"), ("21", "재활의학과"), ("22", "핵의학과"),
    ("23", "가정의학과"), ("24", "응급의학과"), ("25", "직업환경의학과"), ("26", "예방의학과"),
)
DEPARTMENT_NAMES = dict(DEPARTMENTS)
DeptCode = Literal[tuple(code for code, _ in DEPARTMENTS)]  # type: ignore[valid-type]
# Within reach of Korea: a point outside is a mistake, not a place to search near.
Lat = Annotated[float, Ge(33.0), Le(39.0)]
Lon = Annotated[float, Ge(124.0), Le(132.0)]
PageNo = Annotated[int, Ge(1), Le(1000)]
PageSize = Annotated[int, Ge(1), Le(50)]


class DayHours(BaseModel):
    day: str  # 월 … 일, 공휴일
    text: str  # "09:00~18:00", "18:00~다음날 02:00", "휴진", "정보 없음"
    today: bool = False


class PlaceSummary(BaseModel):
    id: str  # "n-<hpid>" (국립중앙의료원) or "y-<hash of ykiho>" (건강보험심사평가원 only)
    kind: Literal["hospital", "pharmacy"]
    name: str
    category: str | None = None  # 종별: 의원, 병원, 약국 …
    address: str | None = None
    phone: str | None = None
    lat: float | None = None
    lon: float | None = None
    distance_m: int | None = None  # from the point asked about, when one was given
    open_now: bool | None = None  # None: no opening hours known
    today_text: str  # "오늘 09:00~18:00", "오늘 휴진", "진료시간 정보 없음"
    night: bool = False  # open today until 20:00 or later
    holiday: bool = False  # open on Sundays or public holidays
    moonlight: bool = False  # 달빛어린이병원
    emergency: bool = False  # runs an emergency room
    demo: bool = False  # bundled example, not a real place


class PlaceList(BaseModel):
    items: list[PlaceSummary]
    total: int
    page: int
    size: int
    now: AwareDatetime  # the moment "open now" was judged at (Korean time)
    holiday_name: str | None = None  # today is a public holiday: its name
    near: str | None = None  # what the distances are measured from ("현재 위치", "중마동")
    source: SourceInfo


class PlaceDetail(PlaceSummary):
    hours: list[DayHours]
    departments: list[str] = []
    emergency_phone: str | None = None
    map_url: str | None = None  # Kakao Map's public link scheme (map.kakao.com/link/map)
    note: str | None = None
    source: SourceInfo
