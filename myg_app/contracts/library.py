"""모바일 도서관회원증: the 시립도서관 card (member number, Code 128 barcode and QR), linking the
library account through 통합 로그인, loans with their due dates, and renewal."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

# A loan's id as the library system gives it (the embedded demo library: its row number).
LOAN_ID_PATTERN = r"^[A-Za-z0-9_-]{1,40}$"
LoanId = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=LOAN_ID_PATTERN)]
LoanState = Literal["ok", "due_soon", "overdue"]
LIBRARY_NAME = "시립도서관"
# What linking shares with the library (the `profile` scope's name and the OIDC `sub`).
SHARED = ("이름", "회원 식별값")


class LinkIn(BaseModel):
    agree: bool = Field(description="시립도서관에 이름과 회원 식별값을 제공하는 데 동의합니다")


class Loan(BaseModel):
    id: str
    title: str
    author: str | None = None
    loaned_on: date
    due_on: date
    days_left: int  # due_on - today (Asia/Seoul); negative: overdue by that many days
    state: LoanState  # due_soon: within the notice days
    renewals: int  # how many times it was renewed (one is allowed)
    renewable: bool
    why_not: str | None = None  # why 연장 is not possible, in Korean
    demo: bool = False  # 예시 자료 (the embedded demo library)


class LoansOut(BaseModel):
    items: list[Loan]  # soonest due first
    due_soon: int
    overdue: int
    available: bool = True  # False: the library system did not answer (see notice)
    notice: str | None = None
    renew_days: int  # a renewal moves the due date to today + this
    notice_days: int  # due_soon: due within this many days (the D-2 notice)


class CardOut(BaseModel):
    linked: bool
    library: str = LIBRARY_NAME
    shares: list[str] = Field(default_factory=lambda: list(SHARED))  # what linking shares
    member_no: str | None = None
    name: str | None = None
    linked_at: datetime | None = None
    barcode_png: str | None = None  # base64 PNG: Code 128 of member_no, the digits under it
    qr_png: str | None = None  # base64 PNG: QR of member_no
    loans: LoansOut | None = None
    demo: bool = False  # the embedded demo library: 예시 자료


class RenewOut(BaseModel):
    loan: Loan
    message: str


class RenewKey(BaseModel):
    """What an Idempotency-Key of a renewal is bound to (the request has no body)."""
    loan_id: str
