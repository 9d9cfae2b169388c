"""The app's one-time handoff: a signed-in app user opens a partner site already signed in."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from myg_app.server.auth import service as auth_service
from myg_app.server.auth.models import User
from myg_app.server.auth.oidc.common import OidcError, new_secret, sha256
from myg_app.server.auth.oidc.models import Handoff, OidcClient
from myg_app.server.auth.oidc.settings import OidcSettings, oidc_settings
from myg_app.server.db import utcnow


def create_handoff(session: Session, user: User, app_family_id: str, client: OidcClient,
                   settings: OidcSettings | None = None) -> str:
    s = settings or oidc_settings()
    token = new_secret()
    session.add(Handoff(token_hash=sha256(token), user_id=user.id, client_id=client.client_id,
                        app_family_id=app_family_id,
                        expires_at=utcnow() + timedelta(seconds=s.handoff_seconds)))
    session.flush()
    return token


def consume_handoff(session: Session, token: str | None, client_id: str | None) -> Handoff:
    """Single use, short-lived, bound to one client; the app session must still be active."""
    bad = OidcError("invalid_request", "바로가기 링크가 만료되었습니다. 앱에서 다시 열어 주세요.")
    row = session.scalars(select(Handoff).where(Handoff.token_hash == sha256(token or ""))
                          ).one_or_none()
    if row is None or (client_id is not None and row.client_id != client_id):
        raise bad
    spent = session.execute(
        update(Handoff).where(Handoff.id == row.id, Handoff.used_at.is_(None),
                              Handoff.expires_at > utcnow())
        .values(used_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    user = session.get(User, row.user_id)
    if spent != 1 or user is None or not user.is_active or \
            not auth_service.session_active(session, row.app_family_id):
        raise bad
    return row
