"""맞춤 정보 (`GET /api/v1/feed`): one feed per citizen, each card with the reason it is there.
Cursor-paginated: pass `next_cursor` back as `cursor` until it is null."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

# What a citizen may choose to see; all of them unless they say otherwise.
TOPICS: dict[str, str] = {
    "alerts": "재난·안전 알림",
    "benefits": "새 맞춤혜택·신청 마감",
    "news": "시정·동네 소식",
    "plans": "내 예약·수거 일정",
}
Topic = Literal["alerts", "benefits", "news", "plans"]
Kind = Literal["alert", "benefit", "deadline", "news", "booking", "pickup"]


class FeedItem(BaseModel):
    key: str  # "<kind>:<id>", unique in the feed
    kind: Kind
    title: str
    summary: str
    route: str  # the app route that opens it
    at: datetime  # when it happened, or when it will (bookings, deadlines)
    reason: str  # why it is in this feed: "관심 지역: 중마동", "관심 목록 마감 D-3" …
    badge: str | None = None  # a short tag: the alert level, "마감 임박", "데모" …
    soon: bool = False  # needs attention within days: shown first


class Interests(BaseModel):
    """The 읍면동 are the ones the citizen follows for alerts (one list, /me/alert-settings)."""
    dongs: list[str] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=lambda: list(TOPICS))


class TopicsIn(BaseModel):
    topics: list[Topic] = Field(max_length=len(TOPICS))

    @field_validator("topics")
    @classmethod
    def _topics(cls, v: list[str]) -> list[str]:
        return [t for t in TOPICS if t in set(v)]


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: str | None
    interests: Interests
    # A guest who chose nothing sees the city's general feed and an invitation to choose.
    invite: bool = False
