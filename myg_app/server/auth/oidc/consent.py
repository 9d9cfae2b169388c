"""What each user allowed each partner site to see (scopes), and withdrawing it."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.auth.oidc.common import words
from myg_app.server.auth.oidc.models import PartnerConsent
from myg_app.server.auth.oidc.sessions import end_for_client


def missing_consent(session: Session, user_id: int, client_id: str, scope: list[str]) -> list[str]:
    """Scopes (besides openid) this user has not yet allowed this partner to see."""
    row = session.scalars(select(PartnerConsent).where(
        PartnerConsent.user_id == user_id, PartnerConsent.client_id == client_id)).one_or_none()
    granted = set(words(row.scopes)) if row else None
    if granted is None:
        return [s for s in scope]
    return [s for s in scope if s != "openid" and s not in granted]


def grant_consent(session: Session, user_id: int, client_id: str, scope: list[str]) -> None:
    row = session.scalars(select(PartnerConsent).where(
        PartnerConsent.user_id == user_id, PartnerConsent.client_id == client_id)).one_or_none()
    if row is None:
        row = PartnerConsent(user_id=user_id, client_id=client_id, scopes="")
        session.add(row)
    row.scopes = " ".join(dict.fromkeys([*words(row.scopes), *scope]))
    session.flush()


def consents_of(session: Session, user_id: int) -> list[PartnerConsent]:
    return list(session.scalars(select(PartnerConsent).where(PartnerConsent.user_id == user_id)))


def withdraw_consent(session: Session, user_id: int, client_id: str) -> None:
    row = session.scalars(select(PartnerConsent).where(
        PartnerConsent.user_id == user_id, PartnerConsent.client_id == client_id)).one_or_none()
    if row is not None:
        session.delete(row)
    end_for_client(session, user_id, client_id)
