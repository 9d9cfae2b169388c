"""시정·청년참여 포인트: the rules. Earning (`earn`, called by survey, proposal, reports and the
officer's campaign check), redemption, an officer's adjustment, and what a citizen sees.

Every write first locks the citizen's wallet row (`_lock`): parallel redemptions, adjustments
and earnings of one citizen run one after the other, so the balance never goes negative and
the caps hold, on PostgreSQL (SELECT ... FOR UPDATE) as on SQLite (BEGIN IMMEDIATE). The
unique (user, rule, ref) of the ledger makes the same participation count once even if two
transactions race past the lock's absence.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.points import ledger
from myg_app.server.points.models import PointEntry, PointWallet
from myg_app.server.points.settings import PointsSettings, points_settings

SEOUL = ZoneInfo("Asia/Seoul")
REF_MAX = 120


def local_day(at: datetime) -> date:
    return at.astimezone(SEOUL).date()


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), SEOUL)


def expiry_of(at: datetime, years: int) -> datetime:
    """Valid to the end of the same calendar day (KST) `years` later (29 Feb: 28 Feb)."""
    day = local_day(at)
    try:
        later = day.replace(year=day.year + years)
    except ValueError:
        later = day.replace(year=day.year + years, day=28)
    return _day_start(later + timedelta(days=1))


def is_young(user: User, at: datetime, cfg: PointsSettings) -> bool:
    if user.birth_date is None:
        return False
    age = ledger.age_on(user.birth_date, local_day(at))
    return cfg.young_min_age <= age <= cfg.young_max_age


def _lock(session: Session, user_id: int) -> None:
    """Serialise this citizen's point writes until the transaction ends."""
    found = session.scalar(select(PointWallet.user_id).where(PointWallet.user_id == user_id)
                           .with_for_update())
    if found is not None:
        return
    try:
        with session.begin_nested():
            session.add(PointWallet(user_id=user_id))
    except IntegrityError:  # a parallel first write created it (and has committed by now)
        session.scalar(select(PointWallet.user_id).where(PointWallet.user_id == user_id)
                       .with_for_update())


def _debit_clock(session: Session, user_id: int, now: datetime) -> datetime:
    """When a debit is written (under the lock): `now`, or the citizen's latest line if a
    writer that read the clock later got the lock first. The ledger replays "up to now", so a
    line stamped after our `now` would be invisible to our balance check and parallel
    redemptions could overdraw. Credits keep their own time (a backdated demo credit is
    harmless: a credit never lowers a balance)."""
    latest = session.scalar(select(PointEntry.created_at).where(PointEntry.user_id == user_id)
                            .order_by(PointEntry.created_at.desc()).limit(1))
    return max(now, latest) if latest is not None else now


def _entries(session: Session, user_id: int) -> list[PointEntry]:
    return list(session.scalars(select(PointEntry).where(PointEntry.user_id == user_id)))


def state_of(session: Session, user_id: int, now: datetime | None = None) -> ledger.State:
    return ledger.replay(_entries(session, user_id), now or utcnow())


def _earned(session: Session, user_id: int, rule: str, day: date | None = None) -> int:
    """Points of `rule` earned in all (or on one KST `day`)."""
    q = select(func.coalesce(func.sum(PointEntry.amount), 0)).where(
        PointEntry.user_id == user_id, PointEntry.kind == "earn", PointEntry.rule == rule)
    if day is not None:
        q = q.where(PointEntry.created_at >= _day_start(day),
                    PointEntry.created_at < _day_start(day + timedelta(days=1)))
    return int(session.scalar(q) or 0)


def _exists(session: Session, user_id: int, rule: str, ref: str) -> bool:
    return session.scalar(select(PointEntry.id).where(
        PointEntry.user_id == user_id, PointEntry.rule == rule, PointEntry.ref == ref)) is not None


def _insert(session: Session, entry: PointEntry) -> bool:
    """Add a ledger line; False when (user, rule, ref) is already there."""
    try:
        with session.begin_nested():
            session.add(entry)
    except IntegrityError:
        return False
    return True


