"""생활불편 신고 (report) and its Open311 GeoReport v2 face: the REST contract of both sides.

Categories, statuses and the Gwangyang area data live here (not in the server) because the
app needs them offline too: drafts are written before the server is reachable.
"""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator
from myg_app.contracts.types import Id, line, long_text, token

from myg_app.gwangyang import dongs

# --- categories (= Open311 services) ---------------------------------------------------

Datatype = Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]


class AttributeValue(BaseModel):
    key: str
    name: str


class Attribute(BaseModel):
    """One Open311 service attribute (a question the form asks for that category)."""

    code: str
    description: str
    datatype: Datatype = "singlevaluelist"
    required: bool = False
    order: int = 1
    values: list[AttributeValue] = Field(default_factory=list)


class Category(BaseModel):
    code: str
    name: str
    description: str
    department: str  # the city department whose inbox receives it
    keywords: list[str] = Field(default_factory=list)
    attributes: list[Attribute] = Field(default_factory=list)


def _values(*names: str) -> list[AttributeValue]:
    return [AttributeValue(key=f"v{i}", name=n) for i, n in enumerate(names, 1)]


# Routing: 도로과 takes what is on or under the road (roads and road furniture, burst water
# mains that flood the road, banners on road structures); 민원봉사과 is the city's general
# desk: it handles the rest and transfers (이관) to the agency in charge when needed.
CATEGORIES: tuple[Category, ...] = (
    Category(code="transit", name="대중교통", department="민원봉사과",
             description="버스 정류장·승강장 파손, 노선·시간표 안내 오류, 불친절 등",
             keywords=["버스", "정류장", "택시"],
             attributes=[Attribute(code="kind", description="세부 유형",
                                   values=_values("정류장 시설", "운행·배차", "안내 정보", "기타"))]),
    Category(code="toilet", name="공중화장실", department="민원봉사과",
             description="공중화장실 청소 불량, 고장, 비품 부족",
             keywords=["화장실"],
             attributes=[Attribute(code="kind", description="세부 유형",
                                   values=_values("청소 불량", "시설 고장", "비품 부족", "기타"))]),
    Category(code="road", name="도로·시설물", department="도로과",
             description="포트홀, 보도블록 파손, 가드레일·표지판 훼손 등",
             keywords=["포트홀", "보도", "가드레일", "표지판"],
             attributes=[Attribute(code="kind", description="세부 유형",
                                   values=_values("포트홀(도로 파임)", "보도블록", "가드레일·방호벽",
                                                  "도로 표지판", "기타 시설물"))]),
    Category(code="ads", name="불법광고물", department="도로과",
             description="도로·가로수·전봇대의 불법 현수막, 벽보, 전단",
             keywords=["현수막", "전단", "벽보"],
             attributes=[Attribute(code="kind", description="세부 유형",
                                   values=_values("현수막", "벽보·전단", "입간판", "기타"))]),
    Category(code="noise", name="소음·악취", department="민원봉사과",
             description="공사장 소음, 생활 소음, 악취",
             keywords=["소음", "악취", "공사"],
             attributes=[Attribute(code="kind", description="세부 유형",
                                   values=_values("공사장 소음", "생활 소음", "악취", "기타"))]),
    Category(code="water", name="수도관 파열", department="도로과",
             description="도로·보도 위로 물이 새거나 솟는 수도관 파열 (긴급)",
             keywords=["누수", "수도", "상수도"],
             attributes=[Attribute(code="flowing", description="지금도 물이 흐르나요?",
                                   values=_values("예, 흐르고 있어요", "아니요, 멈췄어요"))]),
    Category(code="other", name="기타", department="민원봉사과",
             description="위에 없는 생활 속 불편", keywords=[]),
)
CATEGORY_BY_CODE = {c.code: c for c in CATEGORIES}
DEPARTMENTS = tuple(dict.fromkeys(c.department for c in CATEGORIES))


class Redirect(BaseModel):
    """Problems another system handles: the form says where to go instead."""

    title: str
    body: str
    url: str
    link_label: str


REDIRECTS: tuple[Redirect, ...] = (
    Redirect(title="불법 주정차", body="불법 주정차는 여기서 받지 않습니다. 안전신문고로 신고해 주세요.",
             url="https://www.safetyreport.go.kr", link_label="안전신문고 열기"),
    Redirect(title="가로등·보안등 고장",
             body="가로등 고장은 광양시 가로등 고장신고 시스템에서 받습니다 (시청 홈페이지).",
             url="https://www.gwangyang.go.kr", link_label="광양시청 홈페이지 열기"),
)

# --- places ------------------------------------------------------------------------------

# Gwangyang's extent for the offline point picker and for rejecting far-away points
# (south-west and north-east corners, WGS84). Generous on purpose: the sea side included.
BOUNDS = (34.86, 127.52, 35.16, 127.82)  # min_lat, min_long, max_lat, max_long

# The 12 읍면동 with approximate centre points: the offline picker's labels and the point used
# when a citizen only names the area. Approximate by design (no map data offline).
AREAS: dict[str, tuple[float, float]] = dongs.CENTROIDS


def in_bounds(lat: float, long: float) -> bool:
    return BOUNDS[0] <= lat <= BOUNDS[2] and BOUNDS[1] <= long <= BOUNDS[3]


# --- statuses ----------------------------------------------------------------------------

