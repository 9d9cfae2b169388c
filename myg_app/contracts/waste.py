"""대형폐기물 배출 신고 (bulky_waste): items with fees, a collection date for the 읍면동,
payment, then a 배출번호 with a QR code to attach to the items."""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from myg_app.contracts.payments import CardCheckout, PaymentOut, RefundAccount
from myg_app.contracts.types import Id, Won, line, token

# pending_payment: booked, no method chosen · awaiting_deposit: virtual account issued
# paid: 배출번호 issued, waiting for the truck · collected · cancelled
BookingStatus = Literal["pending_payment", "awaiting_deposit", "paid", "collected", "cancelled"]

STATUS_KO: dict[str, str] = {
    "pending_payment": "결제 대기",
    "awaiting_deposit": "입금 확인 대기",
    "paid": "배출 확정",
    "collected": "수거 완료",
    "cancelled": "취소됨",
}

MAX_QUANTITY = 20
MAX_LINES = 30


class WasteItemOut(BaseModel):
    id: int
    code: str
    category: str  # 가구, 가전, 생활용품 ...
    name: str
    size_label: str  # 규격, e.g. "3인용 이상", "500L 이상"
    fee: int  # KRW per piece
    active: bool


class WasteItemIn(BaseModel):
    """An officer adds or edits a catalogue entry."""

    category: line(30, 1)
    name: line(60, 1)
    size_label: line(60) = ""
    fee: Won = Field(ge=0, le=1_000_000, description="1개당 수수료 (원)")
    active: bool = True


class WasteCatalogue(BaseModel):
    items: list[WasteItemOut]


class AreaOut(BaseModel):
    code: str
    name: str  # 읍면동
    weekdays: list[int]  # 0 = Monday
    schedule_ko: str  # "매주 월·목 수거"


class AreaList(BaseModel):
    items: list[AreaOut]


class SkippedDay(BaseModel):
    day: date
    reason: str  # the holiday's name


class CollectionDates(BaseModel):
    area: str
    dates: list[date]
    skipped: list[SkippedDay]  # regular collection days that fall on a public holiday


class LineIn(BaseModel):
    item_id: Id
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class QuoteRequest(BaseModel):
    items: list[LineIn] = Field(min_length=1, max_length=MAX_LINES)


class LineOut(BaseModel):
    item_id: int
    name: str
    size_label: str
    unit_fee: int
    quantity: int
    amount: int


class Quote(BaseModel):
    lines: list[LineOut]
    total: int


class BookingCreate(BaseModel):
    area: token(20, 1)
    address: line(200, 2) = Field(description="수거 장소 (도로명 주소와 배출 위치)")
    note: line(200) | None = None
    pickup_date: date
    items: list[LineIn] = Field(min_length=1, max_length=MAX_LINES)
    expected_fee: Won = Field(description="화면에서 확인한 수수료: 서버 계산과 다르면 거절")


class Step(BaseModel):
    key: str
    label: str
    done: bool
    at: datetime | None = None


class BookingOut(BaseModel):
    id: int
    order_id: str
    status: BookingStatus
    status_label: str
    area: str
    area_name: str
    address: str
    note: str | None
    pickup_date: date
    lines: list[LineOut]
    total_fee: int
    emission_no: str | None  # 배출번호, once paid
    qr_png: str | None = None  # base64 PNG of the QR code, once paid (detail only)
    payment: PaymentOut | None
    cancel_until: date  # last day a cancellation (and refund) is accepted
    can_cancel: bool
    steps: list[Step]
    created_at: datetime


class BookingList(BaseModel):
    items: list[BookingOut]


class StartPaymentResult(BaseModel):
    booking: BookingOut
    checkout: CardCheckout | None = None  # for card payments: open the gateway window


class CancelRequest(BaseModel):
    reason: line(200) = "신청인 취소"
    refund_account: RefundAccount | None = None  # needed for a paid bank transfer


class OfficerBooking(BaseModel):
    """A booking as the collection team sees it: the applicant's name masked."""

    id: int
    emission_no: str | None
    status: BookingStatus
    status_label: str
    area: str
    area_name: str
    address: str
    note: str | None
    pickup_date: date
    applicant: str  # masked, 홍*동
    lines: list[LineOut]
    total_fee: int
    payment: PaymentOut | None
    refund_to: str | None = None  # masked refund account while a refund is pending


class OfficerBookingList(BaseModel):
    items: list[OfficerBooking]


class AreaSchedule(BaseModel):
    area: str
    area_name: str
    pieces: int
    bookings: list[OfficerBooking]


class Schedule(BaseModel):
    day: date
    areas: list[AreaSchedule]
    total_bookings: int
