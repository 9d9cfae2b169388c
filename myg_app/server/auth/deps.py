"""`CurrentUser` and `Officer`: who is calling, checked on every request."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from myg_app.server.auth import service, tokens
from myg_app.server.auth.models import User
from myg_app.server.deps import SessionDep, SettingsDep
from myg_app.server.problems import AppError

# auto_error=False: we answer with our own problem+json instead of FastAPI's 403.
_bearer = HTTPBearer(auto_error=False, description="로그인 후 받은 access_token")


def _unauthorized(presented: bool) -> AppError:
    challenge = 'Bearer error="invalid_token"' if presented else "Bearer"
    return AppError(401, "auth.required", "로그인이 필요합니다.",
                    headers={"WWW-Authenticate": challenge})


def current_user(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    if credentials is None:
        raise _unauthorized(False)
    try:
        claims = tokens.decode_access_token(settings, credentials.credentials)
    except tokens.InvalidToken:
        raise _unauthorized(True) from None
    user = service.get_user(session, claims.user_id)
    # The session check makes logout and reuse-revocation effective at once, not at `exp`.
    if user is None or not user.is_active or not service.session_active(session, claims.session_id):
        raise _unauthorized(True)
    # Which sign-in this is: "this device" in the sessions list, the handoff's parent session.
    request.state.session_id = claims.session_id
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def current_session_id(request: Request, user: CurrentUser) -> str:
    return request.state.session_id


CurrentSessionId = Annotated[str, Depends(current_session_id)]


def officer(user: CurrentUser) -> User:
    if user.role not in ("officer", "admin"):
        raise AppError(403, "auth.forbidden", "담당 공무원만 이용할 수 있는 기능입니다.")
    return user


Officer = Annotated[User, Depends(officer)]
