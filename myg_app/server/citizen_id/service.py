"""The citizen ID's rules: apply, decide, show, revoke, reissue; signed QRs and the
revocation list.

One open card per citizen (pending or active) is enforced by a partial unique index, so two
parallel applications cannot both pass; lifecycle changes are conditional updates on the
card's status, so a double tap revokes or reissues once.
"""
from __future__ import annotations

import base64
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.cards import token as tok
from myg_app.contracts import citizen_id as c
from myg_app.gwangyang.dongs import BY_CODE
from myg_app.seoul_time import today_seoul
from myg_app.server.auth.models import User
from myg_app.server.citizen_id import keys as card_keys
from myg_app.server.citizen_id import numbers, residence
from myg_app.server.citizen_id.models import CitizenCard
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.privacy import mask_name
from myg_app.server.reports import photos

VALID_YEARS = 2
QR_WINDOWS = 20  # 10 minutes of QRs: enough for a lift without signal, short if stolen
OPEN = ("pending", "active")


def current(session: Session, user: User) -> CitizenCard | None:
    """The open card, else the latest one (to show why there is none)."""
    rows = session.scalars(select(CitizenCard).where(CitizenCard.user_id == user.id)
                           .order_by(CitizenCard.id.desc()).limit(5)).all()
    return next((r for r in rows if r.status in OPEN), rows[0] if rows else None)


def effective_status(card: CitizenCard, today: date | None = None) -> str:
    if card.status == "active" and card.valid_until and card.valid_until < (today or today_seoul()):
        return "expired"
    return card.status


def can_apply(card: CitizenCard | None) -> bool:
    return card is None or effective_status(card) in ("rejected", "revoked", "expired")


def can_reissue(card: CitizenCard | None) -> bool:
    """Lost phone: a new number without a new residence check, within the old validity.
    Moving away ends the card; the next one needs a new application."""
    if card is None or effective_status(card) == "expired":
        return False
    return card.status == "active" or (card.status == "revoked" and card.revoke_reason == "lost")


def apply(session: Session, user: User, body: c.ApplyIn) -> CitizenCard:
    if not body.residence_declared:
        raise AppError(422, "citizen_id.declaration",
                       "광양시에 주민등록이 되어 있는지 확인하고 체크해 주세요.",
                       field="residence_declared")
    if body.dong not in BY_CODE:
        raise AppError(422, "citizen_id.dong", "사는 읍면동을 목록에서 골라 주세요.", field="dong")
    photo = None
    if body.photo_base64:
        processed = photos.accepted(photos.decoded(body.photo_base64), body.photo_filename or "")
        photo = processed.thumb
    if not can_apply(current(session, user)):
        raise AppError(409, "citizen_id.exists", "이미 신청했거나 사용 중인 시민증이 있습니다.")
    card = CitizenCard(user_id=user.id, status="pending", dong=body.dong, name=user.name,
                       photo=photo)
    try:
        with session.begin_nested():
            session.add(card)
            session.flush()
    except IntegrityError:  # a parallel application won the partial unique index
        raise AppError(409, "citizen_id.exists",
                       "이미 신청했거나 사용 중인 시민증이 있습니다.") from None
    verdict = residence.REGISTRY.confirm(name=user.name, dong=body.dong)
    if verdict is not None:
        _decide(session, card, approve=verdict, officer_id=None,
                reason=None if verdict else "주민등록 정보에서 광양시 거주를 확인하지 못했습니다.")
    return card


def decide(session: Session, officer: User, card_id: int, body: c.DecisionIn) -> CitizenCard:
    card = session.get(CitizenCard, card_id)
    if card is None:
        raise AppError(404, "citizen_id.not_found", "신청을 찾을 수 없습니다.")
    if not body.approve and not (body.reason or "").strip():
        raise AppError(422, "citizen_id.reason", "반려 사유를 적어 주세요.", field="reason")
    _decide(session, card, approve=body.approve, officer_id=officer.id, reason=body.reason)
    return card


def _decide(session: Session, card: CitizenCard, *, approve: bool, officer_id: int | None,
            reason: str | None) -> None:
    today = today_seoul()
    values: dict = {"status": "active" if approve else "rejected", "decided_at": utcnow(),
                    "decided_by": officer_id}
    if approve:
        values |= {"number": numbers.card_number(card.id), "valid_from": today,
                   "valid_until": years_later(today, VALID_YEARS)}
    else:
        values["reject_reason"] = reason
    done = session.execute(update(CitizenCard).where(CitizenCard.id == card.id,
                                                     CitizenCard.status == "pending")
                           .values(**values).execution_options(synchronize_session=False)
                           ).rowcount
    if done != 1:
        raise AppError(409, "citizen_id.decided", "이미 처리된 신청입니다.")
    session.refresh(card)
    if approve:
        notify(session, card.user_id, kind="citizen_id.issued", title="광양시민증이 발급되었습니다",
               body=f"시민증 번호 {card.number}, {card.valid_until:%Y.%m.%d.}까지 쓸 수 있습니다.",
               link="citizen_id")
    else:
        notify(session, card.user_id, kind="citizen_id.rejected",
               title="광양시민증 신청이 반려되었습니다", body=f"사유: {reason}", link="citizen_id")


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years) - timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _revoke(session: Session, card: CitizenCard, reason: str) -> None:
    done = session.execute(update(CitizenCard).where(CitizenCard.id == card.id,
                                                     CitizenCard.status == "active")
                           .values(status="revoked", revoked_at=utcnow(), revoke_reason=reason)
                           .execution_options(synchronize_session=False)).rowcount
    if done != 1:
        raise AppError(409, "citizen_id.not_active", "사용 중인 시민증이 아닙니다.")
    session.refresh(card)


