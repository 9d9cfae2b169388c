"""HTTP for accounts: /auth/register, /auth/login, /auth/refresh, /auth/logout, /me."""
from __future__ import annotations

import json

from fastapi import APIRouter, BackgroundTasks, Request, Response

from myg_app.contracts.auth import (
    LoginRequest, MessageOut, PasswordResetConfirm, PasswordResetRequest, RefreshRequest,
    RegisterRequest, TokenResponse, UserOut,
)
from myg_app.i18n import msg
from myg_app.server.auth.oidc.settings import issuer_of
from myg_app.server.profile import service as profile_service
from myg_app.server import idempotency
from myg_app.server.auth import mail, reset, service, throttle
from myg_app.server.auth.deps import CurrentUser
from myg_app.server.deps import OnceDep, SessionDep, SettingsDep, client_address, replay
from myg_app.server.problems import AppError, problem_responses

router = APIRouter(prefix="/auth", tags=["auth"])
me_router = APIRouter(tags=["auth"])



# Factories, not shared instances: a re-raised instance would keep growing its traceback.
def _invalid_login() -> AppError:
    return AppError(401, "auth.invalid_credentials", "이메일 또는 비밀번호가 올바르지 않습니다.")


def _invalid_refresh() -> AppError:
    return AppError(401, "auth.invalid_refresh", "다시 로그인해 주세요.")



@router.post("/register", status_code=201, response_model=TokenResponse,
             responses=problem_responses(409, 422), summary="회원가입 (바로 로그인됨)")
def register(body: RegisterRequest, request: Request, session: SessionDep,
             settings: SettingsDep, once: OnceDep):
    made: dict[str, int] = {}

    def make() -> TokenResponse:
        # "Already registered" reveals that an address has an account; such answers count
        # against the caller's address like failed logins, so addresses cannot be harvested.
        try:
            throttle.check(session, settings, None, client_address(request))
            user = service.register(session, settings, body.email, body.password, body.name)
        except throttle.Throttled as t:
            raise throttled(t) from None
        except service.EmailTaken:
            session.rollback()
            throttle.record(session, settings, None, client_address(request))
            session.commit()
            raise AppError(409, "auth.email_taken", "이미 가입된 이메일입니다. 로그인해 주세요.") from None
        if body.consents:
            profile_service.record_consents(session, user, body.consents)
        made["user_id"] = user.id
        return service.issue_tokens(session, settings, user, device_name=body.device)

    # Remember which account the key created, never the tokens themselves.
    return once(idempotency.ANONYMOUS, body, make,
                remember=lambda _tokens: json.dumps(made),
                on_replay=lambda stored: _register_replay(session, settings, stored))


def _register_replay(session, settings, stored: idempotency.Stored) -> Response:
    """A retried registration signs in to the account its first attempt created, with new
    tokens: stored answers must not hold credentials in clear."""
    user = service.get_user(session, json.loads(stored.body)["user_id"])
    if user is None or not user.is_active:
        raise AppError(409, "auth.email_taken", "이미 가입된 이메일입니다. 로그인해 주세요.")
    tokens = service.issue_tokens(session, settings, user)
    return replay(idempotency.Stored(stored.status_code, tokens.model_dump_json()))


def throttled(t: throttle.Throttled) -> AppError:
    return AppError(429, "auth.throttled",
                    msg("로그인 시도가 너무 많습니다. {max}분 후에 다시 시도해 주세요.", max=t.minutes),
                    headers={"Retry-After": str(t.retry_after)})


@router.post("/login", response_model=TokenResponse, responses=problem_responses(401, 429),
             summary="로그인 (실패가 잦으면 잠시 제한됨)")
def login(body: LoginRequest, request: Request, session: SessionDep,
          settings: SettingsDep) -> TokenResponse:
    address = client_address(request)
    try:
        throttle.check(session, settings, body.email, address)
        user = service.authenticate(session, settings, body.email, body.password)
    except throttle.Throttled as t:
        raise throttled(t) from None
    except service.InvalidCredentials:
        throttle.record(session, settings, body.email, address)
        session.commit()  # the count must survive the refusal (the request rolls back)
        raise _invalid_login() from None
    throttle.clear_account(session, settings, body.email)
    return service.issue_tokens(session, settings, user, device_name=body.device)


RESET_SENT = ("입력한 주소로 가입된 계정이 있다면 비밀번호 재설정 메일을 보냈습니다. "
              "메일이 오지 않으면 주소를 확인하고 잠시 후 다시 시도해 주세요.")


@router.post("/password-reset", status_code=202, response_model=MessageOut,
             responses=problem_responses(429), summary="비밀번호 재설정 메일 요청")
def password_reset(body: PasswordResetRequest, request: Request, background: BackgroundTasks,
                   session: SessionDep, settings: SettingsDep) -> MessageOut:
    """The same answer, in about the same time, for every address: nobody learns from it
    whether an account exists. The mail goes out after the answer."""
    address = client_address(request)
    try:
        throttle.check(session, settings, body.email, address, scope="reset:")
    except throttle.Throttled as t:
        raise throttled(t) from None
    # Every request counts (limits mail bombing of one inbox and probing from one address).
    throttle.record(session, settings, body.email, address, scope="reset:")
    found = reset.request_reset(session, body.email)
    if found:
        user, token = found
        link = f"{issuer_of(request)}/oidc/reset?token={token}"
        background.add_task(_send_quietly, mail.mailer_for(settings.data_dir), mail.Mail(
            user.email, "[MY광양] 비밀번호 재설정 안내", reset.reset_mail_body(user.name, link)))
    return MessageOut(message=RESET_SENT)


def _send_quietly(mailer: mail.Mailer, m: mail.Mail) -> None:
    try:
        mailer.send(m)
    except Exception:  # noqa: BLE001 - the answer is already sent; the user can ask again
        import logging

        logging.getLogger(__name__).exception("reset mail could not be sent")


@router.post("/password-reset/confirm", status_code=204, response_class=Response,
             responses=problem_responses(400, 422), summary="새 비밀번호 정하기")
def password_reset_confirm(body: PasswordResetConfirm, session: SessionDep,
                           settings: SettingsDep) -> Response:
    try:
        reset.confirm_reset(session, settings, body.token, body.password)
    except reset.InvalidReset:
        raise AppError(400, "auth.invalid_reset_token",
                       "재설정 링크가 만료되었거나 이미 사용되었습니다. 다시 요청해 주세요.") from None
    return Response(status_code=204)


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
