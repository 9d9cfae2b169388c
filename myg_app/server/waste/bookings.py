"""Bulky-waste bookings: applying for a pickup date of one's 읍면동, finding bookings, the
cancellation deadline.

State changes load the booking with a row lock (FOR UPDATE on PostgreSQL; SQLite's
BEGIN IMMEDIATE already serialises writers), so a double tap, a retry and an officer
acting at the same moment apply one after the other.
"""
from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app import catalog
from myg_app.contracts.common import FieldError
from myg_app.contracts.waste import BookingCreate
from myg_app.i18n import msg
from myg_app.server.auth.models import User
from myg_app.server.errors import AppError
from myg_app.server.waste import clock
from myg_app.server.waste.areas import BY_CODE, collection_dates
from myg_app.server.waste.catalogue import quote
from myg_app.server.waste.models import WasteBooking, WasteBookingLine

DEPARTMENT = catalog.OWNERS["bulky_waste"]


def not_found() -> AppError:
    return AppError(404, "waste.not_found", "신청 내역을 찾을 수 없습니다.")


def route(booking_id: int) -> str:
    return f"/f/bulky_waste/bookings/{booking_id}"


def create_booking(session: Session, user: User, body: BookingCreate) -> WasteBooking:
    area = BY_CODE.get(body.area)
    if area is None:
        raise AppError(422, "validation_error", "읍면동을 선택해 주세요.",
                         errors=[FieldError(field="area", message="광양시 읍면동 중에서 골라 주세요.")])
    dates, skipped = collection_dates(area, clock.today())
    if body.pickup_date not in dates:
        holiday = dict(skipped).get(body.pickup_date)
        why = (f"{holiday}이라 수거하지 않습니다." if holiday
               else f"{area.name}은(는) {area.schedule_ko}이며, 이틀 뒤부터 4주 안의 날짜만 고를 수 있습니다.")
        raise AppError(422, "waste.date_unavailable", msg("고른 날짜에는 수거하지 않습니다. {why}", why=why),
                         errors=[FieldError(field="pickup_date", message=why)])
    lines, total = quote(session, body.items)
    if body.expected_fee != total:
        raise AppError(409, "waste.fee_changed",
                         msg("수수료가 {total:,}원으로 계산되었습니다. 금액을 확인하고 다시 신청해 주세요.", total=total))
    booking = WasteBooking(
        user_id=user.id, order_id=f"BW{clock.today():%y%m%d}{secrets.token_hex(6).upper()}",
        area=area.code, address=body.address.strip(), note=(body.note or "").strip() or None,
        pickup_date=body.pickup_date, total_fee=total, status="pending_payment",
        lines=[WasteBookingLine(item_id=ln.item_id, name=ln.name, size_label=ln.size_label,
                                unit_fee=ln.unit_fee, quantity=ln.quantity, amount=ln.amount)
               for ln in lines])
    session.add(booking)
    session.flush()
    return booking


def list_mine(session: Session, user: User) -> list[WasteBooking]:
    return list(session.scalars(select(WasteBooking).where(WasteBooking.user_id == user.id)
                                .order_by(WasteBooking.pickup_date.desc(), WasteBooking.id.desc())))


def get_mine(session: Session, user: User, booking_id: int, *, lock: bool = False) -> WasteBooking:
    booking = load(session, booking_id, lock)
    if booking is None or booking.user_id != user.id:
        raise not_found()  # someone else's booking looks like a missing one
    return booking


def load(session: Session, booking_id: int, lock: bool) -> WasteBooking | None:
    stmt = select(WasteBooking).where(WasteBooking.id == booking_id)
    if lock:
        stmt = stmt.with_for_update(of=WasteBooking)
    return session.scalars(stmt).unique().one_or_none()


def get_for_officer(session: Session, booking_id: int, *, lock: bool = False) -> WasteBooking:
    booking = load(session, booking_id, lock)
    if booking is None:
        raise not_found()
    return booking


def cancel_until(booking: WasteBooking) -> date:
    return booking.pickup_date - timedelta(days=1)


def can_cancel(booking: WasteBooking) -> bool:
    return (booking.status in ("pending_payment", "awaiting_deposit", "paid")
            and clock.today() <= cancel_until(booking))


def booking_by_order(session: Session, order_id: str, *, lock: bool = False) -> WasteBooking:
    stmt = select(WasteBooking).where(WasteBooking.order_id == order_id)
    if lock:
        stmt = stmt.with_for_update(of=WasteBooking)
    booking = session.scalars(stmt).unique().one_or_none()
    if booking is None:
        raise not_found()
    return booking
