from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, field_validator
from myg_app.contracts.types import line, token
from myg_app.i18n import msg

Role = Literal["citizen", "officer", "admin"]

# Deliberately simple: the address is proven by use, not by a regex. This only catches typos.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PASSWORD_MIN = 8


def _email(v: str) -> str:
    v = v.strip().lower()
    if not _EMAIL.match(v) or len(v) > 254:
        raise ValueError("이메일 주소 형식이 올바르지 않습니다. 예: hong@example.com")
    return v


class RegisterRequest(BaseModel):
    email: token(320)
    password: token(128)
    name: line(40)
    # Consent decisions from the sign-up screens: item -> agreed. Required items must be true.
    # None only for older clients (nothing is recorded; the app asks again later).
    consents: dict[str, bool] | None = None
    device: line(60) | None = None

    @field_validator("consents")
    @classmethod
    def _consents(cls, v: dict[str, bool] | None) -> dict[str, bool] | None:
        from myg_app.contracts.profile import check_consents

        return check_consents(v)

    _check_email = field_validator("email")(_email)

    @field_validator("password")
    @classmethod
    def _password(cls, v: str) -> str:
        if len(v) < PASSWORD_MIN:
            raise ValueError(msg("비밀번호는 {PASSWORD_MIN}자 이상이어야 합니다.", PASSWORD_MIN=PASSWORD_MIN))
        if v.isdigit() or v.isalpha():
            raise ValueError("비밀번호에는 문자와 숫자를 함께 써 주세요.")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        v = " ".join(v.split())
        if not v:
            raise ValueError("이름을 입력해 주세요.")
        return v


class LoginRequest(BaseModel):
    email: token(254)
    password: token(128)
    device: line(60) | None = None  # shown in 로그인 기기 관리

    @field_validator("email")
    @classmethod
    def _normalise(cls, v: str) -> str:
        # No format check here: a malformed address must fail like any wrong login.
        return v.strip().lower()


class RefreshRequest(BaseModel):
    refresh_token: token(512, 1)


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int  # seconds until the access token expires


class UserOut(BaseModel):
    id: int
    email: str
    name: str
    role: Role
    department: str | None = None
    created_at: datetime
    language: str = "ko"  # the app's language chosen in 설정 (ko, en, vi, zh)


def _new_password(v: str) -> str:
    if len(v) < PASSWORD_MIN:
        raise ValueError(msg("비밀번호는 {PASSWORD_MIN}자 이상이어야 합니다.", PASSWORD_MIN=PASSWORD_MIN))
    if v.isdigit() or v.isalpha():
        raise ValueError("비밀번호에는 문자와 숫자를 함께 써 주세요.")
    return v


class PasswordResetRequest(BaseModel):
    email: token(254)

    @field_validator("email")
    @classmethod
    def _normalise(cls, v: str) -> str:
        return v.strip().lower()


class PasswordResetConfirm(BaseModel):
    token: token(128, 1)
    password: token(128)

    _check_password = field_validator("password")(_new_password)


class MessageOut(BaseModel):
    message: str
