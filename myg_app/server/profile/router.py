"""HTTP for /me/profile, /me/consents, /me/sessions and account withdrawal (DELETE /me)."""
from __future__ import annotations

from fastapi import APIRouter, Response

from myg_app.contracts import types as t
from myg_app.contracts.profile import (
    CONSENT_ITEMS, ConsentDecisions, ConsentItemOut, ConsentState, DeviceSession,
    PartnerSession, ProfileOut, ProfileUpdate, SessionsOut, WithdrawRequest,
)
from myg_app.server.auth import service as auth_service
from myg_app.server.auth.deps import CurrentSessionId, CurrentUser
from myg_app.server.auth.oidc import clients as oidc_clients, sessions as oidc_sessions
from myg_app.server.deps import SessionDep, SettingsDep
from myg_app.server.problems import AppError, problem_responses
from myg_app.server.profile import service

router = APIRouter(tags=["profile"])


@router.get("/consent-items", response_model=list[ConsentItemOut], summary="가입 동의 항목")
def consent_items() -> list[ConsentItemOut]:
    return [ConsentItemOut(id=c.id, title=c.title, required=c.required, version=c.version,
                           text=c.text) for c in CONSENT_ITEMS]


@router.get("/me/profile", response_model=ProfileOut, responses=problem_responses(401),
            summary="내 정보")
def get_profile(user: CurrentUser, session: SessionDep) -> ProfileOut:
    return service.profile_of(session, user)


@router.patch("/me/profile", response_model=ProfileOut, responses=problem_responses(401, 422),
              summary="내 정보 수정 (보낸 항목만 바뀜)")
def patch_profile(body: ProfileUpdate, user: CurrentUser, session: SessionDep) -> ProfileOut:
    try:
        return service.update_profile(session, user, body)
    except service.ConsentNeeded:
        raise AppError(422, "profile.consent_required",
                       "휴대전화·생년월일·읍면동·가구 정보는 '개인정보 수집·이용 (맞춤 안내)'에 동의해야 "
                       "저장할 수 있습니다.") from None


@router.get("/me/consents", response_model=list[ConsentState], responses=problem_responses(401),
            summary="내 동의 내역")
def get_consents(user: CurrentUser, session: SessionDep) -> list[ConsentState]:
    return service.consent_states(session, user.id)


@router.put("/me/consents", response_model=list[ConsentState],
            responses=problem_responses(401, 422), summary="동의 / 동의 철회")
def put_consents(body: ConsentDecisions, user: CurrentUser,
                 session: SessionDep) -> list[ConsentState]:
    service.record_consents(session, user, body.decisions)
    return service.consent_states(session, user.id)


@router.get("/me/sessions", response_model=SessionsOut, responses=problem_responses(401),
            summary="로그인한 기기와 사이트")
def get_sessions(user: CurrentUser, sid: CurrentSessionId, session: SessionDep) -> SessionsOut:
    names = {c.client_id: c.name for c in oidc_clients.list_clients(session)}
    return SessionsOut(
        devices=[DeviceSession(id=fid, device=dev or "이름 없는 기기", signed_in_at=first,
                               last_used_at=last, current=fid == sid)
                 for fid, dev, first, last in service.device_sessions(session, user.id)],
        partners=[PartnerSession(client_id=cid, name=names.get(cid, cid), last_sign_in_at=at)
                  for cid, at in oidc_sessions.partner_sessions(session, user.id)],
    )


@router.delete("/me/sessions/{session_id}", status_code=204, response_class=Response,
               responses=problem_responses(401, 404), summary="기기 하나 로그아웃")
def end_session(session_id: t.token(64), user: CurrentUser, session: SessionDep) -> Response:
    if not service.end_device_session(session, user.id, session_id):
        raise AppError(404, "sessions.not_found", "이미 로그아웃된 기기입니다.")
    return Response(status_code=204)


@router.delete("/me/partners/{client_id}", status_code=204, response_class=Response,
               responses=problem_responses(401), summary="사이트 하나 로그아웃")
def end_partner(client_id: t.token(60), user: CurrentUser, session: SessionDep) -> Response:
    oidc_sessions.end_for_client(session, user.id, client_id)
    return Response(status_code=204)


@router.delete("/me/sessions", status_code=204, response_class=Response,
               responses=problem_responses(401), summary="모든 기기와 사이트에서 로그아웃")
def end_all(user: CurrentUser, session: SessionDep) -> Response:
    auth_service.revoke_all(session, user.id)
    return Response(status_code=204)


@router.post("/me/withdraw", status_code=204, response_class=Response,
             responses=problem_responses(401, 403, 422), summary="회원 탈퇴")
def withdraw(body: WithdrawRequest, user: CurrentUser, session: SessionDep,
             settings: SettingsDep) -> Response:
    try:
        service.withdraw(session, settings, user, body.password)
    except service.WrongPassword:
        raise AppError(403, "auth.wrong_password", "비밀번호가 올바르지 않습니다.") from None
    return Response(status_code=204)
