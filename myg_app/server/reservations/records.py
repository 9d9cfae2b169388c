"""Reservation records: lookups (resources, closures, holding bookings, a citizen's own
booking), department checks and the citizen-facing booking presenter. No HTTP here."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts import reservations as c
from myg_app.i18n import msg
from myg_app.seoul_time import SEOUL, format_date_ko, format_datetime_ko, seoul_to_utc
from myg_app.server.auth.models import User
from myg_app.server.auth.roles import may_act_for
from myg_app.server.errors import AppError
from myg_app.server.reservations import slots as sl
from myg_app.server.reservations.models import Booking, Closure, Resource

ACTIVE = ("pending", "applied", "confirmed", "waitlisted")  # not yet ended by anyone


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


def day_window(first: date, last: date) -> tuple[datetime, datetime]:
    return seoul_to_utc(first, time(0)), seoul_to_utc(last + timedelta(days=1), time(0))


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


def waitlist_position(session: Session, b: Booking) -> int | None:
    if b.status != "waitlisted":
        return None
    ahead = session.scalars(select(Booking).where(
        Booking.resource_id == b.resource_id, Booking.status == "waitlisted"))
    key = (b.lottery_rank or 0, b.id)
    return 1 + sum(1 for o in ahead if (o.lottery_rank or 0, o.id) < key)


def booking_out(session: Session, b: Booking, now: datetime,
                resources: dict[int, Resource] | None = None) -> c.BookingOut:
    r = (resources or {}).get(b.resource_id) or b.resource
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
        cancel_deadline_passed=now >= cancel_deadline(r, b),
    )


def check_department(officer: User, r: Resource) -> None:
    if not may_act_for(officer, r.department):
        raise AppError(403, "reservations.other_department",
                      msg("{department} 담당 시설입니다. 소속 부서의 시설만 관리할 수 있습니다.", department=r.department))


def officer_department(officer: User) -> str | None:
    """None = every department (admin)."""
    return None if officer.role == "admin" else (officer.department or "")
