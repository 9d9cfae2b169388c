"""정책 제안 contracts: a citizen's proposal, supports, comments, and the officers' answers.

States: collecting (공감모집) -> review (검토중, when the support threshold is reached in the
window) -> answered (답변완료: 채택 / 부분채택 / 불채택, always with a reason) -> executing
(실행중) -> done (완료); a proposal that misses the threshold closes as expired (기간만료).
Public answers carry no personal data beyond a masked name (홍*동)."""
from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from myg_app.contracts.types import line, long_text, token
from myg_app.gwangyang.dongs import BY_CODE as DONG_BY_CODE

STATE_NAMES: dict[str, str] = {
    "collecting": "공감모집", "review": "검토중", "answered": "답변완료",
    "executing": "실행중", "done": "완료", "expired": "기간만료",
}
DECISION_NAMES: dict[str, str] = {"adopted": "채택", "partial": "부분채택", "rejected": "불채택"}
CATEGORY_NAMES: dict[str, str] = {
    "traffic": "교통·도로", "environment": "환경·공원", "welfare": "복지·보건",
    "culture": "문화·관광·체육", "economy": "경제·일자리", "safety": "안전",
    "youth": "교육·청년", "admin": "행정·민원", "etc": "기타",
}
TITLE_MAX = 100
BODY_MAX = 4000
COMMENT_MAX = 1000
MAX_PHOTOS = 5
EVENT_KINDS = ("created", "review", "department", "answer", "progress", "done", "expired")

PHOTO_TOKEN = token(36, 36)


def dong_name(code: str | None) -> str | None:
    d = DONG_BY_CODE.get(code or "")
    return d.name if d else None


class Option(BaseModel):
    code: str
    name: str


class Meta(BaseModel):
    categories: list[Option]
    states: list[Option]
    decisions: list[Option]
    dongs: list[Option]
    departments: list[str]
    threshold: int
    window_days: int
    answer_days: int
    max_photos: int


class PhotoUpload(BaseModel):
    """One photo, base64 in JSON (at most 10 MB of bytes)."""

    filename: line(200)
    content_base64: str = Field(min_length=1, max_length=14_000_000)


class PhotoOut(BaseModel):
    token: str
    url: str
    thumb_url: str
    width: int
    height: int


class ProposalCreate(BaseModel):
    title: line(TITLE_MAX, 2)
    body: long_text(BODY_MAX, 10)
    category: token(20, 1)
    dong: token(20, 1)  # a 읍면동 code (gwangyang.dongs)
    photos: list[PHOTO_TOKEN] = Field(default_factory=list, max_length=MAX_PHOTOS)


class Event(BaseModel):
    kind: str
    state: str | None
    state_name: str | None
    note: str | None
    at: datetime


class Answer(BaseModel):
    decision: str
    decision_name: str
    reason: str
    department: str | None
    answered_at: datetime


class Comment(BaseModel):
    id: int
    author: str  # masked
    body: str | None  # None when hidden
    hidden: bool
    hidden_reason: str | None
    created_at: datetime
    mine: bool = False
    reported_by_me: bool = False


class ProposalItem(BaseModel):
    id: int
    title: str
    summary: str
    category: str
    category_name: str
    dong: str
    dong_name: str
    state: str
    state_name: str
    decision: str | None
    decision_name: str | None
    supports: int
    threshold: int
    proposer: str  # masked
    created_at: datetime
    support_until: datetime
    thumb_url: str | None
    comments: int
    demo: bool


class ProposalDetail(ProposalItem):
    body: str
    photos: list[PhotoOut]
    department: str | None
    answer: Answer | None
    answer_due_at: datetime | None
    history: list[Event]
    comment_list: list[Comment]
    supported_by_me: bool = False
    mine: bool = False
    can_support: bool = False


class ProposalPage(BaseModel):
    items: list[ProposalItem]
    total: int
    offset: int
    limit: int


class CommentCreate(BaseModel):
    body: long_text(COMMENT_MAX, 1)


class AbuseReport(BaseModel):
    reason: line(200) | None = None


# --- officers --------------------------------------------------------------------------

class OfficerItem(ProposalItem):
    department: str | None
    answer_due_at: datetime | None
    overdue: bool
    reported_comments: int


class OfficerPage(BaseModel):
    items: list[OfficerItem]
    total: int
    overdue: int
    offset: int
    limit: int


class OfficerComment(Comment):
    text: str  # the original text, also when hidden
    reports: int


class OfficerDetail(ProposalDetail):
    overdue: bool
    officer_comments: list[OfficerComment]
    may_answer: bool
    may_assign: bool


class AssignDepartment(BaseModel):
    department: line(60, 2)


class AnswerCreate(BaseModel):
    decision: token(20, 1)
    reason: long_text(2000, 5)


class ProgressCreate(BaseModel):
    note: long_text(2000, 5)
    done: bool = False  # True: the work is finished (완료)


class HideComment(BaseModel):
    reason: line(200, 2)

