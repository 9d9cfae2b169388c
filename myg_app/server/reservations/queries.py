"""Browsing: resource lists, free slots per day, the month and day views, course info and
the resource presenter. Read-only."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app.contracts import reservations as c
from myg_app.server.calendar_kr import holiday_name
from myg_app.server.errors import AppError
from myg_app.server.reservations import slots as sl
from myg_app.server.reservations.lottery import seed_commitment
from myg_app.server.reservations.models import Booking, Resource
from myg_app.server.reservations.records import closures_for, day_window, holding_bookings


def list_resources(session: Session, *, kind: str | None = None, category: str | None = None,
                   dong: str | None = None, department: str | None = None,
                   include_inactive: bool = False) -> list[Resource]:
    stmt = select(Resource).order_by(Resource.kind, Resource.dong, Resource.name)
    if kind:
        stmt = stmt.where(Resource.kind == kind)
    if category:
        stmt = stmt.where(Resource.category == category)
    if dong:
        stmt = stmt.where(Resource.dong == dong)
    if department:
        stmt = stmt.where(Resource.department == department)
    if not include_inactive:
        stmt = stmt.where(Resource.is_active.is_(True))
    return list(session.scalars(stmt))


def free_slots_on(session: Session, resources: list[Resource], day: date,
                  now: datetime) -> dict[int, int]:
    """Free slots per resource on one day (browse by date); courses count their free seats."""
    ids = [r.id for r in resources]
    closures = closures_for(session, ids, day, day)
    bookings = holding_bookings(session, ids, *day_window(day, day))
    out = {}
    for r in resources:
        if r.kind == "course":
            continue
        if sl.day_block(r, day, closures[r.id], now):
            out[r.id] = 0
        else:
            out[r.id] = sum(1 for s in sl.day_slots(r, day, bookings[r.id], now)
                            if s.state == "free")
    return out


def month_view(session: Session, r: Resource, year: int, month: int,
               now: datetime) -> list[c.MonthDay]:
    _no_slots_for_course(r)
    first = date(year, month, 1)
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    closures = closures_for(session, [r.id], first, last)[r.id]
    today = sl.seoul_today(now)
    bookings = holding_bookings(session, [r.id], *day_window(first, last))[r.id]
    # Each day only looks at the bookings touching it (a month's slots x its bookings adds up).
    by_day: dict[date, list[Booking]] = {}
    for b in bookings:
        d = sl.seoul_today(b.starts_at)
        while d <= sl.seoul_today(b.ends_at):
            by_day.setdefault(d, []).append(b)
            d += timedelta(days=1)
    days = []
    d = first
    while d <= last:
        block = sl.day_block(r, d, closures, now)
        if block:
            days.append(c.MonthDay(day=d, state=block.state, free_slots=0, note=block.note,
                                   holiday=holiday_name(d) is not None, today=d == today))
        else:
            free = sum(1 for s in sl.day_slots(r, d, by_day.get(d, []), now) if s.state == "free")
            days.append(c.MonthDay(day=d, state="free" if free else "full", free_slots=free,
                                   holiday=False, today=d == today))
        d += timedelta(days=1)
    return days


def day_view(session: Session, r: Resource, day: date, now: datetime) -> c.DayOut:
    _no_slots_for_course(r)
    closures = closures_for(session, [r.id], day, day)[r.id]
    block = sl.day_block(r, day, closures, now)
    if block:
        return c.DayOut(resource_id=r.id, day=day, state=block.state, note=block.note, slots=[])
    bookings = holding_bookings(session, [r.id], *day_window(day, day))[r.id]
    slots = [c.SlotOut(starts_at=s.starts_at, ends_at=s.ends_at, label=s.label,
                       remaining=s.remaining, state=s.state)
             for s in sl.day_slots(r, day, bookings, now)]
    free = any(s.state == "free" for s in slots)
    return c.DayOut(resource_id=r.id, day=day, state="free" if free else "full", slots=slots)


def _no_slots_for_course(r: Resource) -> None:
    if r.kind == "course":
        raise AppError(400, "reservations.course_has_no_slots",
                      "문화강좌는 날짜별 예약이 아니라 학기 단위로 신청합니다.")


def course_info(session: Session, r: Resource) -> c.CourseInfo:
    closures = closures_for(session, [r.id], r.term_starts_on, r.term_ends_on)[r.id]
    counts = dict(session.execute(
        select(Booking.status, func.count()).where(Booking.resource_id == r.id)
        .group_by(Booking.status)).all())
    confirmed = counts.get("confirmed", 0)
    return c.CourseInfo(
        term_starts_on=r.term_starts_on, term_ends_on=r.term_ends_on,
        apply_opens_at=r.apply_opens_at, apply_closes_at=r.apply_closes_at,
        selection=r.selection, sessions=sl.course_sessions(r, closures),
        confirmed=confirmed, waitlisted=counts.get("waitlisted", 0),
        applied=counts.get("applied", 0), seats_left=max(0, r.capacity - confirmed),
        lottery_drawn=r.lottery_drawn_at is not None,
        seed_sha256=seed_commitment(r.lottery_seed) if r.selection == "lottery" else None,
    )


def resource_out(session: Session, r: Resource, free_slots: int | None = None) -> c.ResourceOut:
    return c.ResourceOut(
        id=r.id, kind=r.kind, category=r.category, name=r.name, dong=r.dong, place=r.place,
        department=r.department, description=r.description, host=r.host, capacity=r.capacity,
        max_headcount=r.max_headcount, mode=r.mode, opens=r.opens, closes=r.closes,
        slot_minutes=r.slot_minutes, weekdays=[i for i, f in enumerate(r.weekdays) if f == "1"],
        fee_resident=r.fee_resident, fee_nonresident=r.fee_nonresident,
        cancel_hours=r.cancel_hours, book_ahead_days=r.book_ahead_days,
        max_active_per_user=r.max_active_per_user, is_active=r.is_active,
        course=course_info(session, r) if r.kind == "course" else None, free_slots=free_slots,
    )
