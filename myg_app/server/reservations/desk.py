"""The officer desk: approve/reject, payments, check-in, booking lists, closures and
schedules, always within the officer's department."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts import reservations as c
from myg_app.i18n import msg
from myg_app.seoul_time import SEOUL, format_datetime_ko
from myg_app.server.auth.models import User
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.privacy import mask_name
from myg_app.server.reservations import slots as sl
from myg_app.server.reservations.booking import normalize_code
from myg_app.server.reservations.models import Booking, Closure, Resource
from myg_app.server.reservations.records import (check_department, closures_for, day_window,
                                                 get_resource, officer_department)


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
                      msg("확정된 예약이 아닙니다 (현재 상태: {STATUS_NAMES}).", STATUS_NAMES=c.STATUS_NAMES[b.status]))
    today = sl.seoul_today(now)
    if not (sl.seoul_today(b.starts_at) <= today <= sl.seoul_today(b.ends_at)):
        raise AppError(409, "reservations.not_today",
                      msg("오늘 이용하는 예약이 아닙니다 ({format_datetime_ko} 예약).", format_datetime_ko=format_datetime_ko(b.starts_at)))
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
        start, end = day_window(day, day)
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
