"""Seed: the six partner sites as registered clients (redirect URIs from settings), and the
demo citizen's profile with its optional-items consent. Idempotent."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.auth.oidc import clients
from myg_app.server.config import Settings
from myg_app.server.profile import service as profile_service


def seed(session: Session, settings: Settings) -> None:
    # Settings are the source of truth for redirect URIs: re-applied on every start.
    clients.sync_clients(session)
    citizen = session.scalars(select(User).where(User.email == "citizen@gwangyang.demo")
                              ).one_or_none()
    if citizen is None or profile_service.current_consents(session, citizen.id):
        return
    profile_service.record_consents(session, citizen, {
        "terms": True, "privacy_required": True, "privacy_optional": True,
        "location": True, "news_push": False})
    citizen.phone = "010-1234-5678"
    citizen.birth_date = date(1980, 3, 15)
    citizen.dong = "중마동"
    citizen.household_size, citizen.children_count = 4, 2
    session.flush()
