"""Profile and consent rules, the sessions list and account withdrawal. No HTTP here."""
from __future__ import annotations

import logging
import secrets
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from myg_app.contracts.profile import (
    CONSENT_BY_ID, CONSENT_ITEMS, PROFILE_CONSENT, ConsentState, Household, ProfileOut,
    ProfileUpdate,
)
from myg_app.server.auth import service as auth_service
from myg_app.server.auth.models import Consent, RefreshToken, User
from myg_app.server.auth.oidc.models import PartnerConsent
from myg_app.server.auth.passwords import passwords
from myg_app.server.config import Settings
from myg_app.server.db import utcnow

log = logging.getLogger(__name__)

OPTIONAL_FIELDS = ("phone", "birth_date", "dong", "household_size", "children_count",
                   "has_disabled_member", "low_income")


class ConsentNeeded(Exception):
    """Optional profile items were sent without the optional-items consent."""


class WrongPassword(Exception):
    pass


def record_consents(session: Session, user: User, decisions: dict[str, bool]) -> None:
    """Append one record per decision (item, version in force, time). Withdrawing the
    optional-items consent erases the data it covered at once."""
    current = current_consents(session, user.id)
    for item_id, agreed in decisions.items():
        item = CONSENT_BY_ID[item_id]
        before = current.get(item_id)
        if before is not None and before.agreed == agreed and before.version == item.version:
            continue  # nothing changed: no duplicate record
        session.add(Consent(user_id=user.id, item=item_id, version=item.version, agreed=agreed))
    if decisions.get(PROFILE_CONSENT) is False:
        for f in OPTIONAL_FIELDS:
            setattr(user, f, None)
    session.flush()


def current_consents(session: Session, user_id: int) -> dict[str, Consent]:
    """The newest decision per item."""
    rows = session.scalars(select(Consent).where(Consent.user_id == user_id)
                           .order_by(Consent.created_at, Consent.id))
    return {r.item: r for r in rows}


def consent_states(session: Session, user_id: int) -> list[ConsentState]:
    current = current_consents(session, user_id)
    out = []
    for item in CONSENT_ITEMS:
        row = current.get(item.id)
        valid = row is not None and row.version == item.version
        out.append(ConsentState(id=item.id, title=item.title, required=item.required,
                                version=item.version, agreed=row.agreed if valid else None,
                                decided_at=row.created_at if valid else None))
    return out


def optional_allowed(session: Session, user_id: int) -> bool:
    row = current_consents(session, user_id).get(PROFILE_CONSENT)
    return bool(row and row.agreed)


def profile_of(session: Session, user: User) -> ProfileOut:
    return ProfileOut(
        email=user.email, name=user.name, phone=user.phone, birth_date=user.birth_date,
        dong=user.dong,
        household=Household(size=user.household_size, children=user.children_count,
                            has_disabled_member=user.has_disabled_member,
                            low_income=user.low_income),
        optional_allowed=optional_allowed(session, user.id), language=user.language or "ko")


def update_profile(session: Session, user: User, change: ProfileUpdate) -> ProfileOut:
    sent = change.model_dump(exclude_unset=True)
    values: dict = {}
    if "name" in sent and change.name is not None:
        values["name"] = change.name
    if change.language is not None:
        values["language"] = change.language
    for f in ("phone", "birth_date", "dong"):
        if f in sent:
            values[f] = sent[f]
    if "household" in sent:
        h = change.household or Household()
        values.update(household_size=h.size, children_count=h.children,
                      has_disabled_member=h.has_disabled_member, low_income=h.low_income)
    storing_optional = any(values.get(f) is not None for f in OPTIONAL_FIELDS)
    if storing_optional and not optional_allowed(session, user.id):
        raise ConsentNeeded
    for k, v in values.items():
        setattr(user, k, v)
    session.flush()
    return profile_of(session, user)


def device_sessions(session: Session, user_id: int) -> list[tuple[str, str | None, datetime, datetime]]:
    """(session id, device, signed in, last used) of live app sessions, newest first."""
    now = utcnow()
    revoked = select(RefreshToken.family_id).where(
        RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_not(None))
    rows = session.execute(
        select(RefreshToken.family_id, func.max(RefreshToken.device_name),
               func.min(RefreshToken.created_at), func.max(RefreshToken.created_at),
               func.max(RefreshToken.expires_at))
        .where(RefreshToken.user_id == user_id, RefreshToken.family_id.not_in(revoked))
        .group_by(RefreshToken.family_id)).all()
    out = [(fid, dev, first, last) for fid, dev, first, last, exp in rows if exp > now]
    return sorted(out, key=lambda r: r[3], reverse=True)


def end_device_session(session: Session, user_id: int, family_id: str) -> bool:
    """Sign one device out. Only the owner's sessions: another user's id is simply unknown."""
    owned = session.scalar(select(func.count()).select_from(RefreshToken).where(
        RefreshToken.user_id == user_id, RefreshToken.family_id == family_id))
    if not owned:
        return False
    auth_service.revoke_family(session, family_id)
    return True


def withdraw(session: Session, settings: Settings, user: User, password: str) -> None:
    """Delete the account's personal data and stop every token at once.

    The row stays (anonymised) so records other features keep (reservations, reports) do not
    dangle; nothing in it identifies the person any more.
    """
    if not passwords(settings.password_hash_fast).verify(user.password_hash, password):
        raise WrongPassword
    auth_service.revoke_all(session, user.id)
    user.email = f"withdrawn-{user.id}-{secrets.token_hex(4)}@invalid"
    user.name = "탈퇴회원"
    user.password_hash = "!"  # matches no password
    for f in OPTIONAL_FIELDS:
        setattr(user, f, None)
    user.is_active = False
    user.withdrawn_at = utcnow()
    session.execute(delete(Consent).where(Consent.user_id == user.id))
    session.execute(delete(PartnerConsent).where(PartnerConsent.user_id == user.id))
    session.flush()
    log.info("account %s withdrawn", user.id)


