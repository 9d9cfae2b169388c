"""Who is calling, as FastAPI dependencies: `CurrentUser`, `OptionalUser`, `Officer`, `Admin`
and `officer_of(function)`. One function (`user_from_token`) checks a bearer token for REST,
optional-auth routes and the chat WebSocket alike."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from myg_app import catalog
from myg_app.server.auth import service, tokens
from myg_app.server.auth.models import User
from myg_app.server.auth.roles import is_officer, may_act_for
from myg_app.server.config import Settings
from myg_app.server.deps import SessionDep, SettingsDep
from myg_app.server.errors import AppError

# auto_error=False: we answer with our own problem+json instead of FastAPI's 403.
_bearer = HTTPBearer(auto_error=False, description="로그인 후 받은 access_token")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


@dataclass(frozen=True, slots=True)
class Bearer:
    user: User
    session_id: str  # the sign-in ("this device" in the sessions list)
    expires_at: float  # the access token's exp (epoch seconds)


def user_from_token(session: Session, settings: Settings, token: str) -> Bearer | None:
    """The active user a token belongs to, or None. The session check makes logout and
    reuse-revocation effective at once, not at `exp`."""
    try:
        claims = tokens.decode_access_token(settings, token)
    except tokens.InvalidToken:
        return None
    user = service.active_user(session, claims.user_id, claims.session_id)
    if user is None:
        return None
    return Bearer(user, claims.session_id, claims.expires_at)


def unauthorized(presented: bool) -> AppError:
    challenge = 'Bearer error="invalid_token"' if presented else "Bearer"
    detail = "로그인이 만료되었습니다. 다시 로그인해 주세요." if presented else "로그인이 필요합니다."
    return AppError(401, "auth.required", detail, headers={"WWW-Authenticate": challenge})


def optional_user(request: Request, session: SessionDep, settings: SettingsDep,
                  credentials: Credentials) -> User | None:
    """The caller when a token is sent, else None (a guest). A token that is sent but no
    longer valid is a 401, never a silent guest: the app then signs in again."""
    if credentials is None:
        return None
    bearer = user_from_token(session, settings, credentials.credentials)
    if bearer is None:
        raise unauthorized(True)
    request.state.session_id = bearer.session_id
    return bearer.user


async def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise unauthorized(False)
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(current_user)]


async def current_session_id(request: Request, user: CurrentUser) -> str:
    return request.state.session_id


CurrentSessionId = Annotated[str, Depends(current_session_id)]


async def officer(user: CurrentUser) -> User:
    if not is_officer(user):
        raise AppError(403, "auth.forbidden", "담당 공무원만 이용할 수 있는 기능입니다.")
    return user


Officer = Annotated[User, Depends(officer)]


async def admin(user: CurrentUser) -> User:
    if user.role != "admin":
        raise AppError(403, "auth.forbidden", "관리자만 이용할 수 있는 기능입니다.")
    return user


Admin = Annotated[User, Depends(admin)]


def officer_of(function_id: str, *, code: str = "auth.forbidden",
               detail: str | None = None) -> Any:
    """`Annotated[User, ...]` for an officer of the department that owns `function_id` in
    catalog.OWNERS (or an admin)."""
    department = catalog.OWNERS[function_id]
    refusal = detail or f"{department} 담당자만 이용할 수 있습니다."

    async def check(user: Officer) -> User:
        if not may_act_for(user, department):
            raise AppError(403, code, refusal)
        return user

    return Annotated[User, Depends(check)]
