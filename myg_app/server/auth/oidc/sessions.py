"""Browser sessions at the provider and the partner tokens issued under them: start, find,
end (also when the app signs out: the `signout` subscriptions below), and who is signed in
where."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from myg_app.server.auth import signout
from myg_app.server.auth.models import User
from myg_app.server.auth.oidc.common import REFRESH, new_secret, sha256
from myg_app.server.auth.oidc.models import BrowserSession, PartnerToken
from myg_app.server.auth.oidc.settings import OidcSettings, oidc_settings
from myg_app.server.db import utcnow


def start_browser_session(session: Session, user: User, app_family_id: str | None = None,
                          settings: OidcSettings | None = None) -> tuple[str, BrowserSession]:
    s = settings or oidc_settings()
    cookie = new_secret()
    now = utcnow()
    row = BrowserSession(user_id=user.id, token_hash=sha256(cookie), sid=str(uuid.uuid4()),
                         app_family_id=app_family_id, auth_time=now,
                         expires_at=now + timedelta(hours=s.browser_session_hours))
    session.add(row)
    session.flush()
    return cookie, row


def find_browser_session(session: Session, cookie: str | None) -> BrowserSession | None:
    if not cookie:
        return None
    row = session.scalars(select(BrowserSession).where(
        BrowserSession.token_hash == sha256(cookie))).one_or_none()
    if row is None or row.ended_at is not None or row.expires_at <= utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    return row


def end_browser_sessions(session: Session, *conditions) -> int:
    """End the matching browser sessions and revoke every partner token issued under them."""
    now = utcnow()
    ids = list(session.scalars(select(BrowserSession.id).where(
        BrowserSession.ended_at.is_(None), *conditions)))
    if not ids:
        return 0
    session.execute(update(BrowserSession).where(BrowserSession.id.in_(ids))
                    .values(ended_at=now).execution_options(synchronize_session=False))
    session.execute(update(PartnerToken)
                    .where(PartnerToken.browser_session_id.in_(ids),
                           PartnerToken.revoked_at.is_(None))
                    .values(revoked_at=now).execution_options(synchronize_session=False))
    return len(ids)


@signout.on_family_end
def end_for_app_session(session: Session, app_family_id: str) -> int:
    """The app signed out (or its session was revoked): partners opened from it sign out too."""
    return end_browser_sessions(session, BrowserSession.app_family_id == app_family_id)


@signout.on_user_end
def end_all_for_user(session: Session, user_id: int) -> int:
    return end_browser_sessions(session, BrowserSession.user_id == user_id)


def end_for_client(session: Session, user_id: int, client_id: str) -> int:
    """Sign one partner site out for this user (the 로그인 관리 screen)."""
    return session.execute(
        update(PartnerToken)
        .where(PartnerToken.user_id == user_id, PartnerToken.client_id == client_id,
               PartnerToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False)).rowcount


def partner_sessions(session: Session, user_id: int) -> list[tuple[str, datetime]]:
    """(client_id, last sign-in) of partners holding live tokens for this user."""
    rows = session.execute(
        select(PartnerToken.client_id, PartnerToken.created_at)
        .where(PartnerToken.user_id == user_id, PartnerToken.kind == REFRESH,
               PartnerToken.revoked_at.is_(None), PartnerToken.used_at.is_(None),
               PartnerToken.expires_at > utcnow())).all()
    latest: dict[str, datetime] = {}
    for cid, created in rows:
        latest[cid] = max(created, latest.get(cid, created))
    return sorted(latest.items(), key=lambda kv: kv[1], reverse=True)