Status = Literal["received", "in_progress", "done", "rejected", "transferred", "duplicate"]
STATUS_NAMES: dict[str, str] = {
    "received": "접수", "in_progress": "처리중", "done": "완료", "rejected": "반려",
    "transferred": "이관", "duplicate": "중복",
}
OPEN_STATUSES = ("received", "in_progress")
MAX_PHOTOS = 5
DESCRIPTION_MAX = 2000


# --- photos ------------------------------------------------------------------------------

class PhotoUpload(BaseModel):
    """One photo, base64 in JSON so the app's typed client and the outbox can carry it."""

    filename: line(200)
    content_base64: str = Field(min_length=1)


class PhotoOut(BaseModel):
    token: str
    url: str  # public copy: location data stripped, resized
    thumb_url: str
    width: int
    height: int


# --- citizen side ------------------------------------------------------------------------

class ReportCreate(BaseModel):
    category: token(40)
    description: long_text(DESCRIPTION_MAX, 1)
    lat: float | None = None
    long: float | None = None
    address: line(200) | None = None
    area: line(20) | None = None
    anonymous: bool = False
    attributes: dict[line(40), line(200)] = Field(default_factory=dict)
    photos: list[token(200)] = Field(default_factory=list, max_length=MAX_PHOTOS)

    @field_validator("category")
    @classmethod
    def _category(cls, v: str) -> str:
        if v not in CATEGORY_BY_CODE:
            raise ValueError("신고 분야를 골라 주세요.")
        return v

    @field_validator("description")
    @classmethod
    def _description(cls, v: str) -> str:
        v = v.strip()
        if len(v) < 5:
            raise ValueError("어떤 불편인지 5자 이상 적어 주세요.")
        return v

    @field_validator("area")
    @classmethod
    def _area(cls, v: str | None) -> str | None:
        if v and v not in AREAS:
            raise ValueError("광양시의 읍면동을 골라 주세요.")
        return v or None

    @field_validator("address")
    @classmethod
    def _address(cls, v: str | None) -> str | None:
        return (v or "").strip() or None

    @model_validator(mode="after")
    def _place(self) -> "ReportCreate":
        if (self.lat is None) != (self.long is None):
            raise ValueError("위치는 위도와 경도를 함께 보내야 합니다.")
        if self.lat is not None and not in_bounds(self.lat, self.long):
            raise ValueError("광양시 안의 위치만 신고할 수 있습니다.")
        if self.lat is None and not self.address and not self.area:
            raise ValueError("위치를 정해 주세요: 현재 위치, 지도에서 고르기 또는 주소 입력.")
        return self


class EventOut(BaseModel):
    kind: str  # created, status, assigned, extended, reopened
    status: str | None
    status_name: str | None
    note: str | None
    by: str  # "신고인", "담당자", "시스템"
    at: datetime


class ReportSummary(BaseModel):
    id: int
    category: str
    category_name: str
    status: str
    status_name: str
    description: str
    address: str | None
    area: str | None
    lat: float | None
    long: float | None
    thumb_url: str | None
    supporters: int
    created_at: datetime
    due_at: datetime
    overdue: bool
    distance_m: int | None = None


class ReportOut(ReportSummary):
    department: str
    reporter: str  # "익명" or a masked name: reports are public
    mine: bool
    supported: bool  # this user said "me too"
    anonymous: bool
    attributes: dict[str, str]
    photos: list[PhotoOut]
    resolved_at: datetime | None
    can_reopen: bool
    reopen_until: datetime | None
    extensions: int
    duplicate_of: int | None
    events: list[EventOut]


class ReportList(BaseModel):
    items: list[ReportSummary]
    total: int


class ReopenRequest(BaseModel):
    reason: long_text(1000, 1)

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        if len(v.strip()) < 5:
            raise ValueError("아직 불편한 점을 5자 이상 적어 주세요.")
        return v.strip()


class ReportMeta(BaseModel):
    categories: list[Category]
    redirects: list[Redirect]
    areas: dict[str, tuple[float, float]]
    bounds: tuple[float, float, float, float]
    statuses: dict[str, str]
    max_photos: int
    max_photo_bytes: int


# --- officer side ------------------------------------------------------------------------

class OfficerReportSummary(ReportSummary):
    department: str
    assignee: str | None
    reporter_masked: str


class OfficerReportList(BaseModel):
    items: list[OfficerReportSummary]
    total: int
    overdue: int


class OfficerReportOut(ReportOut):
    assignee_id: int | None
    assignee: str | None
    reporter_masked: str  # officers see who reported (masked), even for anonymous reports
    reporter_email_masked: str | None
    source: str  # app | open311
    external_media_url: str | None
    allowed_next: list[str]


class StatusChange(BaseModel):
    status: Status
    note: long_text(2000, 1)
    duplicate_of: Id | None = None

    @field_validator("note")
    @classmethod
    def _note(cls, v: str) -> str:
        if len(v.strip()) < 2:
            raise ValueError("시민에게 보여줄 처리 내용을 적어 주세요.")
        return v.strip()


class AssignRequest(BaseModel):
    assignee_id: Id | None  # None: unassign


class ExtendRequest(BaseModel):
    days: int = Field(ge=1, le=14)
    reason: long_text(1000, 1)

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        if len(v.strip()) < 5:
            raise ValueError("연장 사유를 5자 이상 적어 주세요. 신고인에게 그대로 안내됩니다.")
        return v.strip()


class OfficerOut(BaseModel):
    id: int
    name: str


class OfficerList(BaseModel):
    items: list[OfficerOut]
