"""통합예약 (facility, sports, course, legal): one booking engine, four faces.

Times on the wire are aware UTC datetimes; the `*_ko` fields are the same instants already
written in Asia/Seoul for people. Money is integer KRW and always computed by the server.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Literal

from annotated_types import Ge, Le
from pydantic import BaseModel, Field, field_validator

from myg_app.contracts.types import Id, line, long_text, token

Kind = Literal["facility", "sports", "course", "legal"]
Mode = Literal["instant", "approval"]
Selection = Literal["first_come", "lottery"]
BookingStatus = Literal["pending", "applied", "confirmed", "waitlisted", "rejected", "cancelled"]
PaymentStatus = Literal["free", "unpaid", "paid"]
PaymentMethod = Literal["onsite", "transfer"]
DayState = Literal["free", "full", "closed", "holiday", "past", "not_open", "too_far"]
SlotState = Literal["free", "full", "past"]

KIND_NAMES: dict[str, str] = {"facility": "공공시설 대관", "sports": "체육시설 예약",
                              "course": "문화강좌 신청", "legal": "무료법률상담 예약"}
STATUS_NAMES: dict[str, str] = {
    "pending": "승인 대기", "applied": "추첨 대기", "confirmed": "확정", "waitlisted": "대기",
    "rejected": "반려", "cancelled": "취소",
}
PAYMENT_NAMES: dict[str, str] = {"free": "무료", "unpaid": "미납", "paid": "납부 완료"}
METHOD_NAMES: dict[str, str] = {"onsite": "현장 납부", "transfer": "계좌이체"}
LEGAL_TOPICS: tuple[str, ...] = ("민사", "가사·이혼", "상속", "임대차", "노동", "형사", "채무·파산", "기타")


class CourseInfo(BaseModel):
    term_starts_on: date
    term_ends_on: date
    apply_opens_at: datetime
    apply_closes_at: datetime
    selection: Selection
    sessions: list[date]  # every class day of the term (holidays and closures left out)
    confirmed: int
    waitlisted: int
    applied: int  # lottery entries not drawn yet
    seats_left: int
    lottery_drawn: bool
    seed_sha256: str | None  # published before the draw: the seed cannot be changed later


class ResourceOut(BaseModel):
    id: int
    kind: Kind
    category: str
    name: str
    dong: str
    place: str
    department: str
    description: str
    host: str | None
    capacity: int
    max_headcount: int | None
    mode: Mode
    opens: time  # Seoul wall-clock
    closes: time
    slot_minutes: int
    weekdays: list[int]  # 0 = Monday
    fee_resident: int
    fee_nonresident: int
    cancel_hours: int
    book_ahead_days: int
    max_active_per_user: int | None
    is_active: bool
    course: CourseInfo | None = None
    free_slots: int | None = None  # with ?day=: free slots that day


class ResourceList(BaseModel):
    items: list[ResourceOut]


class MonthDay(BaseModel):
    day: date
    state: DayState
    free_slots: int
    note: str | None = None  # holiday or closure reason
    holiday: bool = False  # a public holiday (also when past): drawn red like a Sunday
    today: bool = False  # today in Seoul: marked on the calendar


class MonthOut(BaseModel):
    resource_id: int
    month: str  # YYYY-MM
    days: list[MonthDay]


class SlotOut(BaseModel):
    starts_at: datetime
    ends_at: datetime
    label: str  # "14:00" in Seoul time
    remaining: int
    state: SlotState


class DayOut(BaseModel):
    resource_id: int
    day: date
    state: DayState
    note: str | None = None
    slots: list[SlotOut]


class BookingCreate(BaseModel):
    """One request for all four functions; which fields count depends on the resource.

    facility: day, start, end, headcount, purpose · sports: day, start · legal: day, start,
    topic, description · course: nothing else. `resident` is self-declared (checked on site).
    """

    resource_id: Id
    day: date | None = None
    start: time | None = None
    end: time | None = None
    headcount: int = Field(default=1, ge=1, le=1000)
    purpose: line(200) | None = None
    topic: line(40) | None = None
    description: long_text(500) | None = None
    resident: bool = False

    @field_validator("purpose", "topic", "description")
    @classmethod
    def _strip(cls, v: str | None) -> str | None:
        return (v.strip() or None) if v is not None else None


class BookingOut(BaseModel):
    id: int
    resource_id: int
    resource_name: str
    kind: Kind
    place: str
    status: BookingStatus
    status_ko: str
    starts_at: datetime
    ends_at: datetime
    when_ko: str
    headcount: int
    purpose: str | None
    topic: str | None
    description: str | None
    resident: bool
    fee: int
    payment_status: PaymentStatus
    payment_method: PaymentMethod | None
    checkin_code: str
    checked_in_at: datetime | None
    decision_reason: str | None
    cancelled_at: datetime | None
    late_cancel: bool
    can_cancel: bool
    cancel_deadline: datetime
    waitlist_position: int | None
    created_at: datetime
    # True once the free-cancellation deadline has passed (a cancel now counts as late).
    cancel_deadline_passed: bool = False


class QuoteIn(BaseModel):
    """What the fee depends on: the place, the times (facility: start and end; sports and
    legal: one slot; course: nothing) and the self-declared residence."""

    resource_id: Id
    day: date | None = None  # accepted for symmetry with BookingCreate; the fee ignores it
    start: time | None = None
    end: time | None = None
    resident: bool = False


class QuoteOut(BaseModel):
    """The fee a booking would cost, computed by the same code as the booking itself."""

    resource_id: int
    fee: int  # KRW
    minutes: int | None  # booked time; None for a course (one term fee)
    resident: bool
    resident_matters: bool  # False when both rates are equal (free, or one price for all)
    summary_ko: str  # "사용료 12,000원 (2시간, 관외 요금)"


class MyBookings(BaseModel):
    upcoming: list[BookingOut]
    past: list[BookingOut]  # ended, cancelled or rejected


class QrOut(BaseModel):
    code: str
    png_base64: str


class OfficerBookingOut(BaseModel):
    id: int
    resource_id: int
    resource_name: str
    kind: Kind
    user_name: str  # masked: 홍*동
    status: BookingStatus
    status_ko: str
    starts_at: datetime
    ends_at: datetime
    when_ko: str
    headcount: int
    purpose: str | None
    topic: str | None
    resident: bool
    fee: int
    payment_status: PaymentStatus
    payment_method: PaymentMethod | None
    checked_in_at: datetime | None
    late_cancel: bool


class OfficerBookingList(BaseModel):
    items: list[OfficerBookingOut]


class RejectIn(BaseModel):
    reason: line(200, 2)


class PaymentIn(BaseModel):
    method: PaymentMethod


class CheckinIn(BaseModel):
    code: token(32, 4)


class ClosureIn(BaseModel):
    starts_on: date
    ends_on: date
    reason: line(200, 2)


class ClosureOut(BaseModel):
    id: int
    resource_id: int
    starts_on: date
    ends_on: date
    reason: str


class ClosureList(BaseModel):
    items: list[ClosureOut]


class SchedulePatch(BaseModel):
    """What an officer may change on a resource; omitted fields stay as they are."""

    opens: time | None = None
    closes: time | None = None
    weekdays: list[Annotated[int, Ge(0), Le(6)]] | None = Field(default=None, max_length=7)
    mode: Mode | None = None
    capacity: int | None = Field(default=None, ge=1, le=10000)
    fee_resident: int | None = Field(default=None, ge=0, le=10_000_000)
    fee_nonresident: int | None = Field(default=None, ge=0, le=10_000_000)
    cancel_hours: int | None = Field(default=None, ge=0, le=24 * 60)
    book_ahead_days: int | None = Field(default=None, ge=1, le=365)
    is_active: bool | None = None


class LotteryEntry(BaseModel):
    booking_id: int
    ticket: str  # sha256(seed:booking_id): anyone can recompute the order from the seed
    rank: int
    result: BookingStatus


class LotteryOut(BaseModel):
    resource_id: int
    drawn: bool
    seed_sha256: str | None
    seed: str | None  # revealed once drawn
    drawn_at: datetime | None
    capacity: int
    entries: list[LotteryEntry]
