"""Booking and cancelling for all four functions. Takes a Session; no HTTP here.

Capacity is checked while holding a row lock on the resource (`SELECT ... FOR UPDATE` on
PostgreSQL; on SQLite every write transaction already holds the database's write lock via
BEGIN IMMEDIATE), and per-citizen limits while holding the citizen's row: never
check-then-insert without a lock. Lock order is always user, then resource (no deadlocks).
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app.contracts import reservations as c
from myg_app.i18n import msg
from myg_app.seoul_time import SEOUL, format_date_ko, format_datetime_ko, seoul_to_utc
from myg_app.server.auth.models import User
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.reservations import slots as sl
from myg_app.server.reservations.models import Booking, Resource
from myg_app.server.reservations.records import (ACTIVE, can_cancel, cancel_deadline, closures_for,
                                                 get_own_booking, get_resource, holding_bookings)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed from a screen
CODE_LEN = 10  # 32^10 ~ 2^50 codes: not guessable at a counter


def _full() -> AppError:
    return AppError(409, "reservations.full",
                   "방금 다른 분이 예약해 남은 자리가 없습니다. 다른 시간을 선택해 주세요.")


def compute_fee(r: Resource, minutes: int, resident: bool) -> int:
    """KRW. Hourly rate for halls and courts (pro rata per minute), a term fee for courses,
    legal counsel is free. Residents pay the resident rate (self-declared, checked on site)."""
    rate = r.fee_resident if resident else r.fee_nonresident
    if r.kind == "legal":
        return 0
    if r.kind == "course":
        return rate
    return rate * minutes // 60


def booked_range(r: Resource, start: time | None, end: time | None) -> tuple[int, int]:
    """(start, end) in minutes after midnight (Seoul) of a facility, court or counsel booking,
    checked against the opening hours and the slot grid. Booking and quote share it."""
    if start is None:
        raise AppError(422, "reservations.start_required", "시작 시간을 선택해 주세요.", "start")
    step = r.slot_minutes
    start_min = start.hour * 60 + start.minute
    if r.kind == "facility":
        if end is None:
            raise AppError(422, "reservations.end_required", "끝나는 시간을 선택해 주세요.", "end")
        end_min = end.hour * 60 + end.minute
    else:
        end_min = start_min + step  # sports and legal: exactly one slot
    opens = r.opens.hour * 60 + r.opens.minute
    closes = r.closes.hour * 60 + r.closes.minute
    if end_min <= start_min:
        raise AppError(422, "reservations.bad_range", "끝나는 시간은 시작 시간보다 늦어야 합니다.",
                      "end")
    if start_min < opens or end_min > closes:
        raise AppError(422, "reservations.outside_hours",
                      msg("운영 시간({opens:%H:%M}~{closes:%H:%M}) 안에서 선택해 주세요.", opens=r.opens, closes=r.closes), "start")
    if (start_min - opens) % step or (end_min - opens) % step:
        raise AppError(422, "reservations.off_grid",
                      msg("{step}분 단위로 정해진 시간에서 선택해 주세요.", step=step), "start")
    return start_min, end_min


def _duration_ko(minutes: int) -> str:
    h, mi = divmod(minutes, 60)
    return " ".join(p for p in (f"{h}시간" if h else "", f"{mi}분" if mi else "") if p)


def quote(r: Resource, body: c.QuoteIn) -> c.QuoteOut:
    """The fee the same booking would cost (compute_fee, the booking's own code), in words a
    citizen reads on the form before booking: "사용료 12,000원 (2시간, 관외 요금)"."""
    minutes: int | None = None  # a course: one fee for the term
    if r.kind != "course":
        if r.kind != "facility" and body.start is None:
            minutes = r.slot_minutes  # a court or counsel is always one slot
        else:
            start_min, end_min = booked_range(r, body.start, body.end)
            minutes = end_min - start_min
    fee = compute_fee(r, minutes or 0, body.resident)
    matters = r.kind != "legal" and r.fee_resident != r.fee_nonresident
    what = "수강료" if r.kind == "course" else "사용료"
    if fee == 0:
        summary = f"{what} 무료"
    else:
        basis = ["한 학기" if minutes is None else _duration_ko(minutes)]
        if matters:
            basis.append("광양시민 요금" if body.resident else "관외 요금")
        summary = f"{what} {fee:,}원 ({', '.join(basis)})"
    return c.QuoteOut(resource_id=r.id, fee=fee, minutes=minutes, resident=body.resident,
                      resident_matters=matters, summary_ko=summary)


def new_checkin_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LEN))


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def create_booking(session: Session, user: User, body: c.BookingCreate, now: datetime) -> Booking:
    """Caller holds the user lock (lock_user); the resource lock is taken here."""
    r = get_resource(session, body.resource_id, lock=True)
    if r.kind == "course":
        return _apply_course(session, user, r, body, now)
    if body.day is None:
        raise AppError(422, "reservations.day_required", "날짜를 선택해 주세요.", "day")
    step = r.slot_minutes
    start_min, end_min = booked_range(r, body.start, body.end)
    if r.kind == "facility":
        if not body.purpose:
            raise AppError(422, "reservations.purpose_required", "사용 목적을 입력해 주세요.",
                          "purpose")
        if r.max_headcount and body.headcount > r.max_headcount:
            raise AppError(422, "reservations.too_many_people",
                          msg("이 시설은 최대 {max_headcount}명까지 이용할 수 있습니다.", max_headcount=r.max_headcount), "headcount")
    if r.kind == "legal":
        if body.topic not in c.LEGAL_TOPICS:
            raise AppError(422, "reservations.topic_required", "상담 분야를 선택해 주세요.", "topic")
        if not body.description or len(body.description) < 5:
            raise AppError(422, "reservations.description_required",
                          "상담 내용을 5자 이상 간단히 적어 주세요.", "description")

    closures = closures_for(session, [r.id], body.day, body.day)[r.id]
    block = sl.day_block(r, body.day, closures, now)
    if block:
        raise AppError(409, f"reservations.day_{block.state}",
                      msg("{format_date_ko}은(는) 예약할 수 없습니다: {note}.", format_date_ko=format_date_ko(body.day), note=block.note))
    starts_at = seoul_to_utc(body.day, body.start)
    ends_at = starts_at + timedelta(minutes=end_min - start_min)
    if starts_at <= now:
        raise AppError(409, "reservations.day_past", "이미 지난 시간은 예약할 수 없습니다.")

    _check_user_limits(session, user, r, starts_at, now)
    held = holding_bookings(session, [r.id], starts_at, ends_at)[r.id]
    if any(b.user_id == user.id for b in held):
        raise AppError(409, "reservations.duplicate", "이미 이 시간에 예약하셨습니다. 나의 예약을 확인해 주세요.")
    t = starts_at
    while t < ends_at:  # every slot of the range must have room
        if sl.overlapping(held, t, t + timedelta(minutes=step)) >= r.capacity:
            raise _full()
        t += timedelta(minutes=step)

    fee = compute_fee(r, end_min - start_min, body.resident)
    booking = Booking(
        resource=r, user_id=user.id,
        status="confirmed" if r.mode == "instant" else "pending",
        starts_at=starts_at, ends_at=ends_at,
        headcount=body.headcount if r.kind == "facility" else 1,
        purpose=body.purpose if r.kind == "facility" else None,
        topic=body.topic if r.kind == "legal" else None,
        description=body.description if r.kind == "legal" else None,
        resident=body.resident, fee=fee, payment_status="unpaid" if fee else "free",
        checkin_code=new_checkin_code(),
    )
    session.add(booking)
    session.flush()
    return booking


def _check_user_limits(session: Session, user: User, r: Resource, starts_at: datetime,
                       now: datetime) -> None:
    mine = (select(func.count()).select_from(Booking).join(Resource)
            .where(Booking.user_id == user.id, Resource.kind == r.kind,
                   Booking.status.in_(sl.HOLDING)))
    if r.kind == "sports" and r.max_active_per_user:
        n = session.scalar(mine.where(Booking.ends_at > now)) or 0
        if n >= r.max_active_per_user:
            raise AppError(409, "reservations.limit_reached",
                          msg("체육시설은 앞으로의 예약을 한 사람당 {max_active_per_user}건까지 할 수 있습니다. 기존 예약을 이용하거나 취소한 뒤 다시 예약해 주세요.", max_active_per_user=r.max_active_per_user))
    if r.kind == "legal":
        local = starts_at.astimezone(SEOUL)
        first = date(local.year, local.month, 1)
        nxt = date(local.year + local.month // 12, local.month % 12 + 1, 1)
        n = session.scalar(mine.where(Booking.starts_at >= seoul_to_utc(first, time(0)),
                                      Booking.starts_at < seoul_to_utc(nxt, time(0)))) or 0
        if n >= 1:
            raise AppError(409, "reservations.monthly_limit",
                          msg("무료법률상담은 한 달에 한 번만 예약할 수 있습니다 ({year}년 {month}월에 이미 예약이 있습니다).", year=local.year, month=local.month))


def _apply_course(session: Session, user: User, r: Resource, body: c.BookingCreate,
                  now: datetime) -> Booking:
    if now < r.apply_opens_at:
        raise AppError(409, "reservations.not_open_yet",
                      msg("신청 기간이 아닙니다. {format_datetime_ko}부터 신청할 수 있습니다.", format_datetime_ko=format_datetime_ko(r.apply_opens_at)))
    if now >= r.apply_closes_at:
        raise AppError(409, "reservations.period_over", "신청 기간이 끝났습니다.")
    exists = session.scalar(select(Booking.id).where(
        Booking.resource_id == r.id, Booking.user_id == user.id, Booking.status.in_(ACTIVE)))
    if exists:
        raise AppError(409, "reservations.duplicate", "이미 신청한 강좌입니다. 나의 예약을 확인해 주세요.")
    if r.selection == "lottery":
        status = "applied"
    else:
        confirmed = session.scalar(select(func.count()).select_from(Booking).where(
            Booking.resource_id == r.id, Booking.status == "confirmed")) or 0
        status = "confirmed" if confirmed < r.capacity else "waitlisted"
    closures = closures_for(session, [r.id], r.term_starts_on, r.term_ends_on)[r.id]
    starts_at, ends_at = sl.session_bounds(r, sl.course_sessions(r, closures))
    fee = compute_fee(r, 0, body.resident)
    booking = Booking(resource=r, user_id=user.id, status=status, starts_at=starts_at,
                      ends_at=ends_at, headcount=1, resident=body.resident, fee=fee,
                      payment_status="unpaid" if fee else "free", checkin_code=new_checkin_code())
    session.add(booking)
    session.flush()
    return booking


def cancel(session: Session, user: User, booking_id: int, now: datetime) -> Booking:
    b = get_own_booking(session, user, booking_id)
    r = get_resource(session, b.resource_id, lock=True, include_inactive=True)
    session.refresh(b)  # re-read under the lock: a promotion may have just changed it
    if b.status not in ACTIVE:
        raise AppError(409, "reservations.not_active", "이미 취소되었거나 끝난 예약입니다.")
    if not can_cancel(r, b, now):
        raise AppError(409, "reservations.already_started", "이미 시작된 예약은 취소할 수 없습니다.")
    was = b.status
    b.status = "cancelled"
    b.cancelled_at = now
    # Past the resource's deadline the cancellation still frees the slot, but is marked
    # (offices use it for no-show rules); waitlist and lottery entries never count as late.
    b.late_cancel = was in ("confirmed", "pending") and now >= cancel_deadline(r, b)
    session.flush()
    if r.kind == "course" and was == "confirmed":
        promote_waitlist(session, r, now)
    return b


def promote_waitlist(session: Session, r: Resource, now: datetime) -> list[Booking]:
    """Fill free seats from the waitlist, in order; each promoted citizen gets a notice."""
    confirmed = session.scalar(select(func.count()).select_from(Booking).where(
        Booking.resource_id == r.id, Booking.status == "confirmed")) or 0
    free = r.capacity - confirmed
    if free <= 0:
        return []
    promoted = list(session.scalars(
        select(Booking).where(Booking.resource_id == r.id, Booking.status == "waitlisted")
        .order_by(func.coalesce(Booking.lottery_rank, 0), Booking.id).limit(free)))
    for b in promoted:
        b.status = "confirmed"
        notify(session, b.user_id, kind="booking.promoted", title="대기 순번이 되어 수강이 확정되었습니다",
               body=f"{r.name} 수강 신청이 대기에서 확정으로 바뀌었습니다. "
                    f"첫 수업: {format_datetime_ko(b.starts_at)}.",
               link=f"/f/{r.kind}/mine")
    session.flush()
    return promoted


def my_bookings(session: Session, user: User, now: datetime) -> tuple[list[Booking], list[Booking]]:
    rows = list(session.scalars(select(Booking).where(Booking.user_id == user.id)
                                .order_by(Booking.starts_at, Booking.id)))
    upcoming = [b for b in rows if b.status in ACTIVE and b.ends_at > now]
    past = [b for b in rows if not (b.status in ACTIVE and b.ends_at > now)]
    past.reverse()  # most recent first
    return upcoming, past
