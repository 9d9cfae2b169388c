"""Partner sites (OIDC clients): lookup, authentication, syncing from settings, and checking
an authorization request and a post-logout address against what the client registered."""
from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.auth.oidc.common import OidcError, sha256, words
from myg_app.server.auth.oidc.models import OidcClient
from myg_app.server.auth.oidc.settings import SUPPORTED_SCOPES, OidcSettings, site_configs


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
    if redirect_uri not in words(client.redirect_uris):  # exact match, no prefixes/wildcards
        raise OidcError("invalid_request", "등록되지 않은 돌아갈 주소(redirect_uri)입니다.")
    state = params.get("state")

    def fail(error: str, detail: str):
        return RedirectableError(error, detail, redirect_uri, state)

    if params.get("response_type") != "code":
        raise fail("unsupported_response_type", "code 방식만 지원합니다.")
    scope = words(params.get("scope", ""))
    if "openid" not in scope:
        raise fail("invalid_scope", "openid 범위가 필요합니다.")
    allowed = set(words(client.scopes))
    scope = [s for s in dict.fromkeys(scope) if s in allowed]  # unknown scopes are ignored
    challenge = params.get("code_challenge")
    if not challenge or params.get("code_challenge_method") != "S256":
        raise fail("invalid_request", "PKCE(S256)가 필요합니다.")
    if not 43 <= len(challenge) <= 128:
        raise fail("invalid_request", "code_challenge 형식이 올바르지 않습니다.")
    return AuthRequest(client, redirect_uri, scope, state, params.get("nonce"), challenge,
                       set(words(params.get("prompt", ""))))


def logout_target(client: OidcClient | None, post_logout_redirect_uri: str | None) -> str | None:
    """Where RP-initiated logout may send the browser afterwards: only a registered address
    of the client the id_token_hint was issued to."""
    if client is None or not post_logout_redirect_uri:
        return None
    if post_logout_redirect_uri not in words(client.post_logout_redirect_uris):
        return None
    return post_logout_redirect_uri
