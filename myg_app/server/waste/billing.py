"""Paying for a booking (card or bank transfer), deposits confirmed by an officer, expiry of
unpaid bookings, cancellation with refund.

State changes load the booking with a row lock (FOR UPDATE on PostgreSQL; SQLite's
BEGIN IMMEDIATE already serialises writers), so a double tap, a retry and an officer
acting at the same moment apply one after the other.
"""
from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from myg_app.contracts.payments import RefundAccount
from myg_app.i18n import msg
from myg_app.seoul_time import seoul_to_utc
from myg_app.server.auth.models import User
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.payments import service as payments
from myg_app.server.payments.models import Payment
from myg_app.server.payments.settings import PaymentSettings
from myg_app.server.waste import clock
from myg_app.server.waste.areas import BY_CODE
from myg_app.server.waste.bookings import (booking_by_order, can_cancel, cancel_until,
                                           get_for_officer, get_mine, route)
from myg_app.server.waste.emission import new_emission_no
from myg_app.server.waste.models import WasteBooking

PURPOSE = "bulky_waste"


def _order_name(booking: WasteBooking) -> str:
    first = booking.lines[0].name if booking.lines else "대형폐기물"
    more = sum(ln.quantity for ln in booking.lines) - 1
    return f"대형폐기물 {first}" + (f" 외 {more}개" if more > 0 else "")


def _deposit_due(booking: WasteBooking, settings: PaymentSettings) -> datetime:
    # Deposits must arrive before the cancellation deadline ends (the day before pickup).
    end_of_deadline = seoul_to_utc(cancel_until(booking), time(23, 59, 59))
    return min(clock.utcnow() + timedelta(hours=settings.deposit_hours), end_of_deadline)


def start_payment(session: Session, settings: PaymentSettings, user: User, booking_id: int,
                  method: str) -> WasteBooking:
    booking = get_mine(session, user, booking_id, lock=True)
    payment = booking.payment
    if payment is not None and payment.method == method and payment.status in (
            "ready", "waiting_deposit"):
        return booking  # the same choice again (a retry): nothing changes
    if booking.status not in ("pending_payment", "awaiting_deposit") or (
            payment is not None and payment.status not in ("ready", "waiting_deposit")):
        raise AppError(409, "waste.not_payable", "이미 결제했거나 취소된 신청입니다.")
    if not can_cancel(booking):
        raise AppError(409, "waste.deadline_passed",
                         "수거일 전날이 지나 결제할 수 없습니다. 새로 신청해 주세요.")
    if payment is not None:
        # Switching method before anything was paid: the old instructions stop counting.
        payments.void(payment)
        payment.order_id = f"{payment.order_id[:40]}-X{secrets.token_hex(3)}"
        session.flush()
    new = payments.create(
        session, settings, purpose=PURPOSE, order_id=booking.order_id,
        order_name=_order_name(booking), amount=booking.total_fee, method=method,
        depositor=f"{user.name[:10]}{booking.id}",
        due_at=_deposit_due(booking, settings) if method == "bank_transfer" else None)
    booking.payment = new
    booking.status = "awaiting_deposit" if new.status == "waiting_deposit" else "pending_payment"
    session.flush()
    return booking


def confirm_card(session: Session, settings: PaymentSettings, user: User, booking_id: int, *,
                 payment_key: str, order_id: str, amount: int, secret: str) -> WasteBooking:
    booking = get_mine(session, user, booking_id, lock=True)
    if booking.payment is None:
        raise AppError(409, "waste.not_payable", "먼저 결제 방법을 골라 주세요.")
    if booking.status == "cancelled":
        raise AppError(409, "waste.not_payable", "취소된 신청입니다.")
    if payments.confirm_online(booking.payment, settings, payment_key=payment_key,
                             order_id=order_id, amount=amount):
        mark_paid(session, booking, secret)
    return booking


def confirm_card_redirect(session: Session, settings: PaymentSettings, *, payment_key: str,
                          order_id: str, amount: int, secret: str) -> WasteBooking:
    """The gateway's successUrl redirect (in the payer's browser, without our login): the
    order id names the booking, and the amount check plus the gateway's confirmation with
    our secret key are what make it trustworthy."""
    booking = booking_by_order(session, order_id, lock=True)
    if booking.payment is None or booking.status == "cancelled":
        raise AppError(409, "waste.not_payable", "결제할 수 없는 신청입니다.")
    if payments.confirm_online(booking.payment, settings, payment_key=payment_key,
                             order_id=order_id, amount=amount):
        mark_paid(session, booking, secret)
    return booking


