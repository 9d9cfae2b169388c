"""What the citizen sees and does with points (balance, expiry, history, redemption) and what
an officer does (adjust with a reason, verify a campaign, read the audit, check a voucher)."""
from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from myg_app.contracts import points as c
from myg_app import qr
from myg_app.i18n import msg
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.points import ledger, service, vouchers
from myg_app.server.points.models import PointEntry, PointVoucher
from myg_app.server.points.settings import RULE_NAMES, RULES, points_settings
from myg_app.server.privacy import mask_email, mask_name

log = logging.getLogger(__name__)

CAMPAIGNS = {"app_install": "앱 설치 인증"}


def _title(e: PointEntry, recipient: str) -> str:
    if e.kind == "earn":
        if e.rule == "campaign":
            ref = e.ref.removeprefix("demo:")
            return f"캠페인 인증 ({CAMPAIGNS.get(ref, ref)})"
        return RULE_NAMES.get(e.rule, e.rule)
    if e.kind == "redeem":
        return "광양사랑상품권 교환" if e.rule == "voucher" else f"{recipient} 기부"
    return "담당자 조정"


def rules() -> list[c.RuleInfo]:
    cfg = points_settings()
    out = []
    for name in RULES:
        r = cfg.rule(name)
        bonus = r.amount * cfg.young_bonus_percent // 100 if r.young_bonus else 0
        out.append(c.RuleInfo(rule=name, name=RULE_NAMES[name], amount=r.amount,
                              daily_cap=r.daily_cap, total_cap=r.total_cap, young_bonus=bonus))
    return out


def summary(session: Session, user: User, *, offset: int = 0, limit: int = 20,
            now: datetime | None = None) -> c.PointsSummary:
    cfg = points_settings()
    now = now or utcnow()
    entries = list(session.scalars(select(PointEntry).where(PointEntry.user_id == user.id)))
    state = ledger.replay(entries, now)
    expiring = [c.Expiring(day=d, points=p) for d, p in ledger.expiring(state, service.local_day)]
    soon_until = service.local_day(now + timedelta(days=cfg.expiring_soon_days))
    shown = sorted((e for e in entries if e.amount != 0 and e.created_at <= now),
                   key=lambda e: (e.created_at, e.id), reverse=True)
    page = shown[offset:offset + limit]
    codes = dict(session.execute(select(PointVoucher.entry_id, PointVoucher.code).where(
        PointVoucher.entry_id.in_([e.id for e in page]))).all()) if page else {}
    history = [c.HistoryItem(
        id=e.id, at=e.created_at, kind=e.kind, rule=e.rule, title=_title(e, cfg.donation_recipient),
        amount=e.amount, bonus=e.bonus, note=e.note if e.kind == "adjust" else None,
        expires_on=service.local_day(e.expires_at) - timedelta(days=1) if e.expires_at else None,
        voucher_code=codes.get(e.id), demo=e.demo) for e in page]
    # expires_at is the first instant after validity; the last usable day is the day before.
    expiring = [c.Expiring(day=x.day - timedelta(days=1), points=x.points) for x in expiring]
    return c.PointsSummary(
        balance=state.balance, young=service.is_young(user, now, cfg),
        expiring_soon=[x for x in expiring if x.day < soon_until],
        expiring_soon_days=cfg.expiring_soon_days, expiring=expiring,
        expired_total=state.expired_total, history=history, history_total=len(shown),
        offset=offset, rules=rules(), expiry_years=cfg.expiry_years,
        voucher_unit=cfg.voucher_unit, voucher_min=cfg.voucher_min,
        donation_min=cfg.donation_min, donation_recipient=cfg.donation_recipient)


