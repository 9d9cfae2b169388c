"""시정·청년참여 포인트: the balance, what expires when, the history; redeeming for
광양사랑상품권 or a donation; an officer's adjustment and campaign check, and the audit list.

1 point = 1원. Points expire (by default) 5 years after they were earned; redemptions use the
oldest points first."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from myg_app.contracts import types as t

Kind = Literal["earn", "redeem", "adjust"]
RedeemKind = Literal["voucher", "donation"]
MAX_DELTA = 10_000_000
Delta = Annotated[int, Field(ge=-MAX_DELTA, le=MAX_DELTA)]
Points = Annotated[int, Field(ge=1, le=MAX_DELTA)]
# A campaign's short id ("app_install"): letters, digits, "_" and "-".
CAMPAIGN_PATTERN = r"^[A-Za-z0-9_-]{1,40}$"
Campaign = Annotated[str, Field(min_length=1, max_length=40, pattern=CAMPAIGN_PATTERN)]
Email = t.token(254, 3)


class RuleInfo(BaseModel):
    rule: str
    name: str  # 설문조사·정책투표 참여 …
    amount: int
    daily_cap: int  # 0: none
    total_cap: int  # 0: none
    young_bonus: int  # extra points for 만 19-39 (0: none)


class Expiring(BaseModel):
    day: date  # the last day the points can be used (KST)
    points: int


class HistoryItem(BaseModel):
    id: int
    at: datetime
    kind: Kind
    rule: str
    title: str  # what a person reads: "설문조사·정책투표 참여", "광양사랑상품권 교환" …
    amount: int  # signed
    bonus: int = 0  # the 청년 bonus part of an earning
    expires_on: date | None = None
    note: str | None = None
    voucher_code: str | None = None
    demo: bool = False  # 예시 자료 (demo data)


class PointsSummary(BaseModel):
    balance: int
    young: bool  # 청년 보너스 대상 (만 19-39, from the birth date in the profile)
    expiring_soon: list[Expiring]  # within `expiring_soon_days`
    expiring_soon_days: int
    expiring: list[Expiring]  # every future expiry, soonest first
    expired_total: int
    history: list[HistoryItem]
    history_total: int
    offset: int
    rules: list[RuleInfo]
    expiry_years: int
    voucher_unit: int
    voucher_min: int
    donation_min: int
    donation_recipient: str


class RedeemIn(BaseModel):
    kind: RedeemKind
    amount: Points


class Voucher(BaseModel):
    code: str
    amount_won: int
    provider: str  # "embedded" or the real provider's name
    qr_payload: str  # signed: MYGV1.<code>.<won>.<issued>.<signature>
    qr_png: str  # base64 PNG of qr_payload


class Redemption(BaseModel):
    id: int
    at: datetime
    kind: RedeemKind
    amount: int
    balance: int  # after this redemption
    voucher: Voucher | None = None
    recipient: str | None = None  # donation


class AdjustIn(BaseModel):
    email: Email  # the citizen's sign-in e-mail
    delta: Delta  # + credit / - debit (never below zero)
    reason: t.line(200, 2)


class CampaignIn(BaseModel):
    email: Email
    campaign: Campaign  # e.g. app_install (앱 설치 인증): once per citizen and campaign
    note: t.line(200) | None = None


class OfficerResult(BaseModel):
    entry_id: int | None  # None: nothing credited (already verified, capped or rule off)
    user_name: str
    amount: int
    balance: int


class AuditItem(BaseModel):
    id: int
    at: datetime
    kind: Kind
    rule: str
    ref: str
    user_id: int
    user_name: str
    amount: int
    reason: str | None = None
    officer_id: int | None = None
    officer_name: str | None = None


class AuditPage(BaseModel):
    items: list[AuditItem]
    total: int


class VoucherCheckIn(BaseModel):
    qr_payload: t.token(200, 1)


class VoucherCheck(BaseModel):
    valid: bool
    code: str | None = None
    amount_won: int | None = None
    issued_at: datetime | None = None
