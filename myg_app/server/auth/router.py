"""HTTP for accounts: /auth/register, /auth/login, /auth/refresh, /auth/logout, /me."""
from __future__ import annotations

import json

from fastapi import APIRouter, Request, Response

from myg_app.contracts.auth import (
    LoginRequest, RefreshRequest, RegisterRequest, TokenResponse, UserOut,
)
from myg_app.server import idempotency
from myg_app.server.auth import service
from myg_app.server.auth.deps import CurrentUser
from myg_app.server.deps import (
    IdempotencyKeyHeader, SessionDep, SettingsDep, idempotency_claim, replay,
)
from myg_app.server.problems import AppError, problem_responses

router = APIRouter(prefix="/auth", tags=["auth"])
me_router = APIRouter(tags=["auth"])



# Factories, not shared instances: a re-raised instance would keep growing its traceback.
def _invalid_login() -> AppError:
    return AppError(401, "auth.invalid_credentials", "이메일 또는 비밀번호가 올바르지 않습니다.")


def _invalid_refresh() -> AppError:
    return AppError(401, "auth.invalid_refresh", "다시 로그인해 주세요.")


def _mismatch() -> AppError:
    return AppError(422, "idempotency.mismatch",
                    "같은 Idempotency-Key로 다른 내용의 요청을 보냈습니다. 새 키로 다시 시도해 주세요.")



@router.post("/register", status_code=201, response_model=TokenResponse,
             responses=problem_responses(409, 422), summary="회원가입 (바로 로그인됨)")
def register(body: RegisterRequest, request: Request, session: SessionDep,
             settings: SettingsDep, idempotency_key: IdempotencyKeyHeader = None):
    claim = idempotency_claim(request, settings, idempotency_key, idempotency.ANONYMOUS, body)
    try:
        if claim and (stored := idempotency.find(session, claim)):
            return _register_replay(session, settings, stored)
        user = service.register(session, settings, body.email, body.password, body.name)
    except idempotency.IdempotencyMismatch:
        raise _mismatch() from None
    except service.EmailTaken:
        # A parallel retry with the same key may have just created the account: answer as it did.
        if claim:
            session.rollback()
            try:
                if stored := idempotency.find(session, claim):
                    return _register_replay(session, settings, stored)
            except idempotency.IdempotencyMismatch:
                raise _mismatch() from None
        raise AppError(409, "auth.email_taken", "이미 가입된 이메일입니다. 로그인해 주세요.") from None
    tokens = service.issue_tokens(session, settings, user)
    if claim:
        # Remember which account the key created, never the tokens themselves.
        idempotency.remember(session, claim, 201, json.dumps({"user_id": user.id}))
    return tokens


def _register_replay(session, settings, stored: idempotency.Stored) -> Response:
    """A retried registration signs in to the account its first attempt created, with new
    tokens: stored answers must not hold credentials in clear."""
    user = service.get_user(session, json.loads(stored.body)["user_id"])
    if user is None or not user.is_active:
        raise AppError(409, "auth.email_taken", "이미 가입된 이메일입니다. 로그인해 주세요.")
    tokens = service.issue_tokens(session, settings, user)
    return replay(idempotency.Stored(stored.status_code, tokens.model_dump_json()))


@router.post("/login", response_model=TokenResponse, responses=problem_responses(401),
             summary="로그인")
def login(body: LoginRequest, session: SessionDep, settings: SettingsDep) -> TokenResponse:
    try:
        user = service.authenticate(session, settings, body.email, body.password)
    except service.InvalidCredentials:
        raise _invalid_login() from None
    return service.issue_tokens(session, settings, user)


@router.post("/refresh", response_model=TokenResponse, responses=problem_responses(401),
             summary="토큰 갱신 (refresh token은 한 번만 쓸 수 있음)")
def refresh(body: RefreshRequest, session: SessionDep, settings: SettingsDep) -> TokenResponse:
    try:
        return service.refresh(session, settings, body.refresh_token)
    except service.InvalidRefresh:
        raise _invalid_refresh() from None


@router.post("/logout", status_code=204, response_class=Response, summary="로그아웃")
def logout(body: RefreshRequest, session: SessionDep) -> Response:
    service.logout(session, body.refresh_token)
    return Response(status_code=204)


@me_router.get("/me", response_model=UserOut, responses=problem_responses(401),
               summary="내 계정 정보")
def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user, from_attributes=True)
