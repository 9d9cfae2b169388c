"""복지정책 검색, 보조금24 맞춤혜택 and 소상공인 지원: search answers, a service's detail, the
맞춤혜택 questions and answers, and an officer's programme form. Field names the issue fixed
(`items`, `total`, `id`, `name`, `agency`, `summary`, `score`, `eligibility`, `reasons`) are a
contract with outside callers: never rename them."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator

from myg_app.contracts.profile import check_birth_date
from myg_app.contracts.types import line, long_text
from myg_app.gov24.conditions import TRAITS

Region = Literal["gwangyang", "all"]
Level = Literal["gwangyang", "province", "national"]
Eligibility = Literal["eligible", "check"]
Trait = Literal[tuple(TRAITS)]  # type: ignore[valid-type]
BusinessType = Literal["restaurant", "manufacturing", "other"]

# 보조금24's 서비스분야 and 사용자구분, as the records spell them.
FIELDS: tuple[str, ...] = ("생활안정", "주거·자립", "보육·교육", "고용·창업", "보건·의료",
                           "행정·안전", "임신·출산", "보호·돌봄", "문화·환경", "농림축산어업")
USER_TYPES: tuple[str, ...] = ("개인", "가구", "소상공인", "법인/시설/단체")
Field_ = Literal[FIELDS]  # type: ignore[valid-type]
UserType = Literal[USER_TYPES]  # type: ignore[valid-type]
LEVEL_LABELS = {"gwangyang": "광양시", "province": "전라남도", "national": "중앙부처",
                "other": "다른 지역"}
BUSINESS_TYPE_LABELS = {"restaurant": "음식점업", "manufacturing": "제조업", "other": "기타 업종"}
INCOME_BAND_LABELS = {1: "기준중위소득 50% 이하", 2: "51~75%", 3: "76~100%", 4: "101~200%",
                      5: "200% 초과"}

Limit = Annotated[int, Field(ge=1, le=100)]
Offset = Annotated[int, Field(ge=0, le=10_000)]


class ServiceItem(BaseModel):
    id: str
    name: str
    agency: str
    summary: str
    score: float
    level: str  # gwangyang | province | national | other
    level_label: str  # 광양시 / 전라남도 / 중앙부처 / 다른 지역
    field: str = ""
    user_types: list[str] = []
    online: bool = False
    always_open: bool = False
    deadline: str = ""
    why: list[str] = []  # why it matched, in Korean
    source: str = "gov24"  # gov24 | city
    demo: bool = False


class SearchOut(BaseModel):
    items: list[ServiceItem]
    total: int
    query: str = ""
    region: Region = "gwangyang"


class Section(BaseModel):
    title: str  # 지원대상, 선정기준, 지원내용, 신청방법, 구비서류, 문의처
    text: str


class Phone(BaseModel):
    who: str
    number: str


class ServiceDetail(BaseModel):
    id: str
    name: str
    agency: str
    summary: str
    purpose: str = ""
    level: str
    level_label: str
    field: str = ""
    user_types: list[str] = []
    support_type: str = ""
    department: str = ""
    target: str = ""
    criteria: str = ""
    content: str = ""
    how_to_apply: str = ""
    channels: list[str] = []
    deadline: str = ""
    deadline_end: date | None = None
    documents: str = ""
    documents_official: str = ""
    receiving_org: str = ""
    contact: str = ""
    phones: list[Phone] = []
    online: bool = False
    online_url: str = ""
    detail_url: str = ""
    laws: str = ""
    ordinances: str = ""
    views: int = 0
    registered_at: str = ""
    updated_at: str = ""
    always_open: bool = False
    conditions: list[str] = []  # the support conditions decoded into Korean
    conditions_raw: dict[str, str | int] | None = None  # the JA codes as 보조금24 sends them
    business_years_max: int | None = None  # a 광양시 programme's 업력 limit (years)
    sections: list[Section] = []
    source: str = "gov24"
    demo: bool = False
    status: Literal["active", "ended"] = "active"
    ended_at: datetime | None = None
    bookmarked: bool | None = None  # None for a guest


class BookmarkOut(BaseModel):
    service_id: str
    bookmarked: bool


class MatchIn(BaseModel):
    """What a person tells 맞춤혜택. Nothing is stored. 주민등록번호 is never asked: the age is
    enough (or the birth date, on a stored profile)."""
    age: Annotated[int, Field(ge=0, le=120)] | None = None
    gender: Literal["M", "F"] | None = None
    household_size: Annotated[int, Field(ge=1, le=20)] | None = None
    income_band: Annotated[int, Field(ge=1, le=5)] | None = None
    traits: Annotated[list[Trait], Field(max_length=len(TRAITS))] = []
    region: Region = "gwangyang"


class MatchItem(BaseModel):
    id: str
    name: str
    eligibility: Eligibility
    reasons: list[str]
    agency: str = ""
    summary: str = ""
    level: str = ""
    level_label: str = ""
    source: str = "gov24"


class MatchOut(BaseModel):
    items: list[MatchItem]
    total: int
    eligible: int
    check: int


class ProfileIn(BaseModel):
    """A citizen's 맞춤혜택 answers, stored only with `consent` (the optional-items consent of
    the profile). Birth date, 읍면동 and household size are the profile's own fields."""
    consent: bool
    birth_date: date | None = None
    gender: Literal["M", "F"] | None = None
    dong: line(20) | None = None
    household_size: Annotated[int, Field(ge=1, le=20)] | None = None
    income_band: Annotated[int, Field(ge=1, le=5)] | None = None
    traits: Annotated[list[Trait], Field(max_length=len(TRAITS))] = []
    business_type: BusinessType | None = None
    business_years: Annotated[int, Field(ge=0, le=100)] | None = None
    notify_new: bool = False

    @field_validator("birth_date")
    @classmethod
    def _birth(cls, v: date | None) -> date | None:
        return check_birth_date(v)


