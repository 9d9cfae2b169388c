"""The QR token of the digital citizen ID: a compact JWS (RFC 7515) signed with Ed25519.

The server signs one token per 30-second window; a verifier holding only the public keys
(a JWKS, RFC 7517/8037) and the signed revocation list checks it without calling anyone:
valid, expired, revoked or forged. A photographed QR stops working when its window ends.

This module is shared with the app (the verifier screen runs offline), so it needs only
`cryptography` and the standard library.
"""
from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (Ed25519PrivateKey,
                                                               Ed25519PublicKey)

ALG = "Ed25519"  # fully specified JOSE algorithm (RFC 9864; "EdDSA" is deprecated)
CARD_TYP = "myg-cid+jwt"
REVOCATIONS_TYP = "myg-cid-revocations+jwt"
WINDOW_S = 30
LEEWAY_S = 5  # clocks of phones and shop terminals drift a little
MAX_TOKEN_CHARS = 2048


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(claims: dict[str, Any], key: Ed25519PrivateKey, kid: str, typ: str = CARD_TYP) -> str:
    header = {"alg": ALG, "kid": kid, "typ": typ}
    signing_input = (b64u(json.dumps(header, separators=(",", ":")).encode()) + "."
                     + b64u(json.dumps(claims, separators=(",", ":"), ensure_ascii=False)
                            .encode()))
    return signing_input + "." + b64u(key.sign(signing_input.encode()))


def card_claims(card_no: str, masked_name: str, not_before: int) -> dict[str, Any]:
    """The claims of one window: the card, a short validity and a nonce (no two alike)."""
    return {"cid": card_no, "nm": masked_name, "nbf": not_before,
            "exp": not_before + WINDOW_S, "jti": secrets.token_urlsafe(9)}


def masked_number(card_no: str) -> str:
    """What a verifier shows and logs: the last four digits (GY-****1234)."""
    return f"GY-****{card_no[-4:]}" if len(card_no) >= 4 else "GY-****"


def public_keys(jwks: dict[str, Any]) -> dict[str, Ed25519PublicKey]:
    """The Ed25519 keys of a JWKS by key id; other key types are ignored."""
    out: dict[str, Ed25519PublicKey] = {}
    for k in (jwks or {}).get("keys", []):
        if isinstance(k, dict) and k.get("kty") == "OKP" and k.get("crv") == "Ed25519" \
                and isinstance(k.get("kid"), str) and isinstance(k.get("x"), str):
            try:
                out[k["kid"]] = Ed25519PublicKey.from_public_bytes(unb64u(k["x"]))
            except ValueError:
                continue
    return out


class Forged(Exception):
    """Not a token signed by a published key (or not a token at all)."""


def open_signed(token: str, keys: dict[str, Ed25519PublicKey], typ: str) -> dict[str, Any]:
    """The claims of `token` if one of `keys` signed it; raises Forged otherwise."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS:
        raise Forged("not a token")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise Forged("not a compact JWS")
    try:
        header = json.loads(unb64u(parts[0]))
        claims = json.loads(unb64u(parts[1]))
        signature = unb64u(parts[2])
    except (ValueError, UnicodeDecodeError) as e:
        raise Forged("undecodable") from e
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise Forged("not an object")
    # The algorithm is fixed, never taken from the token ("alg": "none" and friends).
    if header.get("alg") != ALG or header.get("typ") != typ:
        raise Forged("wrong type or algorithm")
    key = keys.get(header.get("kid"))  # type: ignore[arg-type]
    if key is None:
        raise Forged("unknown key")
    try:
        key.verify(signature, f"{parts[0]}.{parts[1]}".encode())
    except InvalidSignature as e:
        raise Forged("bad signature") from e
    return claims


@dataclass(frozen=True, slots=True)
class Verdict:
    status: str  # valid | expired | revoked | forged | not_yet_valid
    card_no: str | None = None
    masked_name: str | None = None
    expires_at: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == "valid"

    @property
    def message(self) -> str:
        return MESSAGES[self.status]


MESSAGES = {
    "valid": "유효한 광양시민증입니다.",
    "expired": "만료된 QR입니다. 시민증 화면의 새 QR을 보여 달라고 하세요.",
    "revoked": "취소된 시민증입니다 (분실·전출·재발급). 혜택을 제공하지 마세요.",
    "forged": "위조되었거나 광양시가 발급하지 않은 QR입니다.",
    "not_yet_valid": "아직 사용할 수 없는 QR입니다. 기기의 시각을 확인해 주세요.",
}


def verify(token: str, jwks: dict[str, Any], revoked: set[str] | frozenset[str],
           now: float) -> Verdict:
    """Check a scanned card token offline against the published keys and revocation list."""
    try:
        claims = open_signed(token, public_keys(jwks), CARD_TYP)
    except Forged:
        return Verdict("forged")
    cid, exp, nbf = claims.get("cid"), claims.get("exp"), claims.get("nbf")
    if not isinstance(cid, str) or not isinstance(exp, int) or not isinstance(nbf, int):
        return Verdict("forged")
    name = claims.get("nm") if isinstance(claims.get("nm"), str) else None
    if cid in revoked:
        return Verdict("revoked", cid, name, exp)
    if now > exp + LEEWAY_S:
        return Verdict("expired", cid, name, exp)
    if now < nbf - LEEWAY_S:
        return Verdict("not_yet_valid", cid, name, exp)
    return Verdict("valid", cid, name, exp)


def open_revocations(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """The claims of a signed revocation list ({"iat", "revoked": [card numbers]}); Forged if
    the city did not sign it, so a verifier never trusts a list from anyone else."""
    claims = open_signed(token, public_keys(jwks), REVOCATIONS_TYP)
    revoked = claims.get("revoked")
    if not isinstance(revoked, list) or not all(isinstance(c, str) for c in revoked) \
            or not isinstance(claims.get("iat"), int):
        raise Forged("not a revocation list")
    return claims
