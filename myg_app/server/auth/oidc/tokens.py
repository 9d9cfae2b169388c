"""Codes (PKCE S256), ID and access tokens with rotation and reuse detection, revocation,
verification and the claims a partner may see. No HTTP here.

Crypto is joserfc (JWS/JWK) and Authlib's PKCE helper."""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwt import JWTClaimsRegistry
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.auth.oidc import keys as keystore
from myg_app.server.auth.oidc.clients import AuthRequest, get_client
from myg_app.server.auth.oidc.common import ACCESS, REFRESH, OidcError, new_secret, sha256, words
from myg_app.server.auth.oidc.models import (AuthorizationCode, BrowserSession, OidcClient,
                                             PartnerToken)
from myg_app.server.auth.oidc.settings import OidcSettings, oidc_settings
from myg_app.server.config import Settings
from myg_app.server.db import utcnow

log = logging.getLogger(__name__)

USERINFO_AUDIENCE_SUFFIX = "/oidc/userinfo"


def issue_code(session: Session, req: AuthRequest, browser: BrowserSession,
               settings: OidcSettings | None = None) -> str:
    s = settings or oidc_settings()
    code = new_secret()
    session.add(AuthorizationCode(
        code_hash=sha256(code), client_id=req.client.client_id, user_id=browser.user_id,
        browser_session_id=browser.id, redirect_uri=req.redirect_uri, scope=" ".join(req.scope),
        nonce=req.nonce, code_challenge=req.code_challenge,
        expires_at=utcnow() + timedelta(seconds=s.code_seconds)))
    session.flush()
    return code


@dataclass(frozen=True)
class Signer:
    """What token issuing needs from the request: who we are and where the keys are."""
    issuer: str
    data_dir: Path
    secret_key: str

    @classmethod
    def of(cls, settings: Settings, issuer: str) -> "Signer":
        assert settings.secret_key
        return cls(issuer.rstrip("/"), Path(settings.data_dir), settings.secret_key)

    @property
    def userinfo_audience(self) -> str:
        return self.issuer + USERINFO_AUDIENCE_SUFFIX

    def keys(self) -> keystore.SigningKeys:
        return keystore.load(self.data_dir)

    def subject(self, user_id: int) -> str:
        # An opaque, stable `sub`: partners never learn our row ids (or how many users we have).
        return hmac.new(self.secret_key.encode(), f"sub:{user_id}".encode(),
                        hashlib.sha256).hexdigest()[:32]

    def sign(self, claims: dict, typ: str = "JWT") -> str:
        key = self.keys().active
        return jwt.encode({"alg": keystore.ALGORITHM, "kid": key.kid, "typ": typ}, claims, key)


def exchange_code(session: Session, signer: Signer, client: OidcClient, code: str | None,
                  redirect_uri: str | None, code_verifier: str | None,
                  settings: OidcSettings | None = None) -> dict:
    """Code -> tokens. A code works once; a replayed code revokes what the first use got
    (RFC 6749 4.1.2: it may have been stolen)."""
    now = utcnow()
    invalid = OidcError("invalid_grant", "인가 코드가 올바르지 않거나 만료되었습니다.")
    row = session.scalars(select(AuthorizationCode).where(
        AuthorizationCode.code_hash == sha256(code or ""))).one_or_none()
    if row is None or row.client_id != client.client_id:
        raise invalid
    family_id = row.code_hash[:36]
    spent = session.execute(
        update(AuthorizationCode)
        .where(AuthorizationCode.id == row.id, AuthorizationCode.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)).rowcount
    if spent != 1:
        _revoke_family(session, family_id)
        session.commit()  # the revocation must survive the refusal
        log.warning("authorization code replayed: family %s revoked", family_id)
        raise invalid
    if row.expires_at <= now or row.redirect_uri != redirect_uri:
        raise invalid
    if not code_verifier or not hmac.compare_digest(
            create_s256_code_challenge(code_verifier), row.code_challenge):
        raise OidcError("invalid_grant", "PKCE 검증에 실패했습니다.")
    browser = session.get(BrowserSession, row.browser_session_id)
    if browser is None or browser.ended_at is not None:
        raise invalid
    return _issue(session, signer, client, row.user_id, browser, words(row.scope), family_id,
                  nonce=row.nonce, with_id_token=True, settings=settings)


def refresh(session: Session, signer: Signer, client: OidcClient, refresh_token: str | None,
            settings: OidcSettings | None = None) -> dict:
    """Rotate: each refresh token works once. A second use revokes the whole family."""
    now = utcnow()
    invalid = OidcError("invalid_grant", "다시 로그인해 주세요.")
    row = _token_row(session, refresh_token, REFRESH)
    if row is None or row.client_id != client.client_id:
        raise invalid
    spent = session.execute(
        update(PartnerToken)
        .where(PartnerToken.id == row.id, PartnerToken.used_at.is_(None),
               PartnerToken.revoked_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)).rowcount
    if spent != 1:
        if row.revoked_at is None or row.used_at is not None:
            _revoke_family(session, row.family_id)
            session.commit()
            log.warning("partner refresh token reuse: family %s revoked", row.family_id)
        raise invalid
    browser = session.get(BrowserSession, row.browser_session_id)
    if row.expires_at <= now or browser is None or browser.ended_at is not None:
        raise invalid
    return _issue(session, signer, client, row.user_id, browser, words(row.scope),
                  row.family_id, with_id_token=True, settings=settings)