class ProfileOut(BaseModel):
    birth_date: date | None = None
    age: int | None = None
    gender: Literal["M", "F"] | None = None
    dong: str | None = None
    household_size: int | None = None
    income_band: int | None = None
    traits: list[str] = []
    business_type: str | None = None
    business_years: int | None = None
    notify_new: bool = False
    stored: bool = False


class MyMatchOut(MatchOut):
    profile: ProfileOut | None = None


class ProgramIn(BaseModel):
    """A 광양시 programme an officer adds or edits, with the fields of a 보조금24 record."""
    name: line(120, min_length=2)
    summary: line(200, min_length=2)
    field: Field_ = "생활안정"
    user_types: Annotated[list[UserType], Field(min_length=1, max_length=4)] = ["개인"]
    target: long_text(3000, min_length=2)
    criteria: long_text(3000) = ""
    content: long_text(3000, min_length=2)
    how_to_apply: long_text(2000, min_length=2)
    deadline: line(100) = "상시신청"
    documents: long_text(2000) = ""
    department: line(60) = ""
    contact: line(200, min_length=2)
    online_url: line(500) = ""
    age_min: Annotated[int, Field(ge=0, le=120)] | None = None
    age_max: Annotated[int, Field(ge=0, le=120)] | None = None
    traits: Annotated[list[Trait], Field(max_length=len(TRAITS))] = []
    business_types: Annotated[list[BusinessType], Field(max_length=3)] = []
    business_years_max: Annotated[int, Field(ge=0, le=100)] | None = None

    @field_validator("online_url")
    @classmethod
    def _url(cls, v: str) -> str:
        v = v.strip()
        if v and not v.startswith(("https://", "http://")):
            raise ValueError("신청 주소는 https:// 로 시작해야 합니다.")
        return v


class ImportOut(BaseModel):
    id: int
    origin: str
    added: int
    updated: int
    ended: int
    unchanged: int
    notified: int
    created_at: datetime
