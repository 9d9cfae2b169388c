"""Provider rules: clients, browser sessions, consent, codes (PKCE S256), tokens with rotation
and reuse detection, revocation, logout and the app's one-time handoff. No HTTP here.

Crypto is joserfc (JWS/JWK) and Authlib's PKCE helper; secrets come from `secrets` and are
stored as sha256 only.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwt import JWTClaimsRegistry
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from myg_app.server.auth import service as auth_service, signout
from myg_app.server.auth.models import User
from myg_app.server.auth.oidc import keys as keystore
from myg_app.server.auth.oidc.models import (
    AuthorizationCode, BrowserSession, Handoff, OidcClient, PartnerConsent, PartnerToken,
)
from myg_app.server.auth.oidc.settings import (
    SUPPORTED_SCOPES, OidcSettings, oidc_settings, site_configs,
)
from myg_app.server.config import Settings
from myg_app.server.db import utcnow

log = logging.getLogger(__name__)

ACCESS, REFRESH = "access", "refresh"
USERINFO_AUDIENCE_SUFFIX = "/oidc/userinfo"


class OidcError(Exception):
    """An OAuth error (RFC 6749 5.2 / OIDC): `error` is the protocol code, `detail` Korean."""

    def __init__(self, error: str, detail: str, status: int = 400):
        super().__init__(error)
        self.error, self.detail, self.status = error, detail, status


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _new_secret() -> str:
    return secrets.token_urlsafe(32)


def _split(s: str) -> list[str]:
    return [x for x in s.split() if x]


# --- clients ------------------------------------------------------------------------------
def get_client(session: Session, client_id: str | None) -> OidcClient | None:
    if not client_id:
        return None
    return session.scalars(select(OidcClient).where(OidcClient.client_id == client_id)).one_or_none()


def list_clients(session: Session) -> list[OidcClient]:
    return list(session.scalars(select(OidcClient).order_by(OidcClient.sort_order)))


def authenticate_client(session: Session, client_id: str | None, secret: str | None) -> OidcClient:
    client = get_client(session, client_id)
    presented = sha256(secret or "")
    # compare_digest on the hashes: the check takes the same time whatever matched.
    if client is None or not secret or not hmac.compare_digest(client.secret_hash, presented):
        raise OidcError("invalid_client", "등록되지 않은 사이트이거나 인증 정보가 틀렸습니다.", 401)
    return client


def sync_clients(session: Session, settings: OidcSettings | None = None) -> None:
    """Create or update the six partner sites from settings (the seed calls this)."""
    for order, cfg in enumerate(site_configs(settings)):
        client = get_client(session, cfg.site.client_id) or OidcClient(client_id=cfg.site.client_id)
        client.name = cfg.site.name
        client.secret_hash = sha256(cfg.secret)
        client.home_url = cfg.home_url
        client.initiate_login_uri = cfg.initiate_login_uri
        client.redirect_uris = " ".join(cfg.redirect_uris)
        client.post_logout_redirect_uris = " ".join(cfg.post_logout_redirect_uris)
        client.scopes = " ".join(SUPPORTED_SCOPES)
        client.sort_order = order
        session.add(client)
    session.flush()


# --- authorization request ------------------------------------------------------------------
@dataclass
class AuthRequest:
    client: OidcClient
    redirect_uri: str
    scope: list[str]
    state: str | None
    nonce: str | None
    code_challenge: str
    prompt: set[str] = field(default_factory=set)


class RedirectableError(OidcError):
    """An error the RP should hear about at its (verified) redirect URI."""

    def __init__(self, error: str, detail: str, redirect_uri: str, state: str | None):
        super().__init__(error, detail)
        self.redirect_uri, self.state = redirect_uri, state


def validate_authorize(session: Session, params: dict[str, str]) -> AuthRequest:
    """Check an authorization request. Unknown client or unregistered redirect URI raise
    OidcError (shown to the user: never redirect to an unverified address); the rest raise
    RedirectableError."""
    client = get_client(session, params.get("client_id"))
    if client is None:
        raise OidcError("invalid_client", "등록되지 않은 사이트입니다.")
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri not in _split(client.redirect_uris):  # exact match, no prefixes/wildcards
        raise OidcError("invalid_request", "등록되지 않은 돌아갈 주소(redirect_uri)입니다.")
    state = params.get("state")

    def fail(error: str, detail: str):
        return RedirectableError(error, detail, redirect_uri, state)

    if params.get("response_type") != "code":
        raise fail("unsupported_response_type", "code 방식만 지원합니다.")
    scope = _split(params.get("scope", ""))
    if "openid" not in scope:
        raise fail("invalid_scope", "openid 범위가 필요합니다.")
    allowed = set(_split(client.scopes))
    scope = [s for s in dict.fromkeys(scope) if s in allowed]  # unknown scopes are ignored
    challenge = params.get("code_challenge")
    if not challenge or params.get("code_challenge_method") != "S256":
        raise fail("invalid_request", "PKCE(S256)가 필요합니다.")
    if not 43 <= len(challenge) <= 128:
        raise fail("invalid_request", "code_challenge 형식이 올바르지 않습니다.")
    return AuthRequest(client, redirect_uri, scope, state, params.get("nonce"), challenge,
                       set(_split(params.get("prompt", ""))))


# --- browser sessions at the provider --------------------------------------------------------
def start_browser_session(session: Session, user: User, app_family_id: str | None = None,
                          settings: OidcSettings | None = None) -> tuple[str, BrowserSession]:
    s = settings or oidc_settings()
    cookie = _new_secret()
    now = utcnow()
    row = BrowserSession(user_id=user.id, token_hash=sha256(cookie), sid=str(uuid.uuid4()),
                         app_family_id=app_family_id, auth_time=now,
                         expires_at=now + timedelta(hours=s.browser_session_hours))
    session.add(row)
    session.flush()
    return cookie, row


def find_browser_session(session: Session, cookie: str | None) -> BrowserSession | None:
    if not cookie:
        return None
    row = session.scalars(select(BrowserSession).where(
        BrowserSession.token_hash == sha256(cookie))).one_or_none()
    if row is None or row.ended_at is not None or row.expires_at <= utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    return row


def end_browser_sessions(session: Session, *conditions) -> int:
    """End the matching browser sessions and revoke every partner token issued under them."""
    now = utcnow()
    ids = list(session.scalars(select(BrowserSession.id).where(
        BrowserSession.ended_at.is_(None), *conditions)))
    if not ids:
        return 0
    session.execute(update(BrowserSession).where(BrowserSession.id.in_(ids))
                    .values(ended_at=now).execution_options(synchronize_session=False))
    session.execute(update(PartnerToken)
                    .where(PartnerToken.browser_session_id.in_(ids),
                           PartnerToken.revoked_at.is_(None))
                    .values(revoked_at=now).execution_options(synchronize_session=False))
    return len(ids)


@signout.on_family_end
def end_for_app_session(session: Session, app_family_id: str) -> int:
    """The app signed out (or its session was revoked): partners opened from it sign out too."""
    return end_browser_sessions(session, BrowserSession.app_family_id == app_family_id)


@signout.on_user_end
def end_all_for_user(session: Session, user_id: int) -> int:
    return end_browser_sessions(session, BrowserSession.user_id == user_id)


def end_for_client(session: Session, user_id: int, client_id: str) -> int:
    """Sign one partner site out for this user (the 로그인 관리 screen)."""
    return session.execute(
        update(PartnerToken)
        .where(PartnerToken.user_id == user_id, PartnerToken.client_id == client_id,
               PartnerToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False)).rowcount


# --- consent --------------------------------------------------------------------------------
def missing_consent(session: Session, user_id: int, client_id: str, scope: list[str]) -> list[str]:
    """Scopes (besides openid) this user has not yet allowed this partner to see."""
    row = session.scalars(select(PartnerConsent).where(
        PartnerConsent.user_id == user_id, PartnerConsent.client_id == client_id)).one_or_none()
    granted = set(_split(row.scopes)) if row else None
    if granted is None:
        return [s for s in scope]
    return [s for s in scope if s != "openid" and s not in granted]


def grant_consent(session: Session, user_id: int, client_id: str, scope: list[str]) -> None:
    row = session.scalars(select(PartnerConsent).where(
        PartnerConsent.user_id == user_id, PartnerConsent.client_id == client_id)).one_or_none()
    if row is None:
        row = PartnerConsent(user_id=user_id, client_id=client_id, scopes="")
        session.add(row)
    row.scopes = " ".join(dict.fromkeys([*_split(row.scopes), *scope]))
    session.flush()


def consents_of(session: Session, user_id: int) -> list[PartnerConsent]:
    return list(session.scalars(select(PartnerConsent).where(PartnerConsent.user_id == user_id)))


def withdraw_consent(session: Session, user_id: int, client_id: str) -> None:
    row = session.scalars(select(PartnerConsent).where(
        PartnerConsent.user_id == user_id, PartnerConsent.client_id == client_id)).one_or_none()
    if row is not None:
        session.delete(row)
    end_for_client(session, user_id, client_id)


# --- codes ----------------------------------------------------------------------------------
def issue_code(session: Session, req: AuthRequest, browser: BrowserSession,
               settings: OidcSettings | None = None) -> str:
    s = settings or oidc_settings()
    code = _new_secret()
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
    return _issue(session, signer, client, row.user_id, browser, _split(row.scope), family_id,
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
    return _issue(session, signer, client, row.user_id, browser, _split(row.scope),
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
    refresh_token = _new_secret()
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


# --- verification ---------------------------------------------------------------------------
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
    return user, _split(row.scope)


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


def logout_target(client: OidcClient | None, post_logout_redirect_uri: str | None) -> str | None:
    """Where RP-initiated logout may send the browser afterwards: only a registered address
    of the client the id_token_hint was issued to."""
    if client is None or not post_logout_redirect_uri:
        return None
    if post_logout_redirect_uri not in _split(client.post_logout_redirect_uris):
        return None
    return post_logout_redirect_uri


# --- handoff from the app -------------------------------------------------------------------
def create_handoff(session: Session, user: User, app_family_id: str, client: OidcClient,
                   settings: OidcSettings | None = None) -> str:
    s = settings or oidc_settings()
    token = _new_secret()
    session.add(Handoff(token_hash=sha256(token), user_id=user.id, client_id=client.client_id,
                        app_family_id=app_family_id,
                        expires_at=utcnow() + timedelta(seconds=s.handoff_seconds)))
    session.flush()
    return token


def consume_handoff(session: Session, token: str | None, client_id: str | None) -> Handoff:
    """Single use, short-lived, bound to one client; the app session must still be active."""
    bad = OidcError("invalid_request", "바로가기 링크가 만료되었습니다. 앱에서 다시 열어 주세요.")
    row = session.scalars(select(Handoff).where(Handoff.token_hash == sha256(token or ""))
                          ).one_or_none()
    if row is None or (client_id is not None and row.client_id != client_id):
        raise bad
    spent = session.execute(
        update(Handoff).where(Handoff.id == row.id, Handoff.used_at.is_(None),
                              Handoff.expires_at > utcnow())
        .values(used_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    user = session.get(User, row.user_id)
    if spent != 1 or user is None or not user.is_active or \
            not auth_service.session_active(session, row.app_family_id):
        raise bad
    return row


def partner_sessions(session: Session, user_id: int) -> list[tuple[str, datetime]]:
    """(client_id, last sign-in) of partners holding live tokens for this user."""
    rows = session.execute(
        select(PartnerToken.client_id, PartnerToken.created_at)
        .where(PartnerToken.user_id == user_id, PartnerToken.kind == REFRESH,
               PartnerToken.revoked_at.is_(None), PartnerToken.used_at.is_(None),
               PartnerToken.expires_at > utcnow())).all()
    latest: dict[str, datetime] = {}
    for cid, created in rows:
        latest[cid] = max(created, latest.get(cid, created))
    return sorted(latest.items(), key=lambda kv: kv[1], reverse=True)



