"""전통시장 장보기 (market): Gwangyang's traditional markets, their shops and products, a cart
per market, delivery or pickup in a slot, payment, and the order's way 접수 → 준비중 → 배달중
→ 완료; merchants answer their part of an order from a simple console.

Prices, fees and totals are always the server's: the client shows a quote and sends back
the total it showed, and an order is refused when that total changed.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from myg_app.contracts.payments import CardCheckout, PaymentOut, RefundAccount
from myg_app.contracts.types import Id, Won, line, long_text, token

Fulfilment = Literal["delivery", "pickup"]
MarketPayMethod = Literal["bank_transfer", "card", "voucher"]
# awaiting_payment: card window not yet approved · awaiting_deposit: virtual account issued
# received (접수): paid, with the shops · preparing (준비중): every shop answered, packing
# delivering (배달중 / pickup: 찾아가세요) · completed (완료) · cancelled (취소)
OrderStatus = Literal["awaiting_payment", "awaiting_deposit", "received", "preparing",
                      "delivering", "completed", "cancelled"]
# One shop's part of an order: new → accepted → packed, or rejected (its amount refunded).
PartStatus = Literal["new", "accepted", "packed", "rejected"]
ShopStatus = Literal["open", "closed"]

STATUS_KO: dict[str, str] = {
    "awaiting_payment": "결제 대기",
    "awaiting_deposit": "입금 대기",
    "received": "접수",
    "preparing": "준비중",
    "delivering": "배달중",
    "completed": "완료",
    "cancelled": "취소",
}
PICKUP_READY_KO = "찾아가세요"  # `delivering` for a pickup order
PART_STATUS_KO: dict[str, str] = {"new": "새 주문", "accepted": "준비중", "packed": "포장 완료",
                                  "rejected": "거절"}
METHOD_KO: dict[str, str] = {"bank_transfer": "계좌이체", "card": "카드",
                             "voucher": "광양사랑상품권·온누리상품권"}

MAX_QUANTITY = 50
MAX_LINES = 40
REVIEW_MAX = 500


def status_ko(status: str, fulfilment: str) -> str:
    if status == "delivering" and fulfilment == "pickup":
        return PICKUP_READY_KO
    return STATUS_KO.get(status, status)


class MarketOut(BaseModel):
    id: int
    code: str
    name: str  # 광양5일시장
    dong: str  # 읍면동 name
    address: str
    market_days: list[int]  # days of the month ending in these digits (1, 6 → 1·6·11·16…); [] = 상설
    market_days_ko: str  # "1·6일 장날" / "매일 (상설)"
    market_day_today: bool
    description: str
    shop_count: int
    minimum_order: int
    demo_shops: bool  # the shops and products are demo data


class MarketList(BaseModel):
    items: list[MarketOut]


class ShopOut(BaseModel):
    id: int
    market_id: int
    name: str
    category: str
    description: str
    status: ShopStatus
    product_count: int
    demo: bool


class ProductOut(BaseModel):
    id: int
    shop_id: int
    shop_name: str
    market_id: int
    name: str
    category: str
    price: int
    unit: str  # "1kg", "1단", "1마리"
    origin: str  # 원산지 "국내산(광양)"
    stock: int
    sold_out: bool  # stock 0 or switched off by the merchant
    shop_open: bool
    has_photo: bool
    demo: bool


class MarketDetail(BaseModel):
    market: MarketOut
    shops: list[ShopOut]
    categories: list[str]


class ProductPage(BaseModel):
    items: list[ProductOut]
    total: int
    query: str = ""


class ZoneOut(BaseModel):
    dong_code: str
    dong: str  # 읍면동 name
    fee: int


class ZoneList(BaseModel):
    """The 읍면동 a market delivers to, with their fees (absent: no delivery there)."""

    items: list[ZoneOut]
    minimum_order: int


class MarketPaymentOptions(BaseModel):
    methods: list[MarketPayMethod]


class SlotOut(BaseModel):
    id: int
    fulfilment: Fulfilment
    day: date
    label: str  # "12월 5일 (토) 16:00~18:00"
    starts_at: datetime
    ends_at: datetime
    order_by: datetime  # orders close then
    capacity: int
    remaining: int
    available: bool


class SlotList(BaseModel):
    items: list[SlotOut]


class LineIn(BaseModel):
    product_id: Id
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class QuoteIn(BaseModel):
    market_id: Id
    items: list[LineIn] = Field(min_length=1, max_length=MAX_LINES)
    fulfilment: Fulfilment = "delivery"
    dong_code: token(20) | None = None  # where to deliver (required for delivery)


class LineOut(BaseModel):
    product_id: int
    shop_id: int
    shop_name: str
    name: str
    unit: str
    unit_price: int
    quantity: int
    amount: int
    available: bool  # in stock and the shop is open
    problem: str | None = None  # "품절", "재고 3개" …


class Quote(BaseModel):
    lines: list[LineOut]
    subtotal: int
    delivery_fee: int
    total: int
    minimum_order: int
    shortfall: int  # how much more to reach the minimum order (0 = enough)
    orderable: bool
    problems: list[str]


class OrderCreate(BaseModel):
    market_id: Id
    items: list[LineIn] = Field(min_length=1, max_length=MAX_LINES)
    fulfilment: Fulfilment
    slot_id: Id
    dong_code: token(20) | None = None
    address: line(200) | None = None  # street address for delivery
    phone: str = Field(pattern=r"^01[016789]-?[0-9]{3,4}-?[0-9]{4}$",
                       description="배달·픽업 연락처")
    request: line(200) | None = None  # 요청사항 ("문 앞에 두세요")
    method: MarketPayMethod = "bank_transfer"
    expected_total: Won = Field(description="화면에 보여 준 결제 금액 (서버 계산과 다르면 거절)")


class TimelineEntry(BaseModel):
    at: datetime
    status: str
    text: str


class PartLine(BaseModel):
    product_id: int
    name: str
    unit: str
    unit_price: int
    quantity: int
    amount: int


class OrderPart(BaseModel):
    id: int
    shop_id: int
    shop_name: str
    status: PartStatus
    status_ko: str
    amount: int
    reject_reason: str | None = None
    lines: list[PartLine]


class RefundOut(BaseModel):
    id: int
    amount: int
    reason: str
    status: Literal["needs_account", "pending", "done"]
    created_at: datetime


class ReviewIn(BaseModel):
    rating: int = Field(ge=1, le=5)
    text: long_text(REVIEW_MAX) = ""


class ReviewOut(BaseModel):
    rating: int
    text: str
    created_at: datetime


class OrderOut(BaseModel):
    id: int
    order_no: str
    market_id: int
    market_name: str
    status: OrderStatus
    status_ko: str
    fulfilment: Fulfilment
    slot_label: str
    dong: str | None = None
    address: str | None = None
    request: str | None = None
    subtotal: int
    delivery_fee: int
    total: int
    refunded: int  # refunded or owed back so far
    method: MarketPayMethod
    payment: PaymentOut | None = None
    parts: list[OrderPart]
    timeline: list[TimelineEntry]
    refunds: list[RefundOut]
    can_cancel: bool
    can_review: bool
    review: ReviewOut | None = None
    version: int  # grows with every change (the order screen watches it)
    created_at: datetime
    # While a card or voucher payment is awaited: the page that opens its window again.
    pay_url: str | None = None


class OrderList(BaseModel):
    items: list[OrderOut]


class CheckoutResult(BaseModel):
    order: OrderOut
    card: CardCheckout | None = None
    voucher_url: str | None = None  # the voucher app's payment page


class CancelIn(BaseModel):
    reason: line(200) = "주문 취소"
    refund_account: RefundAccount | None = None  # for a bank transfer already paid


class RefundAccountIn(BaseModel):
    account: RefundAccount


class ConfirmVoucher(BaseModel):
    """The voucher platform's approval, as its redirect or callback reports it."""

    approval_no: token(64, 4)
    order_id: str = Field(pattern=r"^[A-Za-z0-9_-]{6,64}$")
    amount: Won


