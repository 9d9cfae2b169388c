"""광양사랑상품권 for points: the voucher-provider interface, the embedded issuer (a code of
our own), the adapter for a real provider (behind MYG_POINTS_VOUCHER_PROVIDER_URL), and the
signed QR payload a shop or an officer verifies with the server's key.

QR payload: ``MYGV1.<code>.<won>.<issued epoch s>.<signature>``, the signature being
HMAC-SHA256 (base64url, 32 characters) over everything before it, keyed with
MYG_POINTS_VOUCHER_SIGNING_KEY or, without it, a key derived from MYG_SECRET_KEY.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol

import httpx

from myg_app.server.errors import AppError
from myg_app.server.points.settings import PointsSettings

PREFIX = "MYGV1"
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a counter


@dataclass(frozen=True, slots=True)
class Issued:
    code: str
    provider: str


class VoucherProvider(Protocol):
    name: str

    def issue(self, *, user_id: int, amount_won: int, ref: str) -> Issued: ...


class EmbeddedProvider:
    """Issues the code itself (GY-XXXX-XXXX-XXXX): the default until a provider is set."""

    name = "embedded"

    def issue(self, *, user_id: int, amount_won: int, ref: str) -> Issued:
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        return Issued(f"GY-{raw[:4]}-{raw[4:8]}-{raw[8:]}", self.name)


class HttpProvider:
    """A real provider: POST {url} {"amount": won, "reference": ref} with the key as a bearer
    token; answers {"code": "..."}. `reference` is our idempotency key for the provider."""

    name = "provider"

    def __init__(self, url: str, key: str | None, timeout_s: float):
        self.url, self.key, self.timeout_s = url, key, timeout_s

    def issue(self, *, user_id: int, amount_won: int, ref: str) -> Issued:
        headers = {"Authorization": f"Bearer {self.key}"} if self.key else {}
        try:
            r = httpx.post(self.url, json={"amount": amount_won, "reference": ref},
                           headers=headers, timeout=self.timeout_s)
            r.raise_for_status()
            code = str(r.json()["code"])
        except (httpx.HTTPError, ValueError, KeyError, TypeError):
            raise AppError(503, "points.provider_unavailable",
                           "상품권 발행 기관에 연결하지 못했습니다. 포인트는 차감되지 않았습니다. "
                           "잠시 후 다시 시도해 주세요.") from None
        if not code or len(code) > 40 or not code.isascii() or not code.isprintable():
            raise AppError(503, "points.provider_unavailable",
                           "상품권 발행 기관의 응답이 올바르지 않습니다. 포인트는 차감되지 않았습니다.")
        return Issued(code, self.name)


def provider_of(cfg: PointsSettings) -> VoucherProvider:
    if cfg.voucher_provider_url:
        key = cfg.voucher_provider_key.get_secret_value() if cfg.voucher_provider_key else None
        return HttpProvider(cfg.voucher_provider_url, key, cfg.voucher_provider_timeout_s)
    return EmbeddedProvider()


def signing_key(cfg: PointsSettings, secret_key: str) -> bytes:
    if cfg.voucher_signing_key:
        return cfg.voucher_signing_key.get_secret_value().encode()
    return hmac.new(secret_key.encode(), b"points:voucher-qr", hashlib.sha256).digest()


def _sign(key: bytes, body: str) -> str:
    mac = hmac.new(key, body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")[:32]


def qr_payload(key: bytes, code: str, amount_won: int, issued: datetime) -> str:
    body = f"{PREFIX}.{code}.{amount_won}.{int(issued.timestamp())}"
    return f"{body}.{_sign(key, body)}"


@dataclass(frozen=True, slots=True)
class Checked:
    code: str
    amount_won: int
    issued_at: datetime


def verify(key: bytes, payload: str) -> Checked | None:
    """The voucher in a scanned QR, or None when it was not signed with our key."""
    parts = payload.split(".")
    if len(parts) != 5 or parts[0] != PREFIX:
        return None
    body, sig = ".".join(parts[:4]), parts[4]
    if not hmac.compare_digest(_sign(key, body), sig):
        return None
    try:
        won, ts = int(parts[2]), int(parts[3])
        issued = datetime.fromtimestamp(ts, timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return Checked(parts[1], won, issued)
