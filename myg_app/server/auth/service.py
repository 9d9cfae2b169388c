"""Account rules: sign-up, sign-in, refresh-token rotation, sign-out. No HTTP here."""
from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app import catalog
from myg_app.contracts.auth import TokenResponse
from myg_app.server.auth import signout, tokens
from myg_app.server.auth.models import ROLES, RefreshToken, User
from myg_app.server.auth.passwords import passwords
from myg_app.server.config import Settings
from myg_app.server.db import utcnow
from myg_app.server.menu import service as menu_service
from myg_app.server.privacy import mask_email

log = logging.getLogger(__name__)


class EmailTaken(Exception):
    pass


class InvalidCredentials(Exception):
    pass


class InvalidRefresh(Exception):
    pass


def register(session: Session, settings: Settings, email: str, password: str, name: str,
             role: str = "citizen", department: str | None = None) -> User:
    """Create an account with the default 나의메뉴. `email` must be normalised (contracts do it)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    email = email.strip().lower()
    user = User(email=email, password_hash=passwords(settings.password_hash_fast).hash(password),
                name=name, role=role, department=department)
    try:
        # A savepoint: a duplicate e-mail leaves the caller's transaction usable.
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError as exc:  # the unique index decides, also under parallel sign-ups
        raise EmailTaken from exc
    menu_service.set_menu(session, user.id, list(catalog.DEFAULT_MENU))
    log.info("account created: %s (%s)", mask_email(email), role)
    return user


def authenticate(session: Session, settings: Settings, email: str, password: str) -> User:
    """The user, or InvalidCredentials whatever was wrong (no account enumeration)."""
    pw = passwords(settings.password_hash_fast)
    user = session.scalars(select(User).where(User.email == email.strip().lower())).one_or_none()
    if user is None:
        pw.dummy_verify(password)
    if user is None or not pw.verify(user.password_hash, password) or not user.is_active:
        log.info("login refused for %s", mask_email(email))
        raise InvalidCredentials
    if pw.needs_rehash(user.password_hash):  # parameters were raised since this hash was made
        user.password_hash = pw.hash(password)
    return user


def issue_tokens(session: Session, settings: Settings, user: User,
                 family_id: str | None = None, device_name: str | None = None) -> TokenResponse:
    """A new access + refresh pair; a new session (family) unless one is given (rotation)."""
    family_id = family_id or str(uuid.uuid4())
    refresh_token = tokens.new_refresh_token()
    session.add(RefreshToken(
        user_id=user.id,
        token_hash=tokens.hash_refresh_token(refresh_token),
        family_id=family_id,
        expires_at=utcnow() + timedelta(days=settings.refresh_token_days),
        device_name=device_name,
    ))
    session.flush()
    return TokenResponse(
        access_token=tokens.create_access_token(settings, user.id, user.role, family_id),
        refresh_token=refresh_token,
        expires_in=settings.access_token_minutes * 60,
    )


def refresh(session: Session, settings: Settings, refresh_token: str) -> TokenResponse:
    """Rotate: the presented token is spent and a new one issued in the same family.

    A token presented twice means it was copied; the whole family is revoked so neither
    the thief nor the victim can keep using the session.
    """
    now = utcnow()
    row = _find(session, refresh_token)
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise InvalidRefresh
    # Conditional update, not check-then-write: of two parallel uses only one wins.
    spent = session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None),
               RefreshToken.revoked_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if spent != 1:
        revoke_family(session, row.family_id)
        # The revocation must survive the refusal (the request's transaction rolls back).
        session.commit()
        log.warning("refresh token reuse: session %s revoked", row.family_id)
        raise InvalidRefresh
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        raise InvalidRefresh
    return issue_tokens(session, settings, user, family_id=row.family_id,
                        device_name=row.device_name)


def logout(session: Session, refresh_token: str) -> None:
    row = _find(session, refresh_token)
    if row is not None:
        revoke_family(session, row.family_id)


def revoke_family(session: Session, family_id: str) -> None:
    """End one app session, and the partner sites opened from it (single sign-out)."""
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    signout.family_ended(session, family_id)


def revoke_all(session: Session, user_id: int) -> None:
    """Every app session and every partner session of the user (sign out everywhere)."""
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    signout.user_ended(session, user_id)


def session_active(session: Session, family_id: str) -> bool:
    """False once the sign-in session was logged out or revoked for reuse."""
    revoked = session.scalar(select(exists().where(
        RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_not(None))))
    return not revoked


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def active_user(session: Session, user_id: int, family_id: str) -> User | None:
    """The user, if active and the sign-in session `family_id` is not logged out or revoked:
    what every authenticated request asks, in one round trip instead of two."""
    revoked = exists().where(RefreshToken.family_id == family_id,
                             RefreshToken.revoked_at.is_not(None))
    row = session.execute(select(User, revoked).where(User.id == user_id)).first()
    if row is None or row[1] or not row[0].is_active:
        return None
    return row[0]


def _find(session: Session, refresh_token: str) -> RefreshToken | None:
    return session.scalars(select(RefreshToken).where(
        RefreshToken.token_hash == tokens.hash_refresh_token(refresh_token))).one_or_none()
