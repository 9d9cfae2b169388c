"""시정 소식 (city_news) and 읍면동 소식 (town_news): one set of articles on two boards.

Citizens read published articles in a feed (pinned first, then newest, cursor pages) and an
Atom feed per board; officers of the board's department write, submit, publish and
unpublish them. Articles move draft -> review -> published (-> unpublished -> published).
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from myg_app.contracts.types import Id, line, long_text
from myg_app.gwangyang import dongs

Board = Literal["city", "town"]
FUNCTION_OF: dict[str, str] = {"city": "city_news", "town": "town_news"}
BOARD_OF: dict[str, str] = {v: k for k, v in FUNCTION_OF.items()}

# What each board publishes; the first is the form's default.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "city": ("공지", "보도자료", "행사", "채용", "고시·공고"),
    "town": ("공지", "행사", "생활", "모집"),
}
Category = Literal["공지", "보도자료", "행사", "채용", "고시·공고", "생활", "모집"]
# Dong codes (gwangyang/dongs.py): stable ASCII in URLs, names for people.
DongCode = Literal[tuple(d.code for d in dongs.DONGS)]  # type: ignore[valid-type]

Status = Literal["draft", "review", "published", "unpublished"]
STATUS_NAMES: dict[str, str] = {"draft": "작성 중", "review": "검토 요청", "published": "게시 중",
                                "unpublished": "게시 중지"}
Action = Literal["submit", "return", "publish", "unpublish"]
ACTION_NAMES: dict[str, str] = {"created": "작성", "edited": "수정", "submit": "검토 요청",
                                "return": "작성 중으로 되돌림", "publish": "게시",
                                "unpublish": "게시 중지", "pinned": "맨 위 고정",
                                "unpinned": "고정 해제"}

TITLE_MAX = 120
SUMMARY_MAX = 200
BODY_MAX = 10_000
MAX_IMAGES = 6
PAGE_MAX = 50
MAX_IMAGE_BYTES = 10 * 1024 * 1024
# base64 of MAX_IMAGE_BYTES (4 characters per 3 bytes), so an oversized body is refused
# before it is decoded.
MAX_IMAGE_BASE64 = (MAX_IMAGE_BYTES + 2) // 3 * 4


def _publish_window(v: datetime) -> datetime:
    # Checked before converting: astimezone() of year 1 with an offset overflows (a 500).
    if not 2020 <= v.year <= 2100:
        raise ValueError("게시 시각은 2020년부터 2100년 사이로 정해 주세요.")
    return v.astimezone(UTC)


PublishAt = Annotated[AwareDatetime, AfterValidator(_publish_window)]
Limit = Annotated[int, Field(ge=1, le=PAGE_MAX)]


class ImageUpload(BaseModel):
    """One picture, base64 in JSON (as reports photos) so the typed client and
    Idempotency-Key work as for every other creating call."""

    filename: line(200) = ""
    content_base64: str = Field(min_length=1, max_length=MAX_IMAGE_BASE64)


class ImageOut(BaseModel):
    id: int
    url: str  # the full picture (paths are relative to the API host)
    thumb_url: str  # 480 px wide, for lists
    width: int
    height: int


class ArticleIn(BaseModel):
    """What an officer writes. `dong_code` is required on the town board and refused on the
    city board; `publish_at` in the future schedules the article (shown from then on)."""

    title: line(TITLE_MAX, 1)
    summary: line(SUMMARY_MAX) | None = None  # none: the start of the body
    body: long_text(BODY_MAX, 1)
    category: Category
    dong_code: DongCode | None = None
    publish_at: PublishAt | None = None
    pinned: bool = False
    image_ids: list[Id] = Field(default_factory=list, max_length=MAX_IMAGES)


class PinIn(BaseModel):
    pinned: bool


class ArticleItem(BaseModel):
    """A feed card."""

    id: int
    board: Board
    title: str
    summary: str  # the officer's summary, or the start of the body
    category: str
    dong_code: str | None  # None on the city board
    dong_name: str | None
    pinned: bool
    demo: bool  # sample content: shown with a "데모" chip
    published_at: datetime | None  # always set for citizens
    thumb_url: str | None
    route: str  # the app route of the article (also the shared link's path)


class ArticleDetail(ArticleItem):
    body: str
    images: list[ImageOut]
    updated_at: datetime


class ArticlePage(BaseModel):
    items: list[ArticleItem]
    next_cursor: str | None  # pass back as `cursor` for the next page; None at the end


class HistoryEntry(BaseModel):
    action: str
    action_name: str
    actor: str | None  # the officer's name (None once the account is gone)
    at: datetime


class OfficerItem(ArticleItem):
    status: Status
    status_name: str
    scheduled: bool  # published, but its time has not come yet
    updated_at: datetime


class OfficerArticle(ArticleDetail):
    written_summary: str | None  # what the officer wrote (`summary` falls back to the body)
    status: Status
    status_name: str
    scheduled: bool
    publish_at: datetime | None
    created_at: datetime
    submitted_by: str | None
    submitted_at: datetime | None
    published_by: str | None
    unpublished_by: str | None
    unpublished_at: datetime | None
    allowed: list[Action]  # what may be done next, in the order the screen offers it
    editable: bool
    history: list[HistoryEntry]


class OfficerPage(BaseModel):
    items: list[OfficerItem]
    next_cursor: str | None


def route_of(board: str, article_id: int) -> str:
    return f"/f/{FUNCTION_OF[board]}/a/{article_id}"


def dong_name(code: str | None) -> str | None:
    d = dongs.BY_CODE.get(code or "")
    return d.name if d else None
