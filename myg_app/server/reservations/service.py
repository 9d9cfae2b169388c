"""Booking rules for all four functions. Takes a Session; no HTTP here.

Capacity is checked while holding a row lock on the resource (`SELECT ... FOR UPDATE` on
PostgreSQL; on SQLite every write transaction already holds the database's write lock via
BEGIN IMMEDIATE), and per-citizen limits while holding the citizen's row: never
check-then-insert without a lock. Lock order is always user, then resource (no deadlocks).
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from myg_app.contracts import reservations as c
from myg_app.seoul_time import SEOUL, format_date_ko, format_datetime_ko, seoul_to_utc
from myg_app.server.auth.roles import may_act_for
from myg_app.server.auth.models import User
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.privacy import mask_name
from myg_app.server.reservations import slots as sl
from myg_app.server.reservations.models import Booking, Closure, Resource

ACTIVE = ("pending", "applied", "confirmed", "waitlisted")  # not yet ended by anyone
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed from a screen
CODE_LEN = 10  # 32^10 ~ 2^50 codes: not guessable at a counter


def _full() -> AppError:
    return AppError(409, "reservations.full",
                   "방금 다른 분이 예약해 남은 자리가 없습니다. 다른 시간을 선택해 주세요.")


# --- lookups ---------------------------------------------------------------------------
def get_resource(session: Session, resource_id: int, *, lock: bool = False,
                 include_inactive: bool = False) -> Resource:
    stmt = select(Resource).where(Resource.id == resource_id)
    if lock:
        stmt = stmt.with_for_update()
    r = session.scalars(stmt).one_or_none()
    if r is None or (not r.is_active and not include_inactive):
        raise AppError(404, "reservations.resource_not_found", "시설이나 강좌를 찾을 수 없습니다.")
    return r


def lock_user(session: Session, user_id: int) -> None:
    """Serialise one citizen's bookings (per-citizen limits, idempotent retries)."""
    session.execute(select(User.id).where(User.id == user_id).with_for_update())


def closures_for(session: Session, resource_ids: list[int], start: date,
                 end: date) -> dict[int, list[Closure]]:
    out: dict[int, list[Closure]] = {i: [] for i in resource_ids}
    rows = session.scalars(select(Closure).where(
        Closure.resource_id.in_(resource_ids), Closure.starts_on <= end, Closure.ends_on >= start))
    for cl in rows:
        out[cl.resource_id].append(cl)
    return out


def holding_bookings(session: Session, resource_ids: list[int], start: datetime,
                     end: datetime) -> dict[int, list[Booking]]:
    out: dict[int, list[Booking]] = {i: [] for i in resource_ids}
    rows = session.scalars(select(Booking).where(
        Booking.resource_id.in_(resource_ids), Booking.status.in_(sl.HOLDING),
        Booking.starts_at < end, Booking.ends_at > start))
    for b in rows:
        out[b.resource_id].append(b)
    return out


def _day_window(first: date, last: date) -> tuple[datetime, datetime]:
    return seoul_to_utc(first, time(0)), seoul_to_utc(last + timedelta(days=1), time(0))


# --- browsing --------------------------------------------------------------------------
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
    bookings = holding_bookings(session, ids, *_day_window(day, day))
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
    bookings = holding_bookings(session, [r.id], *_day_window(first, last))[r.id]
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
            days.append(c.MonthDay(day=d, state=block.state, free_slots=0, note=block.note))
        else:
            free = sum(1 for s in sl.day_slots(r, d, by_day.get(d, []), now) if s.state == "free")
            days.append(c.MonthDay(day=d, state="free" if free else "full", free_slots=free))
        d += timedelta(days=1)
    return days


def day_view(session: Session, r: Resource, day: date, now: datetime) -> c.DayOut:
    _no_slots_for_course(r)
    closures = closures_for(session, [r.id], day, day)[r.id]
    block = sl.day_block(r, day, closures, now)
    if block:
        return c.DayOut(resource_id=r.id, day=day, state=block.state, note=block.note, slots=[])
    bookings = holding_bookings(session, [r.id], *_day_window(day, day))[r.id]
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