def credit(session: Session, user: User, rule: str, ref: str, *, now: datetime | None = None,
           actor: User | None = None, note: str | None = None, demo: bool = False) -> int:
    """earn() with who verified it (a campaign's officer) and a note; see earn()."""
    cfg = points_settings()
    r = cfg.rule(rule)
    ref = str(ref)
    if not ref or len(ref) > REF_MAX:
        raise ValueError(f"points ref must be 1-{REF_MAX} characters")
    if r.amount <= 0:
        return 0
    now = now or utcnow()
    _lock(session, user.id)
    if _exists(session, user.id, rule, ref):
        return 0
    young = r.young_bonus and is_young(user, now, cfg)
    bonus = r.amount * cfg.young_bonus_percent // 100 if young else 0
    room = r.amount + bonus
    if r.daily_cap:
        room = min(room, r.daily_cap - _earned(session, user.id, rule, local_day(now)))
    if r.total_cap:
        room = min(room, r.total_cap - _earned(session, user.id, rule))
    amount = max(0, room)
    # A capped participation is still recorded (0 points): the same ref never earns later.
    entry = PointEntry(user_id=user.id, kind="earn", rule=rule, ref=ref, amount=amount,
                       bonus=max(0, min(bonus, amount - r.amount)), created_at=now,
                       expires_at=expiry_of(now, cfg.expiry_years) if amount else None,
                       actor_id=actor.id if actor else None, note=note, demo=demo)
    return amount if _insert(session, entry) else 0


def earn(session: Session, user: User, rule: str, ref: str, *, now: datetime | None = None) -> int:
    """Credit `user` for participation `rule` once per (user, rule, ref): idempotent (a unique
    constraint, safe under parallel calls and on PostgreSQL), within the rule's daily and total
    caps from settings, with the young-resident bonus (만 19-39 from the user's birth date, if
    known). Returns the points credited (0 when already credited, capped or the rule is off).
    Never raises for caps; runs inside the caller's transaction."""
    return credit(session, user, rule, ref, now=now)


class Insufficient(AppError):
    status = 409
    code = "points.insufficient"
    detail = "포인트가 부족합니다. 사용할 수 있는 포인트를 확인해 주세요."


def debit(session: Session, user: User, kind: str, rule: str, ref: str, amount: int, *,
          now: datetime | None = None, actor: User | None = None,
          note: str | None = None) -> PointEntry:
    """Take `amount` (> 0) from the balance (oldest points first) or refuse with 409."""
    _lock(session, user.id)
    now = _debit_clock(session, user.id, now or utcnow())
    if state_of(session, user.id, now).balance < amount:
        raise Insufficient
    entry = PointEntry(user_id=user.id, kind=kind, rule=rule, ref=ref, amount=-amount,
                       created_at=now, actor_id=actor.id if actor else None, note=note)
    if not _insert(session, entry):
        raise AppError(409, "points.duplicate", "이미 처리된 요청입니다. 내역을 확인해 주세요.")
    return entry


def adjust(session: Session, officer: User, user: User, delta: int, reason: str, ref: str, *,
           now: datetime | None = None) -> PointEntry:
    """An officer's correction, recorded with who and why (the audit trail is the ledger)."""
    if delta == 0:
        raise AppError(422, "points.zero", "조정할 포인트를 0이 아닌 값으로 입력해 주세요.",
                       field="delta")
    now = now or utcnow()
    if delta < 0:
        return debit(session, user, "adjust", "adjust", ref, -delta, now=now, actor=officer,
                     note=reason)
    _lock(session, user.id)
    entry = PointEntry(user_id=user.id, kind="adjust", rule="adjust", ref=ref, amount=delta,
                       created_at=now, expires_at=expiry_of(now, points_settings().expiry_years),
                       actor_id=officer.id, note=reason)
    if not _insert(session, entry):
        raise AppError(409, "points.duplicate", "이미 처리된 요청입니다. 내역을 확인해 주세요.")
    return entry
