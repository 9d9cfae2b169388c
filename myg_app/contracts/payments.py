"""결제 (payments): how a citizen pays a city fee, shared by every paying function.

Two methods: a bank transfer to a virtual account that an officer confirms (always on, the
embedded default), and a card payment through an online gateway (Toss Payments) when the
city switches it on. Amounts are integer KRW and always the server's.
"""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from myg_app.contracts.types import Won, line, token

# voucher: 광양사랑상품권 / 온누리상품권 (the market only, when the city switches it on)
PaymentMethod = Literal["bank_transfer", "card", "voucher"]
FeeMethod = Literal["bank_transfer", "card"]  # what a city fee (bulky waste) can be paid with
# ready: chosen, nothing paid · waiting_deposit: virtual account issued · done: paid
# refund_pending: cancelled after payment, refund being sent · canceled: refunded / voided
PaymentStatus = Literal["ready", "waiting_deposit", "done", "refund_pending", "canceled"]

ORDER_ID_PATTERN = r"^[A-Za-z0-9_-]{6,64}$"  # the gateway's orderId rule


class VirtualAccount(BaseModel):
    bank: str
    account_number: str
    holder: str  # account owner shown to the payer (the city)
    depositor: str  # the name the deposit must carry, so the officer can match it
    due_at: datetime


class PaymentOut(BaseModel):
    method: PaymentMethod
    status: PaymentStatus
    amount: int
    order_id: str
    order_name: str
    virtual_account: VirtualAccount | None = None
    approved_at: datetime | None = None
    refund_amount: int = 0
    refunded_at: datetime | None = None


class StartPayment(BaseModel):
    method: FeeMethod


class CardCheckout(BaseModel):
    """What the app hands to the gateway's payment window (its JS SDK / hosted page)."""

    checkout_url: str  # our page that opens the gateway's window (open it in a browser)
    client_key: str
    order_id: str
    order_name: str
    amount: int
    success_url: str
    fail_url: str


class ConfirmCard(BaseModel):
    """The gateway's redirect parameters after the payer approved in its window."""

    payment_key: token(200, 1)
    order_id: str = Field(pattern=ORDER_ID_PATTERN)
    amount: Won


class ConfirmDeposit(BaseModel):
    """An officer records the deposit seen on the virtual account."""

    amount: Won = Field(description="통장에 실제로 들어온 금액 (원)")


class RefundAccount(BaseModel):
    """Where a bank-transfer refund goes (a virtual account cannot be paid back by itself)."""

    bank: line(20, 2)
    account_number: str = Field(pattern=r"^[0-9-]{6,30}$")
    holder: line(40, 1)


class PaymentOptions(BaseModel):
    methods: list[FeeMethod]
    card_provider: str | None = None  # "toss" when card payment is on
