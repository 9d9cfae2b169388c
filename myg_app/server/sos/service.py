"""SOS rules: one open request per person, the welfare queue oldest first, the callback log."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app import catalog
from myg_app.contracts.sos import SOS_KINDS, SosCallbackCreate, SosCreate
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.sos.models import SosCallback, SosRequest

WELFARE_DEPARTMENT = catalog.OWNERS["sos"]  # the department that receives SOS requests
CLOSED_SHOWN = 20  # closed requests kept visible in the officer's list


@dataclass
class Created:
    request: SosRequest
    duplicate: bool
    lookup_token: str | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_key(user: User | None, phone: str) -> str:
    return f"user:{user.id}" if user else "phone:" + re.sub(r"\D", "", phone)


def find_open(session: Session, key: str) -> SosRequest | None:
    return session.scalars(select(SosRequest).where(SosRequest.open_key == key)).one_or_none()


def create(session: Session, user: User | None, body: SosCreate) -> Created:
    """A new request, or the person's open one (repeated taps never make a second)."""
    key = open_key(user, body.phone)
    if existing := find_open(session, key):
        return Created(existing, duplicate=True)
    token = None if user else secrets.token_urlsafe(24)
    req = SosRequest(user_id=user.id if user else None, kind=body.kind, phone=body.phone,
                     location=body.location, note=body.note, consent_at=utcnow(),
                     department=WELFARE_DEPARTMENT, status="received", open_key=key,
                     lookup_hash=_hash(token) if token else None)
    try:
        with session.begin_nested():  # a parallel tap may have just inserted the same key
            session.add(req)
            session.flush()
    except IntegrityError:
        if existing := find_open(session, key):
            return Created(existing, duplicate=True)
        raise
    return Created(req, duplicate=False, lookup_token=token)


def mine(session: Session, user: User) -> list[SosRequest]:
    return list(session.scalars(select(SosRequest).where(SosRequest.user_id == user.id)
                                .order_by(SosRequest.id.desc()).limit(20)))


def get_for_requester(session: Session, request_id: int, user: User | None,
                      token: str | None) -> SosRequest:
    req = session.get(SosRequest, request_id)
    ok = req is not None and (
        (user is not None and req.user_id == user.id)
        or (token is not None and req.lookup_hash is not None
            and hmac.compare_digest(req.lookup_hash, _hash(token))))
    if not ok:
        raise AppError(404, "sos.not_found", "요청을 찾을 수 없습니다.")
    return req


def callbacks_of(session: Session, request_ids: list[int]) -> dict[int, list[SosCallback]]:
    out: dict[int, list[SosCallback]] = {i: [] for i in request_ids}
    if request_ids:
        for c in session.scalars(select(SosCallback).where(SosCallback.request_id.in_(request_ids))
                                 .order_by(SosCallback.id)):
            out[c.request_id].append(c)
    return out


# --- the welfare office ------------------------------------------------------------------
def queue(session: Session, officer: User) -> list[SosRequest]:
    """Open requests first (not yet called back before contacted), oldest first; then the
    most recently closed ones."""
    rank = case((SosRequest.status == "received", 0), (SosRequest.status == "contacted", 1),
                else_=2)
    open_rows = list(session.scalars(
        select(SosRequest).where(SosRequest.department == WELFARE_DEPARTMENT,
                                 SosRequest.status != "closed")
        .order_by(rank, SosRequest.created_at, SosRequest.id)))
    closed = list(session.scalars(
        select(SosRequest).where(SosRequest.department == WELFARE_DEPARTMENT,
                                 SosRequest.status == "closed")
        .order_by(SosRequest.updated_at.desc()).limit(CLOSED_SHOWN)))
    return open_rows + closed


def get_for_officer(session: Session, officer: User, request_id: int) -> SosRequest:
    req = session.get(SosRequest, request_id)
    if req is None or req.department != WELFARE_DEPARTMENT:
        raise AppError(404, "sos.not_found", "요청을 찾을 수 없습니다.")
    return req


def log_callback(session: Session, officer: User, request_id: int,
                 body: SosCallbackCreate) -> SosRequest:
    req = get_for_officer(session, officer, request_id)
    # Row lock: two officers logging at once must not both close or reopen it inconsistently.
    session.refresh(req, with_for_update=True)
    if req.status == "closed":
        raise AppError(409, "sos.closed", "이미 처리가 끝난 요청입니다.")
    session.add(SosCallback(request_id=req.id, officer_id=officer.id, reached=body.reached,
                            note=body.note))
    if body.reached and req.status == "received":
        req.status = "contacted"
    if body.close:
        req.status, req.open_key, req.outcome = "closed", None, body.note
    req.updated_at = utcnow()
    session.flush()
    if req.user_id is not None:
        kind = SOS_KINDS[req.kind]
        if body.reached:
            title, text = "복지 담당자가 연락드렸습니다", f"긴급복지 SOS({kind}) 요청에 {req.department} 담당자가 전화로 연락드렸습니다."
        else:
            title, text = "복지 담당자가 전화드렸습니다", f"긴급복지 SOS({kind}) 요청으로 전화드렸으나 연결되지 않았습니다. 곧 다시 연락드리겠습니다."
        notify(session, req.user_id, kind="sos.callback", title=title, body=text, link="/f/sos")
    return req


def count_callbacks(session: Session, request_ids: list[int]) -> dict[int, int]:
    if not request_ids:
        return {}
    rows = session.execute(select(SosCallback.request_id, func.count()).where(
        SosCallback.request_id.in_(request_ids)).group_by(SosCallback.request_id))
    return dict(rows.all())