# --- merchants ----------------------------------------------------------------------------
class MerchantShop(BaseModel):
    shop: ShopOut
    market_name: str


class MerchantShops(BaseModel):
    items: list[MerchantShop]


class MerchantOrder(BaseModel):
    """One shop's part as its merchant sees it: the buyer's name and phone masked until the
    part is accepted (then the phone in full, to call about a substitute)."""

    part_id: int
    order_id: int
    order_no: str
    shop_id: int
    shop_name: str
    status: PartStatus
    status_ko: str
    order_status: OrderStatus
    order_status_ko: str
    fulfilment: Fulfilment
    slot_label: str
    buyer: str  # 홍*동
    phone: str  # 010-****-1234 until accepted
    dong: str | None = None
    address: str | None = None  # after accepting, for delivery
    request: str | None = None
    amount: int
    lines: list[PartLine]
    created_at: datetime
    can_mark_delivered: bool


class MerchantOrders(BaseModel):
    items: list[MerchantOrder]
    new_count: int
    latest_id: int  # the newest part id (the console sounds the alert when it grows)


class RejectIn(BaseModel):
    reason: line(200, 2)


class ProductPatch(BaseModel):
    stock: int | None = Field(default=None, ge=0, le=100_000)
    sold_out: bool | None = None
    price: Won | None = Field(default=None, le=10_000_000)


class ShopPatch(BaseModel):
    status: ShopStatus


class Settlement(BaseModel):
    shop_id: int
    day: date
    orders: int  # parts accepted or packed that day (not rejected)
    gross: int
    rejected: int
    by_method: dict[str, int]
    fee_rate_percent: float  # platform fee (the city's app: 0)
    payout: int
    lines: list[MerchantOrder]


# --- the market desk (일자리경제과) ---------------------------------------------------------
class DeskOrder(BaseModel):
    id: int
    order_no: str
    market_name: str
    status: OrderStatus
    status_ko: str
    buyer: str  # masked
    total: int
    method: MarketPayMethod
    depositor: str | None = None
    due_at: datetime | None = None
    refunds_pending: list[RefundOut]
    refund_accounts: list[str]  # "은행 계좌 (홍*동)" for pending refunds
    created_at: datetime


class DeskOrders(BaseModel):
    items: list[DeskOrder]