def _issue(session: Session, signer: Signer, client: OidcClient, user_id: int,
           browser: BrowserSession, scope: list[str], family_id: str, *, nonce: str | None = None,
           with_id_token: bool, settings: OidcSettings | None = None) -> dict:
    s = settings or oidc_settings()
    now = utcnow()
    sub = signer.subject(user_id)
    access_exp = now + timedelta(minutes=s.access_token_minutes)
    access = signer.sign({
        "iss": signer.issuer, "sub": sub, "aud": signer.userinfo_audience,
        "client_id": client.client_id, "scope": " ".join(scope), "sid": browser.sid,
        "jti": uuid.uuid4().hex, "iat": int(now.timestamp()), "exp": int(access_exp.timestamp()),
    }, typ="at+jwt")
    refresh_token = new_secret()
    for kind, value, exp in ((ACCESS, access, access_exp),
                             (REFRESH, refresh_token, now + timedelta(days=s.refresh_token_days))):
        session.add(PartnerToken(kind=kind, token_hash=sha256(value), family_id=family_id,
                                 client_id=client.client_id, user_id=user_id,
                                 browser_session_id=browser.id, scope=" ".join(scope),
                                 expires_at=exp))
    session.flush()
    out = {"access_token": access, "token_type": "Bearer",
           "expires_in": s.access_token_minutes * 60, "refresh_token": refresh_token,
           "scope": " ".join(scope)}
    if with_id_token:
        claims = {"iss": signer.issuer, "sub": sub, "aud": client.client_id,
                  "iat": int(now.timestamp()), "exp": int(access_exp.timestamp()),
                  "auth_time": int(browser.auth_time.timestamp()), "sid": browser.sid,
                  "at_hash": _at_hash(access)}
        if nonce:
            claims["nonce"] = nonce
        out["id_token"] = signer.sign(claims)
    return out


def _at_hash(access_token: str) -> str:
    # OIDC Core 3.1.3.6: left half of the SHA-256 of the token, base64url.
    digest = hashlib.sha256(access_token.encode()).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()


def _token_row(session: Session, token: str | None, kind: str) -> PartnerToken | None:
    if not token:
        return None
    return session.scalars(select(PartnerToken).where(
        PartnerToken.token_hash == sha256(token), PartnerToken.kind == kind)).one_or_none()


def _revoke_family(session: Session, family_id: str) -> None:
    session.execute(update(PartnerToken)
                    .where(PartnerToken.family_id == family_id, PartnerToken.revoked_at.is_(None))
                    .values(revoked_at=utcnow()).execution_options(synchronize_session=False))


def revoke(session: Session, client: OidcClient, token: str | None) -> None:
    """RFC 7009: revoking a refresh token ends its family; unknown tokens are not an error."""
    row = _token_row(session, token, REFRESH) or _token_row(session, token, ACCESS)
    if row is None or row.client_id != client.client_id:
        return
    if row.kind == REFRESH:
        _revoke_family(session, row.family_id)
    else:
        row.revoked_at = row.revoked_at or utcnow()


def verify_jwt(signer: Signer, token: str, audience: str) -> dict:
    """Signature (RS256 only: `alg: none` and HS256 key confusion are refused), issuer,
    audience, expiry. Raises OidcError("invalid_token")."""
    bad = OidcError("invalid_token", "토큰이 올바르지 않거나 만료되었습니다.", 401)
    try:
        decoded = jwt.decode(token, signer.keys().keys, algorithms=[keystore.ALGORITHM])
        JWTClaimsRegistry(
            iss={"essential": True, "value": signer.issuer},
            aud={"essential": True, "value": audience},
            exp={"essential": True}, sub={"essential": True},
        ).validate(decoded.claims)
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise bad from exc
    return decoded.claims


def userinfo_user(session: Session, signer: Signer, access_token: str) -> tuple[User, list[str]]:
    claims = verify_jwt(signer, access_token, signer.userinfo_audience)
    row = _token_row(session, access_token, ACCESS)
    bad = OidcError("invalid_token", "로그아웃되었거나 만료된 토큰입니다.", 401)
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        raise bad
    browser = session.get(BrowserSession, row.browser_session_id)
    user = session.get(User, row.user_id)
    if browser is None or browser.ended_at is not None or user is None or not user.is_active:
        raise bad
    if claims["sub"] != signer.subject(user.id):  # e.g. the secret key changed since
        raise bad
    return user, words(row.scope)


def user_claims(signer: Signer, user: User, scope: list[str]) -> dict:
    """What a partner may see: only the scopes granted, only the items the user filled in."""
    out: dict = {"sub": signer.subject(user.id)}
    if "profile" in scope:
        out["name"] = user.name
        if user.birth_date:
            out["birthdate"] = user.birth_date.isoformat()
        out["locale"] = "ko-KR"
        out["zoneinfo"] = "Asia/Seoul"
    if "email" in scope:
        out["email"] = user.email
        out["email_verified"] = False
    if "phone" in scope and user.phone:
        digits = "".join(c for c in user.phone if c.isdigit())
        out["phone_number"] = "+82" + digits[1:] if digits.startswith("0") else user.phone
        out["phone_number_verified"] = False
    return out


def id_token_hint_client(session: Session, signer: Signer,
                         id_token_hint: str | None) -> OidcClient | None:
    """The client an ID token we issued names as its audience (expired is fine: OIDC RP-
    Initiated Logout 1.0 accepts a hint past its `exp`), or None."""
    if not id_token_hint:
        return None
    try:
        decoded = jwt.decode(id_token_hint, signer.keys().keys, algorithms=[keystore.ALGORITHM])
    except (JoseError, ValueError):
        return None
    aud = decoded.claims.get("aud")
    if decoded.claims.get("iss") != signer.issuer:
        return None
    return get_client(session, aud if isinstance(aud, str) else None)
