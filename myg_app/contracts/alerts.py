"""재난 알림: national 긴급재난문자 and the city's own alerts, the citizen's alert settings and
the live stream (`GET /api/v1/alerts/stream`, Server-Sent Events, frames below).

Stream frames (`data:` is one JSON object, `id:` the event number to resume from):
  event: ready   {"last_event": int}           the newest event number when the stream opened
  event: alert   AlertFrame                    an alert sent, corrected or withdrawn
A client reconnecting sends `Last-Event-ID` (or `?after=`) and first receives what it missed.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from myg_app.contracts.types import line, long_text, token
from myg_app.gwangyang import dongs

# Most severe first; the national system's own words.
LEVELS: tuple[str, ...] = ("위급재난", "긴급재난", "안전안내")
ALWAYS_ON = "위급재난"  # a citizen cannot switch this level off
Level = Literal["위급재난", "긴급재난", "안전안내"]

# Disaster types: the national DST_SE_NM values seen in 긴급재난문자, in the order a picker
# shows them. A national message with a type not listed is kept as sent.
KINDS: tuple[str, ...] = (
    "호우", "태풍", "강풍", "풍랑", "대설", "한파", "폭염", "지진", "지진해일", "산불", "화재",
    "산사태", "홍수", "가뭄", "황사", "미세먼지", "감염병", "가축질병", "교통", "정전", "단수",
    "가스", "붕괴", "폭발", "화학물질", "방사능", "민방공", "실종", "기타",
)

Source = Literal["national", "city"]
Action = Literal["sent", "corrected", "withdrawn"]
_QUIET = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def check_dongs(v: list[str]) -> list[str]:
    out: list[str] = []
    for code in v:
        if code not in dongs.BY_CODE:
            raise ValueError("광양시 읍면동 중에서 골라 주세요.")
        if code not in out:
            out.append(code)
    return out


class AlertDraft(BaseModel):
    """What a safety officer writes. No 읍면동 means the whole city."""
    level: Level
    kind: line(20, 1)
    dongs: list[token(20)] = Field(default_factory=list, max_length=12)
    text: long_text(1000, 5)
    link: line(300) | None = None  # shelter / evacuation information page

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in KINDS:
            raise ValueError("재난 종류를 목록에서 골라 주세요.")
        return v

    @field_validator("dongs")
    @classmethod
    def _dongs(cls, v: list[str]) -> list[str]:
        return check_dongs(v)

    @field_validator("link")
    @classmethod
    def _link(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        v = v.strip()
        if not re.match(r"^https?://[^\s/]+\.[^\s]+$", v):
            raise ValueError("대피 정보 링크는 http:// 또는 https://로 시작하는 주소여야 합니다.")
        return v


class AlertCorrection(AlertDraft):
    reason: line(200, 2)  # shown to citizens with the corrected alert


class AlertWithdrawal(BaseModel):
    reason: line(200, 2)


class AlertOut(BaseModel):
    id: int
    source: Source
    level: str
    kind: str
    text: str
    area: str  # "광양시 전체", "중마동, 광영동" or the national 수신지역
    dongs: list[str]  # dong codes; empty: the whole city
    link: str | None
    issued_at: datetime
    updated_at: datetime
    revision: int  # 1 when sent; +1 at each correction
    status: Literal["sent", "withdrawn"]
    note: str | None = None  # the reason of the last correction or of the withdrawal
    demo: bool = False


class Shelter(BaseModel):
    title: str
    lines: list[str]


class AlertDetail(AlertOut):
    guidance: list[str]  # what to do, for this kind of disaster
    shelters: list[Shelter]  # where to find shelters and whom to call
    share_route: str


class AlertPage(BaseModel):
    items: list[AlertOut]
    next_cursor: str | None


class AlertPreview(BaseModel):
    alert: AlertOut  # as citizens will see it (not stored)
    reach: int  # signed-in citizens whose settings receive it now
    warnings: list[str]


class AlertFrame(BaseModel):
    event: int  # the stream event number
    action: Action
    alert: AlertOut
    # True: recorded quietly (안전안내 during the quiet hours): no full screen, sound or voice.
    silent: bool = False
    missed: bool = False  # sent while the app was closed (the catch-up when it opens)


class AlertSettings(BaseModel):
    dongs: list[token(20)] = Field(default_factory=list, max_length=12)  # none: all of 광양시
    levels: list[Level] = Field(default_factory=lambda: list(LEVELS), max_length=3)
    quiet_start: line(5) | None = None  # "22:00"; both or neither
    quiet_end: line(5) | None = None

    @field_validator("dongs")
    @classmethod
    def _dongs(cls, v: list[str]) -> list[str]:
        return check_dongs(v)

    @field_validator("levels")
    @classmethod
    def _levels(cls, v: list[str]) -> list[str]:
        have = set(v) | {ALWAYS_ON}
        return [lv for lv in LEVELS if lv in have]

    @field_validator("quiet_start", "quiet_end")
    @classmethod
    def _hhmm(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        if not _QUIET.match(v.strip()):
            raise ValueError("시각은 22:00처럼 24시간제로 입력해 주세요.")
        return v.strip()

    @model_validator(mode="after")
    def _both(self) -> "AlertSettings":
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValueError("방해 금지 시간은 시작과 끝을 함께 정해 주세요.")
        if self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValueError("방해 금지 시간의 시작과 끝이 같습니다.")
        return self


class SourceStatus(BaseModel):
    national: Literal["live", "no_key", "failing"]
    checked_at: datetime | None
    message: str | None
    poll_seconds: float
