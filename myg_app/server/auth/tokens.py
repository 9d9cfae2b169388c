"""Access tokens (JWT) and opaque refresh tokens.

Signing and verification sit behind `_signing_key`/`_verification_key` and `ALGORITHM` so a
later issue can move to asymmetric keys (RS256/EdDSA with a JWKS) for OIDC single sign-on
without touching callers.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import jwt

from myg_app.server.config import Settings
from myg_app.server.db import utcnow

ISSUER = "myg"
ALGORITHM = "HS256"
ACCESS = "access"


class InvalidToken(Exception):
    pass


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: int
    role: str
    session_id: str  # the refresh-token family: logout revokes it
    expires_at: float = 0.0  # `exp`, epoch seconds (the chat socket closes when it passes)


def _signing_key(settings: Settings) -> str:
    assert settings.secret_key  # Settings always fills it
    return settings.secret_key


def _verification_key(settings: Settings) -> str:
    return _signing_key(settings)


def create_access_token(settings: Settings, user_id: int, role: str, session_id: str) -> str:
    now = utcnow()
    claims = {
        "iss": ISSUER,
        "sub": str(user_id),
        "role": role,
        "sid": session_id,
        "typ": ACCESS,
        "iat": now,
        "exp": now + timedelta(minutes=settings.access_token_minutes),
    }
    return jwt.encode(claims, _signing_key(settings), algorithm=ALGORITHM)


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    try:
        claims = jwt.decode(
            token,
            _verification_key(settings),
            algorithms=[ALGORITHM],  # never trust the header's alg ("none", key confusion)
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "iss"]},
        )
        if claims.get("typ") != ACCESS or not isinstance(claims.get("sid"), str):
            raise InvalidToken("not an access token")
        return AccessClaims(int(claims["sub"]), str(claims.get("role", "")), claims["sid"],
                            float(claims["exp"]))
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise InvalidToken(str(exc)) from exc


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def hash_refresh_token(token: str) -> str:
    # The token is 256 random bits, so a fast unsalted hash is enough to make a stolen
    # database useless (unlike passwords).
    return hashlib.sha256(token.encode()).hexdigest()
