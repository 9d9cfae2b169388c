"""The officers' desk: collection, the day's schedule per 읍면동, worklists."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from myg_app.contracts.waste import AreaSchedule, OfficerBooking, Schedule
from myg_app.i18n import msg
from myg_app.server.auth.models import User
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.payments.models import Payment
from myg_app.server.payments.settings import PaymentSettings
from myg_app.server.waste import clock
from myg_app.server.waste.areas import AREAS
from myg_app.server.waste.bookings import get_for_officer, route
from myg_app.server.waste.models import WasteBooking
from myg_app.server.waste.present import officer_out


def collect(session: Session, officer: User, booking_id: int) -> WasteBooking:
    booking = get_for_officer(session, booking_id, lock=True)
    if booking.status == "collected":
        return booking  # a second tap on the truck's tablet
    if booking.status != "paid":
        raise AppError(409, "waste.not_collectable", "결제가 끝난 신청만 수거 완료로 바꿀 수 있습니다.")
    if clock.today() < booking.pickup_date:
        raise AppError(409, "waste.before_pickup_date",
                         msg("수거일({pickup_date:%m월 %d일}) 전에는 수거 완료로 바꿀 수 없습니다.", pickup_date=booking.pickup_date))
    booking.status = "collected"
    booking.collected_at = clock.utcnow()
    booking.collected_by = officer.id
    notify(session, booking.user_id, kind="waste.collected", title="대형폐기물을 수거했습니다",
           body=f"배출번호 {booking.emission_no} 물품을 수거했습니다. 이용해 주셔서 감사합니다.",
           link=route(booking.id))
    session.flush()
    return booking


def schedule(session: Session, settings: PaymentSettings, day: date,
             area: str | None = None) -> Schedule:
    stmt = (select(WasteBooking).where(WasteBooking.pickup_date == day,
                                       WasteBooking.status.in_(("paid", "collected")))
            .order_by(WasteBooking.emission_no))
    if area:
        stmt = stmt.where(WasteBooking.area == area)
    rows = list(session.scalars(stmt).unique())
    names = names_of(session, rows)
    groups = []
    for a in AREAS:
        mine = [b for b in rows if b.area == a.code]
        if mine:
            groups.append(AreaSchedule(
                area=a.code, area_name=a.name,
                pieces=sum(ln.quantity for b in mine for ln in b.lines),
                bookings=[officer_out(b, names, settings) for b in mine]))
    return Schedule(day=day, areas=groups, total_bookings=len(rows))


def worklist(session: Session, status: str) -> list[WasteBooking]:
    """Bookings waiting for an officer: deposits to confirm or refunds to send."""
    stmt = select(WasteBooking).order_by(WasteBooking.pickup_date, WasteBooking.id)
    if status == "awaiting_deposit":
        stmt = stmt.where(WasteBooking.status == "awaiting_deposit")
    else:
        stmt = stmt.join(Payment, WasteBooking.payment_id == Payment.id).where(
            Payment.status == "refund_pending")
    return list(session.scalars(stmt).unique())


def names_of(session: Session, rows: list[WasteBooking]) -> dict[int, str]:
    ids = {b.user_id for b in rows}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def officer_list(session: Session, rows: list[WasteBooking],
                 settings: PaymentSettings) -> list[OfficerBooking]:
    names = names_of(session, rows)
    return [officer_out(b, names, settings) for b in rows]
