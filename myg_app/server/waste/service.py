"""Bulky-waste rules: fees computed here only, dates per 읍면동, payment, 배출번호, refunds.

State changes load the booking with a row lock (FOR UPDATE on PostgreSQL; SQLite's
BEGIN IMMEDIATE already serialises writers), so a double tap, a retry and an officer
acting at the same moment apply one after the other.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from myg_app import catalog
from myg_app.contracts.common import FieldError
from myg_app.contracts.payments import RefundAccount
from myg_app.contracts.waste import (
    MAX_QUANTITY,
    STATUS_KO,
    AreaSchedule,
    BookingCreate,
    BookingOut,
    LineIn,
    LineOut,
    OfficerBooking,
    Schedule,
    Step,
    WasteItemIn,
)
from myg_app.seoul_time import seoul_to_utc, today_seoul
from myg_app.server import qr
from myg_app.server.auth.models import User
from myg_app.server.db import utcnow
from myg_app.server.errors import AppError
from myg_app.server.notices.service import notify
from myg_app.server.payments import service as payments
from myg_app.server.payments.models import Payment
from myg_app.server.payments.settings import PaymentSettings
from myg_app.server.privacy import mask_name
from myg_app.server.waste.areas import AREAS, BY_CODE, collection_dates
from myg_app.server.waste.models import WasteBooking, WasteBookingLine, WasteItem

DEPARTMENT = catalog.OWNERS["bulky_waste"]
PURPOSE = "bulky_waste"
QR_PREFIX = "MYGBW"


def today() -> date:
    """Today in Gwangyang (tests move the clock by replacing this function)."""
    return today_seoul()


def _not_found() -> AppError:
    return AppError(404, "waste.not_found", "신청 내역을 찾을 수 없습니다.")


def route(booking_id: int) -> str:
    return f"/f/bulky_waste/bookings/{booking_id}"


# --- catalogue ------------------------------------------------------------------------
def list_items(session: Session, *, include_inactive: bool = False) -> list[WasteItem]:
    stmt = select(WasteItem).order_by(WasteItem.sort, WasteItem.id)
    if not include_inactive:
        stmt = stmt.where(WasteItem.active.is_(True))
    return list(session.scalars(stmt))


def create_item(session: Session, body: WasteItemIn) -> WasteItem:
    last = session.scalar(select(WasteItem.sort).order_by(WasteItem.sort.desc()).limit(1)) or 0
    item = WasteItem(code=f"item-{uuid.uuid4().hex[:10]}", category=body.category.strip(),
                     name=body.name.strip(), size_label=body.size_label.strip(), fee=body.fee,
                     active=body.active, sort=last + 10)
    session.add(item)
    session.flush()
    return item


def update_item(session: Session, item_id: int, body: WasteItemIn) -> WasteItem:
    item = session.get(WasteItem, item_id, with_for_update=True)
    if item is None:
        raise AppError(404, "waste.item_not_found", "품목을 찾을 수 없습니다.")
    # Bookings keep the fee they were made with (copied to their lines): only new ones change.
    item.category, item.name = body.category.strip(), body.name.strip()
    item.size_label, item.fee, item.active = body.size_label.strip(), body.fee, body.active
    session.flush()
    return item


def quote(session: Session, lines: list[LineIn]) -> tuple[list[LineOut], int]:
    """The fee, from the catalogue only. Unknown or withdrawn items are field errors."""
    merged: dict[int, int] = {}
    for line in lines:
        merged[line.item_id] = merged.get(line.item_id, 0) + line.quantity
    items = {i.id: i for i in session.scalars(
        select(WasteItem).where(WasteItem.id.in_(merged), WasteItem.active.is_(True)))}
    errors: list[FieldError] = []
    out: list[LineOut] = []
    for idx, (item_id, qty) in enumerate(merged.items()):
        item = items.get(item_id)
        if item is None:
            errors.append(FieldError(field=f"items.{idx}.item_id",
                                     message="없거나 더 이상 받지 않는 품목입니다."))
            continue
        if qty > MAX_QUANTITY:
            errors.append(FieldError(field=f"items.{idx}.quantity",
                                     message=f"한 품목은 {MAX_QUANTITY}개까지 신청할 수 있습니다."))
            continue
        out.append(LineOut(item_id=item.id, name=item.name, size_label=item.size_label,
                           unit_fee=item.fee, quantity=qty, amount=item.fee * qty))
    if errors:
        raise AppError(422, "validation_error", "품목을 다시 확인해 주세요.", errors=errors)
    return out, sum(line.amount for line in out)


# --- bookings -------------------------------------------------------------------------
def create_booking(session: Session, user: User, body: BookingCreate) -> WasteBooking:
    area = BY_CODE.get(body.area)
    if area is None:
        raise AppError(422, "validation_error", "읍면동을 선택해 주세요.",
                         errors=[FieldError(field="area", message="광양시 읍면동 중에서 골라 주세요.")])
    dates, skipped = collection_dates(area, today())
    if body.pickup_date not in dates:
        holiday = dict(skipped).get(body.pickup_date)
        why = (f"{holiday}이라 수거하지 않습니다." if holiday
               else f"{area.name}은(는) {area.schedule_ko}이며, 이틀 뒤부터 4주 안의 날짜만 고를 수 있습니다.")
        raise AppError(422, "waste.date_unavailable", f"고른 날짜에는 수거하지 않습니다. {why}",
                         errors=[FieldError(field="pickup_date", message=why)])
    lines, total = quote(session, body.items)
    if body.expected_fee != total:
        raise AppError(409, "waste.fee_changed",
                         f"수수료가 {total:,}원으로 계산되었습니다. 금액을 확인하고 다시 신청해 주세요.")
    booking = WasteBooking(
        user_id=user.id, order_id=f"BW{today():%y%m%d}{secrets.token_hex(6).upper()}",
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
    booking = _load(session, booking_id, lock)
    if booking is None or booking.user_id != user.id:
        raise _not_found()  # someone else's booking looks like a missing one
    return booking


def _load(session: Session, booking_id: int, lock: bool) -> WasteBooking | None:
    stmt = select(WasteBooking).where(WasteBooking.id == booking_id)
    if lock:
        stmt = stmt.with_for_update(of=WasteBooking)
    return session.scalars(stmt).unique().one_or_none()


def get_for_officer(session: Session, booking_id: int, *, lock: bool = False) -> WasteBooking:
    booking = _load(session, booking_id, lock)
    if booking is None:
        raise _not_found()
    return booking


def cancel_until(booking: WasteBooking) -> date:
    return booking.pickup_date - timedelta(days=1)


def can_cancel(booking: WasteBooking) -> bool:
    return (booking.status in ("pending_payment", "awaiting_deposit", "paid")
            and today() <= cancel_until(booking))


def _order_name(booking: WasteBooking) -> str:
    first = booking.lines[0].name if booking.lines else "대형폐기물"
    more = sum(ln.quantity for ln in booking.lines) - 1
    return f"대형폐기물 {first}" + (f" 외 {more}개" if more > 0 else "")


def _deposit_due(booking: WasteBooking, settings: PaymentSettings) -> datetime:
    # Deposits must arrive before the cancellation deadline ends (the day before pickup).
    end_of_deadline = seoul_to_utc(cancel_until(booking), time(23, 59, 59))
    return min(utcnow() + timedelta(hours=settings.deposit_hours), end_of_deadline)


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
    if payments.confirm_card(booking.payment, settings, payment_key=payment_key,
                             order_id=order_id, amount=amount):
        _mark_paid(session, booking, secret)
    return booking


def booking_by_order(session: Session, order_id: str, *, lock: bool = False) -> WasteBooking:
    stmt = select(WasteBooking).where(WasteBooking.order_id == order_id)
    if lock:
        stmt = stmt.with_for_update(of=WasteBooking)
    booking = session.scalars(stmt).unique().one_or_none()
    if booking is None:
        raise _not_found()
    return booking


def confirm_card_redirect(session: Session, settings: PaymentSettings, *, payment_key: str,
                          order_id: str, amount: int, secret: str) -> WasteBooking:
    """The gateway's successUrl redirect (in the payer's browser, without our login): the
    order id names the booking, and the amount check plus the gateway's confirmation with
    our secret key are what make it trustworthy."""
    booking = booking_by_order(session, order_id, lock=True)
    if booking.payment is None or booking.status == "cancelled":
        raise AppError(409, "waste.not_payable", "결제할 수 없는 신청입니다.")
    if payments.confirm_card(booking.payment, settings, payment_key=payment_key,
                             order_id=order_id, amount=amount):
        _mark_paid(session, booking, secret)
    return booking


def confirm_deposit(session: Session, settings: PaymentSettings, officer: User,
                    booking_id: int, amount: int, secret: str) -> WasteBooking:
    booking = get_for_officer(session, booking_id, lock=True)
    if booking.payment is None or booking.status != "awaiting_deposit":
        raise AppError(409, "waste.not_awaiting_deposit", "입금 확인을 기다리는 신청이 아닙니다.")
    if booking.payment.due_at and booking.payment.due_at < utcnow():
        raise AppError(409, "waste.deposit_expired",
                         "입금 기한이 지난 신청입니다. 신청인에게 다시 신청하도록 안내해 주세요.")
    payments.confirm_deposit(booking.payment, settings, amount=amount, officer_id=officer.id)
    _mark_paid(session, booking, secret)
    return booking


def expire_unpaid(session: Session) -> int:
    """Bookings whose virtual account passed its deadline unpaid end here (the bank no
    longer accepts deposits to it). Run lazily before lists are shown; idempotent."""
    rows = list(session.scalars(
        select(WasteBooking).outerjoin(Payment, WasteBooking.payment_id == Payment.id)
        .where(or_(
            and_(WasteBooking.status == "awaiting_deposit", Payment.due_at < utcnow()),
            # Never paid by the pickup day (e.g. a card window left open): too late now.
            and_(WasteBooking.status == "pending_payment", WasteBooking.pickup_date <= today())))
        .with_for_update(of=WasteBooking)).unique())
    for booking in rows:
        if booking.payment is not None:
            payments.void(booking.payment)
        booking.status = "cancelled"
        booking.cancelled_at = utcnow()
        booking.cancel_reason = "결제 기한 경과"
        notify(session, booking.user_id, kind="waste.expired",
               title="결제 기한이 지나 대형폐기물 신청이 취소되었습니다",
               body=f"{booking.pickup_date:%m월 %d일} 수거 신청은 결제가 확인되지 않아 취소되었습니다. "
                    "필요하면 다시 신청해 주세요.", link=route(booking.id))
    session.flush()
    return len(rows)


def _new_emission_no(session: Session, booking: WasteBooking) -> str:
    while True:  # the unique constraint is the final guard; a clash is a 1-in-100,000 event
        candidate = f"BW{booking.pickup_date:%y%m%d}-{secrets.randbelow(100_000):05d}"
        if session.scalar(select(WasteBooking.id).where(
                WasteBooking.emission_no == candidate)) is None:
            return candidate


def _mark_paid(session: Session, booking: WasteBooking, secret: str) -> None:
    booking.status = "paid"
    booking.paid_at = utcnow()
    booking.emission_no = _new_emission_no(session, booking)
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
    if today() > cancel_until(booking):
        raise AppError(409, "waste.cancel_deadline_passed",
                         f"취소·환불은 수거일 전날({cancel_until(booking):%m월 %d일})까지만 할 수 있습니다.")
    refunded_now = False
    payment = booking.payment
    if payment is not None and payment.status == "done":
        refunded_now = payments.refund(payment, settings, reason=reason, account=refund_account)
    elif payment is not None and payment.status in ("ready", "waiting_deposit"):
        payments.void(payment)
    booking.status = "cancelled"
    booking.cancelled_at = utcnow()
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


def collect(session: Session, officer: User, booking_id: int) -> WasteBooking:
    booking = get_for_officer(session, booking_id, lock=True)
    if booking.status == "collected":
        return booking  # a second tap on the truck's tablet
    if booking.status != "paid":
        raise AppError(409, "waste.not_collectable", "결제가 끝난 신청만 수거 완료로 바꿀 수 있습니다.")
    if today() < booking.pickup_date:
        raise AppError(409, "waste.before_pickup_date",
                         f"수거일({booking.pickup_date:%m월 %d일}) 전에는 수거 완료로 바꿀 수 없습니다.")
    booking.status = "collected"
    booking.collected_at = utcnow()
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
    names = _names(session, rows)
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


def _names(session: Session, rows: list[WasteBooking]) -> dict[int, str]:
    ids = {b.user_id for b in rows}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def officer_list(session: Session, rows: list[WasteBooking],
                 settings: PaymentSettings) -> list[OfficerBooking]:
    names = _names(session, rows)
    return [officer_out(b, names, settings) for b in rows]


# --- QR / 배출번호 -----------------------------------------------------------------------
def qr_payload(secret: str, emission_no: str) -> str:
    # Signed, so a photocopied or invented number does not verify at the truck.
    sig = hmac.new(secret.encode(), emission_no.encode(), hashlib.sha256).hexdigest()[:12]
    return f"{QR_PREFIX}:{emission_no}:{sig}"


def verify_qr(session: Session, secret: str, code: str) -> WasteBooking:
    parts = code.strip().split(":")
    if len(parts) != 3 or parts[0] != QR_PREFIX or not hmac.compare_digest(
            qr_payload(secret, parts[1]), code.strip()):
        raise AppError(422, "waste.qr_invalid", "광양시가 발급한 배출번호 QR 코드가 아닙니다.")
    booking = session.scalars(select(WasteBooking).where(
        WasteBooking.emission_no == parts[1])).unique().one_or_none()
    if booking is None:
        raise _not_found()
    return booking


# --- output ---------------------------------------------------------------------------
def _lines(booking: WasteBooking) -> list[LineOut]:
    return [LineOut(item_id=ln.item_id, name=ln.name, size_label=ln.size_label,
                    unit_fee=ln.unit_fee, quantity=ln.quantity, amount=ln.amount)
            for ln in booking.lines]


def _steps(booking: WasteBooking) -> list[Step]:
    pay = booking.payment
    paid_label = "입금 확인" if pay is not None and pay.method == "bank_transfer" else "수수료 결제"
    steps = [Step(key="applied", label="신청 접수", done=True, at=booking.created_at),
             Step(key="paid", label=paid_label, done=booking.paid_at is not None,
                  at=booking.paid_at),
             Step(key="number", label="배출번호 발급", done=booking.emission_no is not None,
                  at=booking.paid_at)]
    if booking.status == "cancelled":
        steps.append(Step(key="cancelled", label="신청 취소", done=True, at=booking.cancelled_at))
        if pay is not None and pay.refund_amount:
            steps.append(Step(key="refunded", label="환불 완료", done=pay.refunded_at is not None,
                              at=pay.refunded_at))
    else:
        steps.append(Step(key="collected", label="수거 완료", done=booking.collected_at is not None,
                          at=booking.collected_at))
    return steps


def booking_out(booking: WasteBooking, settings: PaymentSettings, secret: str, *,
                with_qr: bool = False) -> BookingOut:
    show_qr = with_qr and booking.emission_no and booking.status in ("paid", "collected")
    return BookingOut(
        id=booking.id, order_id=booking.order_id, status=booking.status,
        status_label=STATUS_KO[booking.status], area=booking.area,
        area_name=BY_CODE[booking.area].name, address=booking.address, note=booking.note,
        pickup_date=booking.pickup_date, lines=_lines(booking), total_fee=booking.total_fee,
        emission_no=booking.emission_no if booking.status != "cancelled" else None,
        qr_png=qr.png_base64(qr_payload(secret, booking.emission_no)) if show_qr else None,
        payment=payments.to_out(booking.payment, settings) if booking.payment else None,
        cancel_until=cancel_until(booking), can_cancel=can_cancel(booking),
        steps=_steps(booking), created_at=booking.created_at)


def officer_out(booking: WasteBooking, names: dict[int, str],
                settings: PaymentSettings) -> OfficerBooking:
    pay = booking.payment
    return OfficerBooking(
        id=booking.id, emission_no=booking.emission_no, status=booking.status,
        status_label=STATUS_KO[booking.status], area=booking.area,
        area_name=BY_CODE[booking.area].name, address=booking.address, note=booking.note,
        pickup_date=booking.pickup_date, applicant=mask_name(names.get(booking.user_id, "")),
        lines=_lines(booking), total_fee=booking.total_fee,
        payment=payments.to_out(pay, settings) if pay else None,
        refund_to=payments.masked_refund_account(pay) if pay else None)
