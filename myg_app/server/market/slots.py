"""Delivery and pickup slots: windows of the next days, each with a capacity, claimed with a
conditional update (never above capacity, also a CHECK constraint), released on
cancellation. A full or closed slot is refused with the next one that still has room."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from myg_app.i18n import msg
from myg_app.seoul_time import WEEKDAYS_KO, seoul_to_utc, to_seoul
from myg_app.server.errors import AppError
from myg_app.server.market import clock
from myg_app.server.market.models import Slot

DAYS_AHEAD = 3  # today and the next two days


@dataclass(frozen=True, slots=True)
class Window:
    start: time
    end: time
    order_by: time  # orders for this window close then (same day)
    capacity: int


# Same-day delivery when ordered before 15:00; the morning run takes orders until 10:00.
WINDOWS: dict[str, tuple[Window, ...]] = {
    "delivery": (Window(time(11), time(13), time(10), 6),
                 Window(time(16), time(18), time(15), 6)),
    "pickup": (Window(time(10), time(18), time(17), 30),),
}


def label(slot: Slot) -> str:
    start, end = to_seoul(slot.starts_at), to_seoul(slot.ends_at)
    return (f"{start.month}월 {start.day}일 ({WEEKDAYS_KO[start.weekday()]}) "
            f"{start:%H:%M}~{end:%H:%M}")


def _ensure(session: Session, market_id: int, fulfilment: str, days: list[date]) -> None:
    have = set(session.scalars(select(Slot.starts_at).where(
        Slot.market_id == market_id, Slot.fulfilment == fulfilment, Slot.day.in_(days))))
    for day in days:
        for w in WINDOWS[fulfilment]:
            starts = seoul_to_utc(day, w.start)
            if starts in have:
                continue
            try:
                # A parallel request may create the same window: the unique constraint
                # keeps one, and this savepoint lets the loser carry on.
                with session.begin_nested():
                    session.add(Slot(market_id=market_id, fulfilment=fulfilment, day=day,
                                     starts_at=starts, ends_at=seoul_to_utc(day, w.end),
                                     order_by=seoul_to_utc(day, w.order_by),
                                     capacity=w.capacity, used=0))
            except IntegrityError:
                pass


def upcoming(session: Session, market_id: int, fulfilment: str) -> list[Slot]:
    today = clock.today()
    days = [today + timedelta(days=i) for i in range(DAYS_AHEAD)]
    _ensure(session, market_id, fulfilment, days)
    return list(session.scalars(select(Slot).where(
        Slot.market_id == market_id, Slot.fulfilment == fulfilment, Slot.day.in_(days))
        .order_by(Slot.starts_at)))


def is_open(slot: Slot) -> bool:
    return slot.used < slot.capacity and slot.order_by > clock.utcnow()


def next_open(session: Session, market_id: int, fulfilment: str, after=None) -> Slot | None:
    for slot in upcoming(session, market_id, fulfilment):
        if is_open(slot) and (after is None or slot.starts_at > after):
            return slot
    return None


def claim(session: Session, market_id: int, fulfilment: str, slot_id: int) -> Slot:
    """Take one place in the slot or refuse with the next slot that has room."""
    done = session.execute(
        update(Slot).where(Slot.id == slot_id, Slot.market_id == market_id,
                           Slot.fulfilment == fulfilment, Slot.used < Slot.capacity,
                           Slot.order_by > clock.utcnow())
        .values(used=Slot.used + 1).execution_options(synchronize_session=False)).rowcount
    slot = session.get(Slot, slot_id)
    if done == 1 and slot is not None:
        session.refresh(slot)
        return slot
    if slot is None or slot.market_id != market_id or slot.fulfilment != fulfilment:
        raise AppError(422, "market.slot_unknown", "고른 시간대를 찾을 수 없습니다. 시간대를 다시 골라 주세요.")
    nxt = next_open(session, market_id, fulfilment, after=slot.starts_at) or next_open(
        session, market_id, fulfilment)
    why = ("주문이 다 찼습니다" if slot.used >= slot.capacity else "주문 마감 시간이 지났습니다")
    offer = (f" 다음으로 주문할 수 있는 시간은 {label(nxt)}입니다." if nxt
             else " 사흘 안에 남은 시간대가 없습니다. 내일 다시 주문해 주세요.")
    raise AppError(409, "market.slot_full", msg("{label} 시간대는 {why}.{offer}", label=label(slot), why=why, offer=offer))


def release(session: Session, slot_id: int) -> None:
    session.execute(update(Slot).where(Slot.id == slot_id, Slot.used > 0)
                    .values(used=Slot.used - 1).execution_options(synchronize_session=False))