def confirm_deposit(session: Session, settings: PaymentSettings, officer: User,
                    booking_id: int, amount: int, secret: str) -> WasteBooking:
    booking = get_for_officer(session, booking_id, lock=True)
    if booking.payment is None or booking.status != "awaiting_deposit":
        raise AppError(409, "waste.not_awaiting_deposit", "입금 확인을 기다리는 신청이 아닙니다.")
    if booking.payment.due_at and booking.payment.due_at < clock.utcnow():
        raise AppError(409, "waste.deposit_expired",
                         "입금 기한이 지난 신청입니다. 신청인에게 다시 신청하도록 안내해 주세요.")
    payments.confirm_deposit(booking.payment, settings, amount=amount, officer_id=officer.id)
    mark_paid(session, booking, secret)
    return booking


def expire_unpaid(session: Session) -> int:
    """Bookings whose virtual account passed its deadline unpaid end here (the bank no
    longer accepts deposits to it). Run lazily before lists are shown; idempotent."""
    rows = list(session.scalars(
        select(WasteBooking).outerjoin(Payment, WasteBooking.payment_id == Payment.id)
        .where(or_(
            and_(WasteBooking.status == "awaiting_deposit", Payment.due_at < clock.utcnow()),
            # Never paid by the pickup day (e.g. a card window left open): too late now.
            and_(WasteBooking.status == "pending_payment",
                 WasteBooking.pickup_date <= clock.today())))
        .with_for_update(of=WasteBooking)).unique())
    for booking in rows:
        if booking.payment is not None:
            payments.void(booking.payment)
        booking.status = "cancelled"
        booking.cancelled_at = clock.utcnow()
        booking.cancel_reason = "결제 기한 경과"
        notify(session, booking.user_id, kind="waste.expired",
               title="결제 기한이 지나 대형폐기물 신청이 취소되었습니다",
               body=f"{booking.pickup_date:%m월 %d일} 수거 신청은 결제가 확인되지 않아 취소되었습니다. "
                    "필요하면 다시 신청해 주세요.", link=route(booking.id))
    session.flush()
    return len(rows)


def mark_paid(session: Session, booking: WasteBooking, secret: str) -> None:
    booking.status = "paid"
    booking.paid_at = clock.utcnow()
    booking.emission_no = new_emission_no(session, booking)
    area = BY_CODE[booking.area]
    notify(session, booking.user_id, kind="waste.paid", title="대형폐기물 배출번호가 발급되었습니다",
           body=(f"배출번호 {booking.emission_no}. {booking.pickup_date:%m월 %d일} {area.name} 수거 예정입니다. "
                 "배출번호(또는 QR 코드)를 적어 물건에 붙여 전날 밤까지 내놓아 주세요."),
           link=route(booking.id))
    session.flush()


def cancel(session: Session, settings: PaymentSettings, user: User, booking_id: int, *,
           reason: str, refund_account: RefundAccount | None) -> WasteBooking:
    booking = get_mine(session, user, booking_id, lock=True)
    if booking.status == "cancelled":
        return booking  # a retry of the same cancellation
    if booking.status == "collected":
        raise AppError(409, "waste.already_collected", "이미 수거한 신청은 취소·환불할 수 없습니다.")
    if clock.today() > cancel_until(booking):
        raise AppError(409, "waste.cancel_deadline_passed",
                         msg("취소·환불은 수거일 전날({cancel_until:%m월 %d일})까지만 할 수 있습니다.", cancel_until=cancel_until(booking)))
    refunded_now = False
    payment = booking.payment
    if payment is not None and payment.status == "done":
        refunded_now = payments.refund(payment, settings, reason=reason, account=refund_account)
    elif payment is not None and payment.status in ("ready", "waiting_deposit"):
        payments.void(payment)
    booking.status = "cancelled"
    booking.cancelled_at = clock.utcnow()
    booking.cancel_reason = reason[:200]
    if payment is not None and payment.refund_amount:
        body = (f"수수료 {payment.refund_amount:,}원을 환불했습니다." if refunded_now else
                f"수수료 {payment.refund_amount:,}원은 담당자가 알려주신 계좌로 3영업일 안에 보내드립니다.")
    else:
        body = "결제 전이라 환불할 금액은 없습니다."
    notify(session, booking.user_id, kind="waste.cancelled", title="대형폐기물 신청이 취소되었습니다",
           body=body, link=route(booking.id))
    session.flush()
    return booking


def mark_refunded(session: Session, booking_id: int) -> WasteBooking:
    booking = get_for_officer(session, booking_id, lock=True)
    if booking.payment is None or booking.payment.status != "refund_pending":
        raise AppError(409, "waste.no_refund_pending", "환불 대기 중인 신청이 아닙니다.")
    payments.mark_refunded(booking.payment)
    notify(session, booking.user_id, kind="waste.refunded", title="대형폐기물 수수료를 환불했습니다",
           body=f"{booking.payment.refund_amount:,}원을 보내드렸습니다.", link=route(booking.id))
    session.flush()
    return booking
