"""HTTP for the OpenID Connect provider (root level: discovery, /oidc/*) and the app's SSO
API (/api/v1/sso/*). Protocol errors follow RFC 6749/OIDC (JSON `error`), not problem+json:
that is what partner libraries parse."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from myg_app.contracts.oidc import HandoffRequest, HandoffResponse, SsoSite, SsoSites
from myg_app.server.auth import service as auth_service, throttle
from myg_app.server.auth.deps import CurrentSessionId, CurrentUser
from myg_app.server.auth.oidc import clients, common, consent, device, pages, sessions, tokens
from myg_app.server.auth.oidc import handoff as handoffs  # `handoff` is a route below
from myg_app.server.auth.oidc.models import BrowserSession
from myg_app.server.auth.oidc.settings import (
    SITES, SUPPORTED_SCOPES, discovery_cache_headers, issuer_of, oidc_settings)
from myg_app.server.deps import SessionDep, SettingsDep, client_address
from myg_app.server.problems import AppError, problem_responses

router = APIRouter(tags=["oidc"])
api_router = APIRouter(prefix="/sso", tags=["sso"])

COOKIE = "myg_op_session"
CSRF_COOKIE = "myg_op_csrf"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def signer_of(request: Request, settings) -> tokens.Signer:
    return tokens.Signer.of(settings, issuer_of(request))


async def form_data(request: Request) -> dict[str, str]:
    """application/x-www-form-urlencoded body (what OAuth clients send)."""
    body = (await request.body()).decode("utf-8", "replace")
    return dict(parse_qsl(body, keep_blank_values=True))


Form = Annotated[dict[str, str], Depends(form_data)]


def _oauth_error(e: common.OidcError) -> JSONResponse:
    headers = dict(NO_STORE)
    if e.status == 401:
        headers["WWW-Authenticate"] = f'Bearer error="{e.error}"' if e.error == "invalid_token" \
            else 'Basic realm="myg"'
    return JSONResponse({"error": e.error, "error_description": e.detail}, e.status, headers)


def _html(body: str, status: int = 200) -> HTMLResponse:
    # The provider's pages must never be framed by another site (clickjacking of consent).
    return HTMLResponse(body, status, headers={
        "X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'",
        **NO_STORE})


def _redirect_with(uri: str, params: dict[str, str | None]) -> RedirectResponse:
    clean = {k: v for k, v in params.items() if v is not None}
    sep = "&" if urlsplit(uri).query else "?"
    return RedirectResponse(uri + sep + urlencode(clean), status_code=302, headers=NO_STORE)


def _set_session_cookie(resp: Response, request: Request, value: str) -> None:
    resp.set_cookie(COOKIE, value, httponly=True, samesite="lax", path="/",
                    secure=issuer_of(request).startswith("https://"),
                    max_age=oidc_settings().browser_session_hours * 3600)


def _consent_csrf(settings, sid: str) -> str:
    assert settings.secret_key
    return hmac.new(settings.secret_key.encode(), f"consent:{sid}".encode(),
                    hashlib.sha256).hexdigest()


# --- discovery and keys ---------------------------------------------------------------------
@router.get("/.well-known/openid-configuration", summary="OpenID Connect discovery")
def discovery(request: Request) -> JSONResponse:
    iss = issuer_of(request)
    return JSONResponse({
        "issuer": iss,
        "authorization_endpoint": f"{iss}/oidc/authorize",
        "token_endpoint": f"{iss}/oidc/token",
        "userinfo_endpoint": f"{iss}/oidc/userinfo",
        "jwks_uri": f"{iss}/oidc/jwks",
        "revocation_endpoint": f"{iss}/oidc/revoke",
        "device_authorization_endpoint": f"{iss}/oidc/device_authorization",
        "end_session_endpoint": f"{iss}/oidc/logout",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", device.GRANT_TYPE],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": list(SUPPORTED_SCOPES),
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "sid",
                             "name", "birthdate", "locale", "zoneinfo", "email",
                             "email_verified", "phone_number", "phone_number_verified"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic",
                                                       "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "prompt_values_supported": ["none", "login", "consent"],
        "authorization_response_iss_parameter_supported": True,
        "ui_locales_supported": ["ko-KR"],
    }, headers=discovery_cache_headers())


@router.get("/oidc/jwks", summary="서명 공개키 (JWKS)")
def jwks(request: Request, settings: SettingsDep) -> JSONResponse:
    return JSONResponse(signer_of(request, settings).keys().public_jwks(),
                        headers=discovery_cache_headers())


# --- authorization --------------------------------------------------------------------------
@router.get("/oidc/authorize", response_class=HTMLResponse, summary="인가 요청")
def authorize(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    params = dict(request.query_params)
    return _continue_authorize(request, session, settings, params)


def _continue_authorize(request: Request, session, settings, params: dict[str, str],
                        browser=None) -> Response:
    iss = issuer_of(request)
    try:
        req = clients.validate_authorize(session, params)
    except clients.RedirectableError as e:
        return _redirect_with(e.redirect_uri, {"error": e.error, "error_description": e.detail,
                                               "state": e.state, "iss": iss})
    except common.OidcError as e:
        # Never redirect to an address we could not verify: tell the user instead.
        return _html(pages.message_page("잘못된 로그인 요청", e.detail, "oidc-error"), 400)
    browser = browser or sessions.find_browser_session(session, request.cookies.get(COOKIE))
    back = {"state": req.state, "iss": iss}
    if browser is None or "login" in req.prompt:
        if "none" in req.prompt:
            return _redirect_with(req.redirect_uri, {"error": "login_required", **back})
        query = urlencode({k: v for k, v in params.items() if k != "prompt"})
        return RedirectResponse("/oidc/login?" + urlencode({"next": query}), 302, NO_STORE)
    missing = consent.missing_consent(session, browser.user_id, req.client.client_id, req.scope)
    if missing or "consent" in req.prompt:
        if "none" in req.prompt:
            return _redirect_with(req.redirect_uri, {"error": "consent_required", **back})
        query = urlencode({k: v for k, v in params.items() if k != "prompt"})
        return _html(pages.consent_page(req.client.name, req.scope, query,
                                        _consent_csrf(settings, browser.sid)))
    code = tokens.issue_code(session, req, browser)
    return _redirect_with(req.redirect_uri, {"code": code, **back})


@router.get("/oidc/login", response_class=HTMLResponse, summary="통합 로그인 화면")
def login_form(next: str = "") -> Response:
    csrf = secrets.token_urlsafe(16)
    resp = _html(pages.login_page(next, csrf))
    resp.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/oidc")
    return resp


@router.post("/oidc/login", response_class=HTMLResponse, summary="통합 로그인")
def login_submit(request: Request, form: Form, session: SessionDep,
                 settings: SettingsDep) -> Response:
    email, password, next_query = form.get("email", ""), form.get("password", ""), form.get("next", "")
    csrf = form.get("csrf", "")
    if not csrf or not hmac.compare_digest(csrf, request.cookies.get(CSRF_COOKIE, "")):
        return _html(pages.message_page("다시 시도해 주세요", "로그인 화면이 만료되었습니다. "
                                        "처음부터 다시 시도해 주세요.", "oidc-error"), 400)
    address = client_address(request)
    try:
        throttle.check(session, settings, email, address)
        user = auth_service.authenticate(session, settings, email, password)
    except throttle.Throttled as t:
        resp = _html(pages.login_page(next_query, csrf, "로그인 시도가 너무 많습니다. "
                                      "잠시 후 다시 시도해 주세요.", email), 429)
        resp.headers["Retry-After"] = str(t.retry_after)
        return resp
    except auth_service.InvalidCredentials:
        throttle.record(session, settings, email, address)
        session.commit()
        return _html(pages.login_page(next_query, csrf, "이메일 또는 비밀번호가 올바르지 않습니다.",
                                      email), 401)
    throttle.clear_account(session, settings, email)
    cookie, browser = sessions.start_browser_session(session, user)
    if next_query:
        resp = _continue_authorize(request, session, settings, dict(parse_qsl(next_query)),
                                   browser)
    else:
        resp = _html(pages.message_page("로그인되었습니다", f"{user.name}님, 로그인되었습니다.",
                                        "oidc-signed-in"))
    _set_session_cookie(resp, request, cookie)
    return resp


@router.post("/oidc/consent", response_class=HTMLResponse, summary="정보 제공 동의")
def consent_submit(request: Request, form: Form, session: SessionDep,
                   settings: SettingsDep) -> Response:
    browser = sessions.find_browser_session(session, request.cookies.get(COOKIE))
    params = dict(parse_qsl(form.get("request", "")))
    if browser is None:
        return RedirectResponse("/oidc/login?" + urlencode({"next": form.get("request", "")}),
                                302, NO_STORE)
    if not hmac.compare_digest(form.get("csrf", ""), _consent_csrf(settings, browser.sid)):
        return _html(pages.message_page("다시 시도해 주세요", "동의 화면이 만료되었습니다.",
                                        "oidc-error"), 400)
    try:
        req = clients.validate_authorize(session, params)
    except clients.RedirectableError as e:
        return _redirect_with(e.redirect_uri, {"error": e.error, "error_description": e.detail,
                                               "state": e.state, "iss": issuer_of(request)})
    except common.OidcError as e:
        return _html(pages.message_page("잘못된 로그인 요청", e.detail, "oidc-error"), 400)
    if form.get("decision") != "allow":
        return _redirect_with(req.redirect_uri, {"error": "access_denied", "state": req.state,
                                                 "iss": issuer_of(request)})
    consent.grant_consent(session, browser.user_id, req.client.client_id, req.scope)
    code = tokens.issue_code(session, req, browser)
    return _redirect_with(req.redirect_uri, {"code": code, "state": req.state,
                                             "iss": issuer_of(request)})


# --- token, userinfo, revocation, logout ----------------------------------------------------
def _client_credentials(request: Request, form: dict[str, str]) -> tuple[str | None, str | None]:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("basic "):
        import base64
        from urllib.parse import unquote

        try:
            raw = base64.b64decode(auth[6:]).decode()
            cid, _, secret = raw.partition(":")
            return unquote(cid), unquote(secret)
        except (ValueError, UnicodeDecodeError):
            return None, None
    return form.get("client_id"), form.get("client_secret")


@router.post("/oidc/token", summary="토큰 발급 (authorization_code, refresh_token, device_code)")
def token(request: Request, form: Form, session: SessionDep, settings: SettingsDep) -> Response:
    try:
        grant = form.get("grant_type")
        if grant == device.GRANT_TYPE:  # the kiosk is a public client: no secret (RFC 8628)
            kiosk_id, _secret = _client_credentials(request, form)
            return JSONResponse(device.poll(session, settings, kiosk_id, form.get("device_code")),
                                headers=NO_STORE)
        client = clients.authenticate_client(session, *_client_credentials(request, form))
        signer = signer_of(request, settings)
        if grant == "authorization_code":
            out = tokens.exchange_code(session, signer, client, form.get("code"),
                                       form.get("redirect_uri"), form.get("code_verifier"))
        elif grant == "refresh_token":
            out = tokens.refresh(session, signer, client, form.get("refresh_token"))
        else:
            raise common.OidcError("unsupported_grant_type", "지원하지 않는 grant_type입니다.")
    except common.OidcError as e:
        return _oauth_error(e)
    return JSONResponse(out, headers=NO_STORE)


def _bearer(request: Request, form: dict[str, str] | None = None) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return (form or {}).get("access_token")


@router.get("/oidc/userinfo", summary="사용자 정보")
@router.post("/oidc/userinfo", summary="사용자 정보 (POST)")
def userinfo(request: Request, form: Form, session: SessionDep,
             settings: SettingsDep) -> Response:
    signer = signer_of(request, settings)
    try:
        # Header, or the form body of a POST (RFC 6750 2.2; pyoidc's default).
        tok = _bearer(request, form if request.method == "POST" else None)
        if not tok:
            raise common.OidcError("invalid_token", "토큰이 필요합니다.", 401)
        user, scope = tokens.userinfo_user(session, signer, tok)
    except common.OidcError as e:
        return _oauth_error(e)
    return JSONResponse(tokens.user_claims(signer, user, scope), headers=NO_STORE)


@router.post("/oidc/revoke", summary="토큰 폐기 (RFC 7009)")
def revoke(request: Request, form: Form, session: SessionDep) -> Response:
    try:
        client = clients.authenticate_client(session, *_client_credentials(request, form))
    except common.OidcError as e:
        return _oauth_error(e)
    tokens.revoke(session, client, form.get("token"))
    return Response(status_code=200, headers=NO_STORE)


@router.get("/oidc/logout", response_class=HTMLResponse,
            summary="로그아웃 (RP-initiated logout): 모든 사이트에서 로그아웃")
@router.post("/oidc/logout", response_class=HTMLResponse, summary="로그아웃 (POST)")
def logout(request: Request, form: Form, session: SessionDep, settings: SettingsDep) -> Response:
    params = dict(request.query_params) | form
    client = tokens.id_token_hint_client(session, signer_of(request, settings),
                                         params.get("id_token_hint"))
    if client is None and request.method == "GET":
        # Not sent by one of our sites: ask first, so a link on another page cannot sign the
        # citizen out (the POST below carries the SameSite=Lax cookie only from our own page).
        return _html(pages.logout_confirm_page())
    browser = sessions.find_browser_session(session, request.cookies.get(COOKIE))
    if browser is not None:
        # One browser session carries every partner opened in it: all of them end here.
        sessions.end_browser_sessions(session, BrowserSession.id == browser.id)
    target = clients.logout_target(client, params.get("post_logout_redirect_uri"))
    if target:
        resp: Response = _redirect_with(target, {"state": params.get("state")})
    else:
        resp = _html(pages.message_page("로그아웃되었습니다",
                                        "MY광양 통합 로그인의 모든 사이트에서 로그아웃되었습니다.",
                                        "oidc-signed-out"))
    resp.delete_cookie(COOKIE, path="/")
    return resp


@router.get("/oidc/handoff", response_class=HTMLResponse, summary="앱에서 사이트 바로 열기")
def handoff(request: Request, session: SessionDep, token: str = "",
            client_id: str | None = None) -> Response:
    """The app's one-time token becomes a browser session here; the browser then goes to the
    partner's login initiation URI (OIDC Core 4), which starts a normal code flow that now
    needs no password."""
    try:
        row = handoffs.consume_handoff(session, token, client_id)
    except common.OidcError as e:
        session.commit()  # a spent or expired token stays spent
        return _html(pages.message_page("링크가 만료되었습니다", e.detail, "oidc-error"), 400)
    user = auth_service.get_user(session, row.user_id)
    assert user is not None
    cookie, _browser = sessions.start_browser_session(session, user,
                                                      app_family_id=row.app_family_id)
    client = clients.get_client(session, row.client_id)
    assert client is not None
    target = client.initiate_login_uri or client.home_url
    resp = _redirect_with(target, {"iss": issuer_of(request), "target_link_uri": client.home_url})
    _set_session_cookie(resp, request, cookie)
    return resp


@router.get("/oidc/reset", response_class=HTMLResponse, summary="비밀번호 재설정 화면 (메일 링크)")
def reset_form(token: str = "") -> Response:
    return _html(pages.reset_page(token))


@router.post("/oidc/reset", response_class=HTMLResponse, summary="비밀번호 재설정")
def reset_submit(form: Form, session: SessionDep, settings: SettingsDep) -> Response:
    from pydantic import ValidationError

    from myg_app.contracts.auth import PasswordResetConfirm
    from myg_app.server.auth import reset

    token = form.get("token", "")
    if form.get("password") != form.get("confirm"):
        return _html(pages.reset_page(token, "비밀번호가 서로 다릅니다. 다시 입력해 주세요."), 422)
    try:
        body = PasswordResetConfirm(token=token, password=form.get("password", ""))
        reset.confirm_reset(session, settings, body.token, body.password)
    except ValidationError as e:
        msg = str(e.errors()[0].get("ctx", {}).get("error") or "입력한 내용을 확인해 주세요.")
        return _html(pages.reset_page(token, msg), 422)
    except reset.InvalidReset:
        return _html(pages.message_page("링크가 만료되었습니다", "재설정 링크가 만료되었거나 이미 "
                                        "사용되었습니다. 앱에서 다시 요청해 주세요.", "oidc-error"), 400)
    return _html(pages.message_page("비밀번호를 바꿨습니다", "새 비밀번호로 로그인해 주세요. "
                                    "보안을 위해 모든 기기와 사이트에서 로그아웃되었습니다.",
                                    "reset-done"))


# --- the app's API (/api/v1/sso) -----------------------------------------------------------
@api_router.get("/sites", response_model=SsoSites, summary="통합 로그인 사이트 목록")
def sites(session: SessionDep) -> SsoSites:
    summaries = {s.client_id: s.summary for s in SITES}
    return SsoSites(items=[SsoSite(client_id=c.client_id, name=c.name, home_url=c.home_url,
                                   summary=summaries.get(c.client_id, ""))
                           for c in clients.list_clients(session)])


@api_router.post("/handoff", response_model=HandoffResponse, status_code=201,
                 responses=problem_responses(401, 404), summary="사이트를 로그인된 채로 열기")
def create_handoff(body: HandoffRequest, request: Request, user: CurrentUser,
                   sid: CurrentSessionId, session: SessionDep) -> HandoffResponse:
    client = clients.get_client(session, body.client_id)
    if client is None:
        raise AppError(404, "sso.unknown_site", "등록되지 않은 사이트입니다.")
    token_ = handoffs.create_handoff(session, user, sid, client)
    url = f"{issuer_of(request)}/oidc/handoff?" + urlencode({"token": token_,
                                                             "client_id": client.client_id})
    return HandoffResponse(url=url, expires_in=oidc_settings().handoff_seconds)
