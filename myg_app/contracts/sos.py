"""긴급복지 SOS: a citizen (or a guest with a phone number) asks the welfare office for help."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, field_validator
from myg_app.contracts.types import line, long_text

SosKind = Literal["livelihood", "medical", "housing", "care", "other"]
SOS_KINDS: dict[str, str] = {  # code -> what the citizen reads
    "livelihood": "생계", "medical": "의료", "housing": "주거", "care": "돌봄", "other": "기타",
}
SosStatus = Literal["received", "contacted", "closed"]
SOS_STATUS_KO: dict[str, str] = {
    "received": "접수됨", "contacted": "연락 완료", "closed": "처리 완료",
}

_PHONE = re.compile(r"^0\d{1,2}\d{3,4}\d{4}$")


def normalise_phone(v: str) -> str:
    """Korean phone numbers with or without dashes -> 010-1234-5678 / 061-797-4766 / 02-123-4567."""
    digits = re.sub(r"[\s\-().]", "", v or "")
    if not _PHONE.match(digits):
        raise ValueError("연락받을 전화번호를 확인해 주세요. 예: 010-1234-5678")
    if digits.startswith("02"):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"


class SosCreate(BaseModel):
    kind: SosKind
    phone: line(20)
    location: line(200) | None = None
    note: line(300) | None = None
    consent: bool  # consent to share phone, location and note with the welfare office

    _phone = field_validator("phone")(normalise_phone)

    @field_validator("location", "note")
    @classmethod
    def _strip(cls, v: str | None) -> str | None:
        v = " ".join((v or "").split())
        return v or None

    @field_validator("consent")
    @classmethod
    def _consent(cls, v: bool) -> bool:
        if not v:
            raise ValueError("복지 담당 부서에 연락처를 전달하는 데 동의해야 요청할 수 있습니다.")
        return v


class SosCallbackOut(BaseModel):
    at: datetime
    reached: bool
    department: str


class SosOut(BaseModel):
    """What the requester sees."""

    id: int
    kind: SosKind
    status: SosStatus
    phone: str
    location: str | None
    note: str | None
    department: str
    created_at: datetime
    callbacks: list[SosCallbackOut]
    lookup_token: str | None = None  # guests only, once: keep it to check the status later
    duplicate: bool = False  # true when an open request already existed (nothing new created)


class SosList(BaseModel):
    items: list[SosOut]


class SosCallbackCreate(BaseModel):
    reached: bool
    note: long_text(500, 1)
    close: bool = False  # the case is settled: the note is the outcome

    @field_validator("note")
    @classmethod
    def _note(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("통화 내용을 적어 주세요.")
        return v


class SosOfficerCallback(BaseModel):
    at: datetime
    reached: bool
    note: str
    officer: str  # masked name


class SosQueueItem(BaseModel):
    """What the welfare officer sees; name and phone masked in the list."""

    id: int
    kind: SosKind
    status: SosStatus
    requester: str  # masked name, or "비회원"
    phone_masked: str
    location: str | None
    note: str | None
    created_at: datetime
    age_minutes: int
    callbacks: int


class SosQueue(BaseModel):
    department: str
    items: list[SosQueueItem]


class SosDetail(SosQueueItem):
    """One request opened by the officer to call back: the full number, the call log."""

    phone: str
    outcome: str | None
    log: list[SosOfficerCallback]
