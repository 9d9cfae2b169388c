"""디지털 광양시민증: applying, the card, its 30-second signed QR, lifecycle, the public keys
and revocation list a verifier needs offline, online verification, and benefits."""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from myg_app.contracts import types as t

CardStatus = Literal["pending", "active", "rejected", "revoked", "expired"]
RevokeReason = Literal["lost", "moved", "other"]
VerdictStatus = Literal["valid", "expired", "revoked", "forged", "not_yet_valid"]
MAX_TOKEN = 2048

REVOKE_REASONS: dict[str, str] = {
    "lost": "휴대폰 분실", "moved": "광양시 밖으로 전출", "other": "기타",
    "reissued": "재발급", "officer": "담당자 취소",
}


class ApplyIn(BaseModel):
    dong: t.token(20, 1)  # the 읍면동 code (gwangyang.dongs) of the declared residence
    # The citizen declares the residence; an officer (or a registry) confirms it.
    residence_declared: bool
    photo_filename: t.line(200) | None = None
    photo_base64: str | None = Field(default=None, max_length=14_000_000)


class CardOut(BaseModel):
    id: int
    status: CardStatus
    number: str | None
    name: str
    dong: str  # code
    dong_name: str
    photo_base64: str | None = None  # JPEG
    applied_at: datetime
    decided_at: datetime | None = None
    reject_reason: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    revoked_at: datetime | None = None
    revoke_reason: str | None = None  # a REVOKE_REASONS key
    revoke_reason_text: str | None = None


class MyCard(BaseModel):
    card: CardOut | None  # the current one: pending or active (or the last, if none is)
    can_apply: bool
    can_reissue: bool
    window_s: int


class QrToken(BaseModel):
    """One window's signed token; the app draws it as a QR code itself (drawing a QR costs
    ~30 ms of pure Python: once per 30 s on the device, not 20 per request on the server)."""
    token: str
    not_before: int  # Unix seconds
    expires_at: int


class QrBatch(BaseModel):
    """The next windows' signed QRs: the app shows the one of the current window and keeps
    the rest for a short time offline."""
    window_s: int
    kid: str
    tokens: list[QrToken]


class RevokeIn(BaseModel):
    reason: RevokeReason


class Revocations(BaseModel):
    """The signed list (`token`, a JWS a verifier checks with the JWKS) and its content."""
    token: str
    issued_at: int
    revoked: list[str]


class VerifyIn(BaseModel):
    token: str = Field(min_length=1, max_length=MAX_TOKEN)


class VerifyOut(BaseModel):
    status: VerdictStatus
    valid: bool
    message: str
    card_number: str | None = None  # masked: GY-****1234
    masked_name: str | None = None
    expires_at: int | None = None


class Benefit(BaseModel):
    id: int
    place: str
    category: str
    benefit: str
    address: str | None
    demo: bool


class BenefitList(BaseModel):
    items: list[Benefit]


class Jwks(BaseModel):
    """A JSON Web Key Set (RFC 7517): the public Ed25519 keys (kty OKP) that sign QRs."""
    keys: list[dict]


class ApplicationOut(BaseModel):
    """What the officer sees: the name masked, no photo bytes in the list."""
    id: int
    status: CardStatus
    masked_name: str
    dong_name: str
    applied_at: datetime
    has_photo: bool
    number: str | None = None


class ApplicationList(BaseModel):
    items: list[ApplicationOut]


class DecisionIn(BaseModel):
    approve: bool
    reason: t.line(200) | None = None  # required when refusing


class ReissueIn(BaseModel):
    """No fields: the card and its holder are the signed-in citizen's."""


class OfficerRevokeIn(BaseModel):
    reason: t.line(200, 2)
