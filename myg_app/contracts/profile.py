"""Profile, consent records, signed-in sessions and account withdrawal."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from myg_app.contracts.types import line, token

from myg_app.gwangyang import dongs
from myg_app.i18n import msg

Language = Literal["ko", "en", "vi", "zh"]  # myg_app/i18n.LANGUAGES

DONGS: tuple[str, ...] = dongs.NAMES


@dataclass(frozen=True, slots=True)
class ConsentItem:
    id: str
    title: str
    required: bool
    version: str
    text: str


# What the sign-up screens show, in order. A new `version` asks everyone again.
CONSENT_ITEMS: tuple[ConsentItem, ...] = (
    ConsentItem("terms", "MY광양 이용약관", True, "2026-05",
                "MY광양 앱과 통합 로그인 사이트 이용에 관한 약관입니다."),
    ConsentItem("privacy_required", "개인정보 수집·이용 (회원 관리)", True, "2026-05",
                "이름, 이메일을 회원 관리와 로그인에 씁니다. 탈퇴하면 바로 지웁니다."),
    ConsentItem("privacy_optional", "개인정보 수집·이용 (맞춤 안내)", False, "2026-05",
                "휴대전화, 생년월일, 읍면동, 가구 정보를 맞춤 혜택 안내와 신청서 자동 입력에 씁니다. "
                "동의하지 않아도 다른 기능은 모두 이용할 수 있습니다."),
    ConsentItem("location", "위치정보 이용", False, "2026-05",
                "생활불편 신고 위치와 가까운 시설 안내에만 씁니다."),
    ConsentItem("news_push", "맞춤 소식 알림 수신", False, "2026-05",
                "읍면동 소식과 맞춤 혜택을 알림으로 받습니다."),
)
CONSENT_BY_ID = {c.id: c for c in CONSENT_ITEMS}
PROFILE_CONSENT = "privacy_optional"  # needed to store phone, birth date, 읍면동, household

_PHONE = re.compile(r"^01[016789]-?\d{3,4}-?\d{4}$")


def check_birth_date(v: date | None) -> date | None:
    """A birth date a person can have: from 1900 to today."""
    if v is not None and not (date(1900, 1, 1) <= v <= date.today()):
        raise ValueError("생년월일을 확인해 주세요.")
    return v


def check_consents(v: dict[str, bool] | None) -> dict[str, bool] | None:
    if v is None:
        return v
    unknown = [k for k in v if k not in CONSENT_BY_ID]
    if unknown:
        raise ValueError(msg("알 수 없는 동의 항목입니다: {join}", join=', '.join(unknown)))
    missing = [c.title for c in CONSENT_ITEMS if c.required and not v.get(c.id)]
    if missing:
        raise ValueError(msg("필수 항목에 동의해 주세요: {join}", join=', '.join(missing)))
    return v


class ConsentItemOut(BaseModel):
    id: str
    title: str
    required: bool
    version: str
    text: str


class ConsentState(BaseModel):
    id: str
    title: str
    required: bool
    version: str
    agreed: bool | None  # None: never asked (or asked on an older version)
    decided_at: datetime | None = None


class ConsentDecisions(BaseModel):
    decisions: dict[str, bool] = Field(min_length=1)

    @field_validator("decisions")
    @classmethod
    def _known(cls, v: dict[str, bool]) -> dict[str, bool]:
        unknown = [k for k in v if k not in CONSENT_BY_ID]
        if unknown:
            raise ValueError(msg("알 수 없는 동의 항목입니다: {join}", join=', '.join(unknown)))
        refused = [CONSENT_BY_ID[k].title for k, ok in v.items()
                   if CONSENT_BY_ID[k].required and not ok]
        if refused:
            raise ValueError("필수 항목 동의는 철회할 수 없습니다. 원하시면 회원 탈퇴를 이용해 주세요: "
                             + ", ".join(refused))
        return v


class Household(BaseModel):
    size: int | None = Field(default=None, ge=1, le=20)
    children: int | None = Field(default=None, ge=0, le=15)
    has_disabled_member: bool | None = None
    low_income: bool | None = None  # 기초생활수급·차상위


class ProfileOut(BaseModel):
    email: str
    name: str
    phone: str | None = None
    birth_date: date | None = None
    dong: str | None = None
    household: Household = Household()
    # False: the optional-items consent is missing, so the optional fields cannot be saved.
    optional_allowed: bool
    language: Language = "ko"  # the app's language on every device of this citizen


class LanguageChange(BaseModel):
    """PATCH /me/profile with the language alone (a ProfileUpdate dumped whole would send
    nulls that clear the other items)."""
    language: Language


class ProfileUpdate(BaseModel):
    """Fields sent are changed; a null clears an optional item. 주민등록번호 is never asked."""
    name: line(40) | None = None
    phone: line(20) | None = None
    birth_date: date | None = None
    dong: line(20) | None = None
    household: Household | None = None
    language: Language | None = None  # a setting, not personal data: no consent needed

    @field_validator("name")
    @classmethod
    def _name(cls, v: str | None) -> str | None:
        if v is None:
            return v
        v = " ".join(v.split())
        if not v:
            raise ValueError("이름을 입력해 주세요.")
        return v

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        v = v.strip()
        if not _PHONE.match(v):
            raise ValueError("휴대전화 번호 형식이 올바르지 않습니다. 예: 010-1234-5678")
        d = re.sub(r"\D", "", v)
        return f"{d[:3]}-{d[3:-4]}-{d[-4:]}"

    @field_validator("birth_date")
    @classmethod
    def _birth(cls, v: date | None) -> date | None:
        return check_birth_date(v)

    @field_validator("dong")
    @classmethod
    def _dong(cls, v: str | None) -> str | None:
        if v is not None and v not in DONGS:
            raise ValueError("광양시 읍면동 중에서 골라 주세요.")
        return v


class DeviceSession(BaseModel):
    id: str  # the session (refresh-token family) id
    device: str
    signed_in_at: datetime
    last_used_at: datetime
    current: bool


class PartnerSession(BaseModel):
    client_id: str
    name: str
    last_sign_in_at: datetime


class SessionsOut(BaseModel):
    devices: list[DeviceSession]
    partners: list[PartnerSession]


class WithdrawRequest(BaseModel):
    password: token(128, 1)
    confirm: Literal[True]  # the screen's "탈퇴에 동의합니다" check
