"""HTTP for 키오스크 로그인 (RFC 8628): the kiosk's device authorization request (root level,
OAuth JSON errors), the approval address its QR code opens, and the app's API for the phone
that approves (/api/v1/auth/device*) and for the kiosk that signs out (/api/v1/auth/kiosk/*).
The kiosk's polls go to the one token endpoint (router.py)."""
from __future__ import annotations

from html import escape
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from myg_app.contracts.device import DeviceDecision, DeviceGrantOut, UserCode, normalize_user_code
from myg_app.server.auth import service as auth_service, tokens as app_tokens
from myg_app.server.auth.deps import CurrentSessionId, CurrentUser, Credentials, unauthorized
from myg_app.server.auth.oidc import common, device, pages
from myg_app.server.auth.oidc.router import NO_STORE, Form, _html, _oauth_error
from myg_app.server.auth.oidc.settings import issuer_of
from myg_app.server.deps import OnceDep, SessionDep, SettingsDep, user_scope
from myg_app.server.problems import AppError, problem_responses

router = APIRouter(tags=["oidc"])
api_router = APIRouter(prefix="/auth", tags=["kiosk"])

APPROVE_PATH = "/kiosk-approve"


@router.post("/oidc/device_authorization", summary="키오스크 로그인 요청 (RFC 8628 기기 인가)")
def device_authorization(request: Request, form: Form, session: SessionDep) -> Response:
    try:
        device_code, row = device.start(session, form.get("client_id"), form.get("scope"),
                                        form.get("kiosk_place"))
    except common.OidcError as e:
        return _oauth_error(e)
    uri = issuer_of(request) + APPROVE_PATH
    return JSONResponse({
        "device_code": device_code, "user_code": row.user_code, "verification_uri": uri,
        "verification_uri_complete": f"{uri}?{urlencode({'user_code': row.user_code})}",
        "expires_in": device.EXPIRES_IN, "interval": row.interval_s,
    }, headers=NO_STORE)


@router.get(APPROVE_PATH, response_class=HTMLResponse, summary="키오스크 로그인 승인 안내")
def approve_page(user_code: str = "") -> Response:
    """Where the kiosk's QR code leads when the phone opens it in a browser rather than in the
    app: approval needs the signed-in app, so this page only says where to go."""
    try:
        code = normalize_user_code(user_code[:20])
    except ValueError:
        code = ""
    shown = f'<p>코드: <strong id="kiosk-approve-code">{escape(code)}</strong></p>' if code else ""
    return _html(pages.page("키오스크 로그인 승인", f"""
<h1>키오스크 로그인 승인</h1>{shown}
<p>휴대폰의 <strong>MY광양 앱</strong>에서 로그인한 뒤 <strong>통합 로그인 사이트 &gt; 키오스크 로그인
승인</strong>을 열고 키오스크 화면의 코드를 확인해 승인해 주세요.</p>
<p>키오스크에서는 비밀번호를 입력하지 않습니다. 내가 요청하지 않은 코드라면 승인하지 마세요.</p>"""))


# --- the phone that approves ----------------------------------------------------------------
_PHONE_ERRORS = problem_responses(403, 404, 429)


@api_router.get("/device", response_model=DeviceGrantOut, responses=_PHONE_ERRORS,
                summary="키오스크 로그인 요청 확인 (코드로)")
def get_device(user_code: Annotated[UserCode, Query()], user: CurrentUser, sid: CurrentSessionId,
               session: SessionDep, settings: SettingsDep) -> DeviceGrantOut:
    return device.out(device.find_for_phone(session, settings, user, sid, user_code))


@api_router.post("/device/approve", response_model=DeviceGrantOut,
                 responses=problem_responses(403, 404, 409, 410, 429),
                 summary="키오스크 로그인 승인 또는 거절")
def approve_device(body: DeviceDecision, user: CurrentUser, sid: CurrentSessionId,
                   session: SessionDep, settings: SettingsDep, once: OnceDep):
    row = device.find_for_phone(session, settings, user, sid, body.user_code)
    return once(user_scope(user), body,
                lambda: device.out(device.decide(session, row, user, body.approve)), status=200)


# --- the kiosk that signs out ---------------------------------------------------------------
@api_router.post("/kiosk/logout", status_code=204, response_class=Response,
                 responses=problem_responses(401, 403), summary="키오스크 로그아웃")
def kiosk_logout(session: SessionDep, settings: SettingsDep, credentials: Credentials) -> Response:
    """Ends the kiosk session of the bearer token at once (idle reset or "로그아웃"). Again
    with the same token: still 204. Only a kiosk session: the phone's own is not ended here."""
    if credentials is None:
        raise unauthorized(False)
    try:
        claims = app_tokens.decode_access_token(settings, credentials.credentials)
    except app_tokens.InvalidToken:
        raise unauthorized(True) from None
    if not device.is_kiosk_session(session, claims.session_id):
        raise AppError(403, "device.not_kiosk", "키오스크 로그인에만 쓰는 로그아웃입니다.")
    auth_service.revoke_family(session, claims.session_id)
    return Response(status_code=204)
