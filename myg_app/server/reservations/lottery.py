"""Course lotteries: the published seed commitment, the reproducible draw order and the lazy
draw once an application period is over."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts import reservations as c
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.reservations.models import Booking, Resource
from myg_app.server.reservations.records import get_resource


def new_seed() -> str:
    return secrets.token_hex(16)


def seed_commitment(seed: str | None) -> str | None:
    return hashlib.sha256(seed.encode()).hexdigest() if seed else None


def ticket(seed: str, booking_id: int) -> str:
    """The draw order: sha256("<seed>:<booking id>") ascending. Reproducible by anyone who
    has the revealed seed (whose hash was published before the draw)."""
    return hashlib.sha256(f"{seed}:{booking_id}".encode()).hexdigest()


def draw_lottery(session: Session, r: Resource, now: datetime) -> bool:
    """Draw once the application period is over; False when not due or already drawn.
    Caller holds the resource lock."""
    if r.selection != "lottery" or r.lottery_drawn_at is not None or now < r.apply_closes_at:
        return False
    entries = list(session.scalars(select(Booking).where(
        Booking.resource_id == r.id, Booking.status == "applied")))
    entries.sort(key=lambda b: ticket(r.lottery_seed, b.id))
    for rank, b in enumerate(entries, start=1):
        b.lottery_rank = rank
        won = rank <= r.capacity
        b.status = "confirmed" if won else "waitlisted"
        notify(session, b.user_id, kind="booking.lottery",
               title="강좌 추첨에 당첨되었습니다" if won else "강좌 추첨 결과: 대기 순번을 받았습니다",
               body=(f"{r.name}: 당첨되어 수강이 확정되었습니다." if won else
                     f"{r.name}: 대기 {rank - r.capacity}번입니다. 취소가 생기면 자동으로 확정됩니다."),
               link=f"/f/{r.kind}/mine")
    r.lottery_drawn_at = now
    session.flush()
    return True


def draw_due_lotteries(session: Session, now: datetime) -> int:
    """Lazily draw every lottery whose period ended (no scheduler needed): called when
    bookings or courses are read, so results appear as soon as anyone looks."""
    due = list(session.scalars(select(Resource.id).where(
        Resource.selection == "lottery", Resource.lottery_drawn_at.is_(None),
        Resource.apply_closes_at <= now)))
    drawn = 0
    for rid in due:
        r = get_resource(session, rid, lock=True, include_inactive=True)
        drawn += draw_lottery(session, r, now)
    return drawn


def lottery_record(session: Session, r: Resource) -> c.LotteryOut:
    if r.selection != "lottery":
        raise AppError(404, "reservations.no_lottery", "추첨으로 뽑는 강좌가 아닙니다.")
    drawn = r.lottery_drawn_at is not None
    entries = []
    if drawn:
        rows = session.scalars(select(Booking).where(
            Booking.resource_id == r.id, Booking.lottery_rank.is_not(None))
            .order_by(Booking.lottery_rank))
        entries = [c.LotteryEntry(booking_id=b.id, ticket=ticket(r.lottery_seed, b.id),
                                  rank=b.lottery_rank, result=b.status) for b in rows]
    return c.LotteryOut(resource_id=r.id, drawn=drawn, seed_sha256=seed_commitment(r.lottery_seed),
                        seed=r.lottery_seed if drawn else None, drawn_at=r.lottery_drawn_at,
                        capacity=r.capacity, entries=entries)