# --- fees ------------------------------------------------------------------------------
def compute_fee(r: Resource, minutes: int, resident: bool) -> int:
    """KRW. Hourly rate for halls and courts (pro rata per minute), a term fee for courses,
    legal counsel is free. Residents pay the resident rate (self-declared, checked on site)."""
    rate = r.fee_resident if resident else r.fee_nonresident
    if r.kind == "legal":
        return 0
    if r.kind == "course":
        return rate
    return rate * minutes // 60


# --- booking ---------------------------------------------------------------------------
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
    if body.start is None:
        raise AppError(422, "reservations.start_required", "시작 시간을 선택해 주세요.", "start")
    step = r.slot_minutes
    start_min = body.start.hour * 60 + body.start.minute
    if r.kind == "facility":
        if body.end is None:
            raise AppError(422, "reservations.end_required", "끝나는 시간을 선택해 주세요.", "end")
        end_min = body.end.hour * 60 + body.end.minute
    else:
        end_min = start_min + step  # sports and legal: exactly one slot
    opens = r.opens.hour * 60 + r.opens.minute
    closes = r.closes.hour * 60 + r.closes.minute
    if end_min <= start_min:
        raise AppError(422, "reservations.bad_range", "끝나는 시간은 시작 시간보다 늦어야 합니다.",
                      "end")
    if start_min < opens or end_min > closes:
        raise AppError(422, "reservations.outside_hours",
                      f"운영 시간({r.opens:%H:%M}~{r.closes:%H:%M}) 안에서 선택해 주세요.", "start")
    if (start_min - opens) % step or (end_min - opens) % step:
        raise AppError(422, "reservations.off_grid",
                      f"{step}분 단위로 정해진 시간에서 선택해 주세요.", "start")
    if r.kind == "facility":
        if not body.purpose:
            raise AppError(422, "reservations.purpose_required", "사용 목적을 입력해 주세요.",
                          "purpose")
        if r.max_headcount and body.headcount > r.max_headcount:
            raise AppError(422, "reservations.too_many_people",
                          f"이 시설은 최대 {r.max_headcount}명까지 이용할 수 있습니다.", "headcount")
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
                      f"{format_date_ko(body.day)}은(는) 예약할 수 없습니다: {block.note}.")
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
        resource_id=r.id, user_id=user.id,
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
                          f"체육시설은 앞으로의 예약을 한 사람당 {r.max_active_per_user}건까지 할 수 "
                          "있습니다. 기존 예약을 이용하거나 취소한 뒤 다시 예약해 주세요.")
    if r.kind == "legal":
        local = starts_at.astimezone(SEOUL)
        first = date(local.year, local.month, 1)
        nxt = date(local.year + local.month // 12, local.month % 12 + 1, 1)
        n = session.scalar(mine.where(Booking.starts_at >= seoul_to_utc(first, time(0)),
                                      Booking.starts_at < seoul_to_utc(nxt, time(0)))) or 0
        if n >= 1:
            raise AppError(409, "reservations.monthly_limit",
                          f"무료법률상담은 한 달에 한 번만 예약할 수 있습니다 "
                          f"({local.year}년 {local.month}월에 이미 예약이 있습니다).")


def _apply_course(session: Session, user: User, r: Resource, body: c.BookingCreate,
                  now: datetime) -> Booking:
    if now < r.apply_opens_at:
        raise AppError(409, "reservations.not_open_yet",
                      f"신청 기간이 아닙니다. {format_datetime_ko(r.apply_opens_at)}부터 신청할 수 있습니다.")
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
    booking = Booking(resource_id=r.id, user_id=user.id, status=status, starts_at=starts_at,
                      ends_at=ends_at, headcount=1, resident=body.resident, fee=fee,
                      payment_status="unpaid" if fee else "free", checkin_code=new_checkin_code())
    session.add(booking)
    session.flush()
    return booking


def get_own_booking(session: Session, user: User, booking_id: int) -> Booking:
    b = session.get(Booking, booking_id)
    if b is None or b.user_id != user.id:  # someone else's booking looks missing
        raise AppError(404, "reservations.booking_not_found", "예약을 찾을 수 없습니다.")
    return b


def cancel_deadline(r: Resource, b: Booking) -> datetime:
    return b.starts_at - timedelta(hours=r.cancel_hours)


def can_cancel(r: Resource, b: Booking, now: datetime) -> bool:
    if b.status not in ACTIVE:
        return False
    return now < (b.ends_at if r.kind == "course" else b.starts_at)


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


def waitlist_position(session: Session, b: Booking) -> int | None:
    if b.status != "waitlisted":
        return None
    ahead = session.scalars(select(Booking).where(
        Booking.resource_id == b.resource_id, Booking.status == "waitlisted"))
    key = (b.lottery_rank or 0, b.id)
    return 1 + sum(1 for o in ahead if (o.lottery_rank or 0, o.id) < key)


def my_bookings(session: Session, user: User, now: datetime) -> tuple[list[Booking], list[Booking]]:
    rows = list(session.scalars(select(Booking).where(Booking.user_id == user.id)
                                .order_by(Booking.starts_at, Booking.id)))
    upcoming = [b for b in rows if b.status in ACTIVE and b.ends_at > now]
    past = [b for b in rows if not (b.status in ACTIVE and b.ends_at > now)]
    past.reverse()  # most recent first
    return upcoming, past


def booking_out(session: Session, b: Booking, now: datetime,
                resources: dict[int, Resource] | None = None) -> c.BookingOut:
    r = (resources or {}).get(b.resource_id) or session.get(Resource, b.resource_id)
    if r.kind == "course":
        when = (f"{format_date_ko(b.starts_at.astimezone(SEOUL).date())} ~ "
                f"{format_date_ko(b.ends_at.astimezone(SEOUL).date())} {r.opens:%H:%M}~{r.closes:%H:%M}")
    else:
        when = f"{format_datetime_ko(b.starts_at)}~{b.ends_at.astimezone(SEOUL):%H:%M}"
    return c.BookingOut(
        id=b.id, resource_id=r.id, resource_name=r.name, kind=r.kind, place=r.place,
        status=b.status, status_ko=c.STATUS_NAMES[b.status], starts_at=b.starts_at,
        ends_at=b.ends_at, when_ko=when, headcount=b.headcount, purpose=b.purpose,
        topic=b.topic, description=b.description, resident=b.resident, fee=b.fee,
        payment_status=b.payment_status, payment_method=b.payment_method,
        checkin_code=b.checkin_code, checked_in_at=b.checked_in_at,
        decision_reason=b.decision_reason, cancelled_at=b.cancelled_at,
        late_cancel=b.late_cancel, can_cancel=can_cancel(r, b, now),
        cancel_deadline=cancel_deadline(r, b), waitlist_position=waitlist_position(session, b),
        created_at=b.created_at,
    )


# --- lottery ---------------------------------------------------------------------------
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


# --- officers --------------------------------------------------------------------------
def check_department(officer: User, r: Resource) -> None:
    if not may_act_for(officer, r.department):
        raise AppError(403, "reservations.other_department",
                      f"{r.department} 담당 시설입니다. 소속 부서의 시설만 관리할 수 있습니다.")


def officer_department(officer: User) -> str | None:
    """None = every department (admin)."""
    return None if officer.role == "admin" else (officer.department or "")


def officer_booking(session: Session, officer: User, booking_id: int, *,
                    lock: bool = False) -> tuple[Booking, Resource]:
    b = session.get(Booking, booking_id)
    if b is None:
        raise AppError(404, "reservations.booking_not_found", "예약을 찾을 수 없습니다.")
    r = get_resource(session, b.resource_id, lock=lock, include_inactive=True)
    check_department(officer, r)
    if lock:
        session.refresh(b)
    return b, r


def approve(session: Session, officer: User, booking_id: int, now: datetime) -> Booking:
    b, r = officer_booking(session, officer, booking_id, lock=True)
    if b.status != "pending":
        raise AppError(409, "reservations.not_pending", "승인 대기 중인 신청이 아닙니다.")
    if b.starts_at <= now:
        raise AppError(409, "reservations.expired", "이용 시간이 이미 지난 신청입니다. 반려해 주세요.")
    b.status, b.decided_by, b.decided_at = "confirmed", officer.id, now
    fee = f" 사용료 {b.fee:,}원은 현장 또는 계좌이체로 납부해 주세요." if b.fee else ""
    notify(session, b.user_id, kind="booking.approved", title="대관 신청이 승인되었습니다",
           body=f"{r.name} {format_datetime_ko(b.starts_at)} 대관이 승인되었습니다.{fee}",
           link=f"/f/{r.kind}/mine")
    session.flush()
    return b


def reject(session: Session, officer: User, booking_id: int, reason: str,
           now: datetime) -> Booking:
    b, r = officer_booking(session, officer, booking_id, lock=True)
    if b.status != "pending":
        raise AppError(409, "reservations.not_pending", "승인 대기 중인 신청이 아닙니다.")
    b.status, b.decided_by, b.decided_at = "rejected", officer.id, now
    b.decision_reason = reason.strip()
    notify(session, b.user_id, kind="booking.rejected", title="대관 신청이 반려되었습니다",
           body=f"{r.name} {format_datetime_ko(b.starts_at)} 신청이 반려되었습니다. 사유: {b.decision_reason}",
           link=f"/f/{r.kind}/mine")
    session.flush()
    return b


def record_payment(session: Session, officer: User, booking_id: int, method: str,
                   now: datetime) -> Booking:
    b, _r = officer_booking(session, officer, booking_id, lock=True)
    if b.payment_status == "free":
        raise AppError(409, "reservations.free", "사용료가 없는 예약입니다.")
    if b.payment_status == "paid":
        raise AppError(409, "reservations.already_paid", "이미 납부 처리된 예약입니다.")
    if b.status not in ("confirmed", "pending"):
        raise AppError(409, "reservations.not_active", "취소되었거나 반려된 예약입니다.")
    b.payment_status, b.payment_method, b.paid_at = "paid", method, now
    session.flush()
    return b


def checkin(session: Session, officer: User, code: str, now: datetime) -> Booking:
    b = session.scalars(select(Booking).where(Booking.checkin_code == normalize_code(code))
                        ).one_or_none()
    if b is None:
        raise AppError(404, "reservations.code_unknown",
                      "확인되지 않는 입장 코드입니다. 코드를 다시 확인해 주세요.", "code")
    r = get_resource(session, b.resource_id, include_inactive=True)
    check_department(officer, r)
    if b.status != "confirmed":
        raise AppError(409, "reservations.not_confirmed",
                      f"확정된 예약이 아닙니다 (현재 상태: {c.STATUS_NAMES[b.status]}).")
    today = sl.seoul_today(now)
    if not (sl.seoul_today(b.starts_at) <= today <= sl.seoul_today(b.ends_at)):
        raise AppError(409, "reservations.not_today",
                      f"오늘 이용하는 예약이 아닙니다 ({format_datetime_ko(b.starts_at)} 예약).")
    if r.kind == "course":
        closures = closures_for(session, [r.id], r.term_starts_on, r.term_ends_on)[r.id]
        if today not in sl.course_sessions(r, closures):
            raise AppError(409, "reservations.not_today", "오늘은 이 강좌의 수업일이 아닙니다.")
    b.checked_in_at = now  # a course checks in at each session; the last one is kept
    session.flush()
    return b


def officer_out(b: Booking, r: Resource, user_name: str) -> c.OfficerBookingOut:
    return c.OfficerBookingOut(
        id=b.id, resource_id=r.id, resource_name=r.name, kind=r.kind,
        user_name=mask_name(user_name), status=b.status, status_ko=c.STATUS_NAMES[b.status],
        starts_at=b.starts_at, ends_at=b.ends_at,
        when_ko=f"{format_datetime_ko(b.starts_at)}~{b.ends_at.astimezone(SEOUL):%H:%M}",
        headcount=b.headcount, purpose=b.purpose, topic=b.topic, resident=b.resident,
        fee=b.fee, payment_status=b.payment_status, payment_method=b.payment_method,
        checked_in_at=b.checked_in_at, late_cancel=b.late_cancel)


def officer_list(session: Session, officer: User, *, status: str | None = None,
                 resource_id: int | None = None, day: date | None = None
                 ) -> list[c.OfficerBookingOut]:
    stmt = (select(Booking, Resource, User.name).join(Resource, Booking.resource_id == Resource.id)
            .join(User, Booking.user_id == User.id).order_by(Booking.starts_at, Booking.id))
    dept = officer_department(officer)
    if dept is not None:
        stmt = stmt.where(Resource.department == dept)
    if status:
        stmt = stmt.where(Booking.status == status)
    if resource_id is not None:
        r = get_resource(session, resource_id, include_inactive=True)
        check_department(officer, r)
        stmt = stmt.where(Booking.resource_id == resource_id)
    if day is not None:
        start, end = _day_window(day, day)
        stmt = stmt.where(Booking.starts_at < end, Booking.ends_at > start,
                          Booking.status.in_(("pending", "confirmed", "cancelled")))
    return [officer_out(b, r, name) for b, r, name in session.execute(stmt)]


def add_closure(session: Session, officer: User, resource_id: int, body: c.ClosureIn) -> Closure:
    r = get_resource(session, resource_id, include_inactive=True)
    check_department(officer, r)
    if body.ends_on < body.starts_on:
        raise AppError(422, "reservations.bad_range", "끝나는 날은 시작하는 날보다 빠를 수 없습니다.",
                      "ends_on")
    if (body.ends_on - body.starts_on).days > 366:
        raise AppError(422, "reservations.too_long", "휴관은 1년 이내로 지정해 주세요.", "ends_on")
    cl = Closure(resource_id=r.id, starts_on=body.starts_on, ends_on=body.ends_on,
                 reason=body.reason.strip(), created_by=officer.id)
    session.add(cl)
    session.flush()
    return cl


def list_closures(session: Session, officer: User | None, resource_id: int) -> list[Closure]:
    r = get_resource(session, resource_id, include_inactive=True)
    if officer is not None:
        check_department(officer, r)
    return list(session.scalars(select(Closure).where(Closure.resource_id == resource_id)
                                .order_by(Closure.starts_on)))


def delete_closure(session: Session, officer: User, closure_id: int) -> None:
    cl = session.get(Closure, closure_id)
    if cl is None:
        raise AppError(404, "reservations.closure_not_found", "휴관 일정을 찾을 수 없습니다.")
    check_department(officer, get_resource(session, cl.resource_id, include_inactive=True))
    session.delete(cl)
    session.flush()


def patch_schedule(session: Session, officer: User, resource_id: int,
                   body: c.SchedulePatch) -> Resource:
    r = get_resource(session, resource_id, lock=True, include_inactive=True)
    check_department(officer, r)
    changes = body.model_dump(exclude_unset=True)
    if "weekdays" in changes:
        days = changes.pop("weekdays") or []
        if any(d not in range(7) for d in days):
            raise AppError(422, "reservations.bad_weekdays", "요일은 0(월)~6(일)로 지정해 주세요.",
                          "weekdays")
        r.weekdays = "".join("1" if i in days else "0" for i in range(7))
    for k, v in changes.items():
        if v is not None:
            setattr(r, k, v)
    if r.closes <= r.opens:
        raise AppError(422, "reservations.bad_hours", "닫는 시간은 여는 시간보다 늦어야 합니다.", "closes")
    session.flush()
    return r


def officer_out_for(session: Session, b: Booking) -> c.OfficerBookingOut:
    r = session.get(Resource, b.resource_id)
    return officer_out(b, r, session.scalar(select(User.name).where(User.id == b.user_id)) or "")