def revoke_own(session: Session, user: User, reason: str) -> CitizenCard:
    card = current(session, user)
    if card is None or card.status != "active":
        raise AppError(409, "citizen_id.not_active", "사용 중인 시민증이 없습니다.")
    _revoke(session, card, reason)
    return card


def officer_revoke(session: Session, officer: User, card_id: int, reason: str) -> CitizenCard:
    card = session.get(CitizenCard, card_id)
    if card is None:
        raise AppError(404, "citizen_id.not_found", "시민증을 찾을 수 없습니다.")
    _revoke(session, card, "officer")
    card.reject_reason = reason  # the officer's words, shown to the citizen
    notify(session, card.user_id, kind="citizen_id.revoked", title="광양시민증이 취소되었습니다",
           body=f"사유: {reason}", link="citizen_id")
    return card


def reissue(session: Session, user: User) -> CitizenCard:
    old = current(session, user)
    if not can_reissue(old):
        raise AppError(409, "citizen_id.no_reissue",
                       "재발급할 수 있는 시민증이 없습니다. 새로 신청해 주세요.")
    assert old is not None
    if old.status == "active":
        _revoke(session, old, "reissued")
    new = CitizenCard(user_id=user.id, status="active", dong=old.dong, name=old.name,
                      photo=old.photo, decided_at=utcnow(), valid_from=today_seoul(),
                      valid_until=old.valid_until, reissue_of=old.id)
    try:
        with session.begin_nested():
            session.add(new)
            session.flush()
            new.number = numbers.card_number(new.id)
            session.flush()
    except IntegrityError:
        raise AppError(409, "citizen_id.no_reissue", "이미 재발급되었습니다.") from None
    return new


def qr_batch(session: Session, user: User, data_dir: Path, count: int = QR_WINDOWS,
             now: float | None = None) -> c.QrBatch:
    card = current(session, user)
    if card is None or effective_status(card) != "active":
        raise AppError(409, "citizen_id.not_active", "사용 중인 시민증이 없습니다.")
    keys = card_keys.load(data_dir)
    signer, start = keys.signer, int(now if now is not None else time.time())
    start -= start % tok.WINDOW_S
    out = []
    for i in range(count):
        nbf = start + i * tok.WINDOW_S
        jws = tok.sign(tok.card_claims(card.number or "", mask_name(card.name), nbf), signer,
                       keys.kid)
        out.append(c.QrToken(token=jws, not_before=nbf, expires_at=nbf + tok.WINDOW_S))
    return c.QrBatch(window_s=tok.WINDOW_S, kid=keys.kid, tokens=out)


def revoked_numbers(session: Session) -> list[str]:
    """Revoked cards still within their validity (an expired card gets no new QR anyway)."""
    return list(session.scalars(
        select(CitizenCard.number).where(CitizenCard.status == "revoked",
                                         CitizenCard.number.is_not(None),
                                         CitizenCard.valid_until >= today_seoul())
        .order_by(CitizenCard.number)))


def revocations(session: Session, data_dir: Path) -> c.Revocations:
    keys = card_keys.load(data_dir)
    revoked, now = revoked_numbers(session), int(time.time())
    jws = tok.sign({"iat": now, "revoked": revoked}, keys.signer, keys.kid,
                   typ=tok.REVOCATIONS_TYP)
    return c.Revocations(token=jws, issued_at=now, revoked=revoked)


def verify(session: Session, data_dir: Path, token: str) -> c.VerifyOut:
    """The verifier's check, done online against the current list (the app does the same
    offline with its synced copy)."""
    verdict = tok.verify(token, card_keys.load(data_dir).public_jwks(),
                         frozenset(revoked_numbers(session)), time.time())
    return verdict_out(verdict)


def verdict_out(v: tok.Verdict) -> c.VerifyOut:
    return c.VerifyOut(status=v.status, valid=v.ok, message=v.message,  # type: ignore[arg-type]
                       card_number=tok.masked_number(v.card_no) if v.card_no else None,
                       masked_name=v.masked_name, expires_at=v.expires_at)


def photo_base64(card: CitizenCard) -> str | None:
    return base64.b64encode(card.photo).decode() if card.photo else None