def redeem(session: Session, user: User, body: c.RedeemIn, secret_key: str, *,
           now: datetime | None = None) -> c.Redemption:
    cfg = points_settings()
    now = now or utcnow()
    if body.kind == "voucher":
        if body.amount < cfg.voucher_min or body.amount % cfg.voucher_unit:
            raise AppError(422, "points.voucher_amount",
                           msg("상품권은 {voucher_min:,}포인트 이상, {voucher_unit:,}포인트 단위로 교환할 수 있습니다.", voucher_min=cfg.voucher_min, voucher_unit=cfg.voucher_unit), field="amount")
    elif body.amount < cfg.donation_min:
        raise AppError(422, "points.donation_amount",
                       msg("기부는 {donation_min:,}포인트 이상부터 할 수 있습니다.", donation_min=cfg.donation_min), field="amount")
    ref = uuid.uuid4().hex
    entry = service.debit(session, user, "redeem", body.kind, ref, body.amount, now=now)
    now = entry.created_at  # the ledger's clock: never before this citizen's last line
    voucher = None
    if body.kind == "voucher":
        issued = vouchers.provider_of(cfg).issue(user_id=user.id, amount_won=body.amount, ref=ref)
        session.add(PointVoucher(entry_id=entry.id, user_id=user.id, provider=issued.provider,
                                 code=issued.code, amount_won=body.amount, created_at=now))
        payload = vouchers.qr_payload(vouchers.signing_key(cfg, secret_key), issued.code,
                                      body.amount, now)
        voucher = c.Voucher(code=issued.code, amount_won=body.amount, provider=issued.provider,
                            qr_payload=payload, qr_png=qr.png_base64(payload))
    session.flush()
    return c.Redemption(id=entry.id, at=now, kind=body.kind, amount=body.amount,
                        balance=service.state_of(session, user.id, now).balance, voucher=voucher,
                        recipient=cfg.donation_recipient if body.kind == "donation" else None)


def _citizen(session: Session, officer: User, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.is_active:
        raise AppError(404, "points.user_not_found", "해당 이메일로 가입한 시민을 찾을 수 없습니다.",
                       field="email")
    if user.id == officer.id:
        raise AppError(409, "points.self", "자신의 포인트는 조정하거나 인증할 수 없습니다.",
                       field="email")
    return user


def adjust(session: Session, officer: User, body: c.AdjustIn, *,
           now: datetime | None = None) -> c.OfficerResult:
    now = now or utcnow()
    user = _citizen(session, officer, body.email)
    entry = service.adjust(session, officer, user, body.delta, body.reason.strip(),
                           uuid.uuid4().hex, now=now)
    now = entry.created_at
    log.info("points adjusted by officer %s for %s: %+d (%s)", officer.id, mask_email(user.email),
             body.delta, body.reason)
    return c.OfficerResult(entry_id=entry.id, user_name=mask_name(user.name), amount=body.delta,
                           balance=service.state_of(session, user.id, now).balance)


def campaign(session: Session, officer: User, body: c.CampaignIn, *,
             now: datetime | None = None) -> c.OfficerResult:
    now = now or utcnow()
    user = _citizen(session, officer, body.email)
    amount = service.credit(session, user, "campaign", body.campaign, now=now, actor=officer,
                            note=body.note or CAMPAIGNS.get(body.campaign, body.campaign))
    entry_id = session.scalar(select(PointEntry.id).where(
        PointEntry.user_id == user.id, PointEntry.rule == "campaign",
        PointEntry.ref == body.campaign)) if amount else None
    return c.OfficerResult(entry_id=entry_id, user_name=mask_name(user.name), amount=amount,
                           balance=service.state_of(session, user.id, now).balance)


def audit(session: Session, *, offset: int = 0, limit: int = 50) -> c.AuditPage:
    """Every officer action on points (adjustments and campaign checks), newest first."""
    officer = aliased(User)
    cond = or_(PointEntry.kind == "adjust", PointEntry.actor_id.is_not(None))
    total = session.scalar(select(func.count()).select_from(PointEntry).where(cond)) or 0
    rows = session.execute(
        select(PointEntry, User.name, officer.name)
        .join(User, User.id == PointEntry.user_id)
        .outerjoin(officer, officer.id == PointEntry.actor_id)
        .where(cond).order_by(PointEntry.created_at.desc(), PointEntry.id.desc())
        .limit(limit).offset(offset))
    items = [c.AuditItem(id=e.id, at=e.created_at, kind=e.kind, rule=e.rule, ref=e.ref,
                         user_id=e.user_id, user_name=mask_name(name), amount=e.amount,
                         reason=e.note, officer_id=e.actor_id, officer_name=oname)
             for e, name, oname in rows]
    return c.AuditPage(items=items, total=total)


def check_voucher(session: Session, body: c.VoucherCheckIn, secret_key: str) -> c.VoucherCheck:
    checked = vouchers.verify(vouchers.signing_key(points_settings(), secret_key), body.qr_payload)
    issued = checked is not None and session.scalar(select(PointVoucher.id).where(
        PointVoucher.code == checked.code, PointVoucher.amount_won == checked.amount_won))
    if not issued:
        return c.VoucherCheck(valid=False)
    return c.VoucherCheck(valid=True, code=checked.code, amount_won=checked.amount_won,
                          issued_at=checked.issued_at)

