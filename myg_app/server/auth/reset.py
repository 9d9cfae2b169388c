"""Password reset by mailed link. The request answers the same whether or not the address has
an account (no enumeration); the link works once, for 30 minutes, and signs out everywhere."""
from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from myg_app.gwangyang.departments import HELP_DESK, HELP_PHONE
from myg_app.server.auth import service
from myg_app.server.auth.models import PasswordReset, User
from myg_app.server.auth.oidc.common import sha256
from myg_app.server.auth.passwords import passwords
from myg_app.server.config import Settings
from myg_app.server.db import utcnow

log = logging.getLogger(__name__)

LINK_MINUTES = 30


class InvalidReset(Exception):
    pass


def request_reset(session: Session, email: str) -> tuple[User, str] | None:
    """A new link for the account with this e-mail, or None when there is none."""
    user = session.scalars(select(User).where(User.email == email.strip().lower())).one_or_none()
    if user is None or not user.is_active:
        return None
    token = secrets.token_urlsafe(32)
    session.add(PasswordReset(user_id=user.id, token_hash=sha256(token),
                              expires_at=utcnow() + timedelta(minutes=LINK_MINUTES)))
    session.flush()
    return user, token


def confirm_reset(session: Session, settings: Settings, token: str, new_password: str) -> User:
    now = utcnow()
    row = session.scalars(select(PasswordReset).where(
        PasswordReset.token_hash == sha256(token))).one_or_none()
    if row is None:
        raise InvalidReset
    spent = session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == row.id, PasswordReset.used_at.is_(None),
               PasswordReset.expires_at > now)
        .values(used_at=now).execution_options(synchronize_session=False)).rowcount
    user = session.get(User, row.user_id)
    if spent != 1 or user is None or not user.is_active:
        raise InvalidReset
    user.password_hash = passwords(settings.password_hash_fast).hash(new_password)
    # Someone else may know the old password: every app and partner session ends now, and
    # the other links of this account stop working.
    service.revoke_all(session, user.id)
    session.execute(update(PasswordReset)
                    .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                    .values(used_at=now).execution_options(synchronize_session=False))
    log.info("password reset for account %s", user.id)
    return user


def reset_mail_body(name: str, link: str) -> str:
    return (f"{name}님, MY광양 비밀번호 재설정을 요청하셨습니다.\n\n"
            f"아래 주소를 {LINK_MINUTES}분 안에 열어 새 비밀번호를 정해 주세요. 한 번만 쓸 수 있습니다.\n"
            f"{link}\n\n"
            "요청하지 않으셨다면 이 메일을 무시하세요. 비밀번호는 바뀌지 않습니다.\n"
            f"문의: {HELP_DESK} {HELP_PHONE}")
