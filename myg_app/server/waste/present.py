"""What citizens and officers see of a booking (lines, progress steps, QR, payment)."""
from __future__ import annotations

from myg_app.contracts.waste import STATUS_KO, BookingOut, LineOut, OfficerBooking, Step
from myg_app import qr
from myg_app.server.payments import service as payments
from myg_app.server.payments.settings import PaymentSettings
from myg_app.server.privacy import mask_name
from myg_app.server.waste.areas import BY_CODE
from myg_app.server.waste.bookings import can_cancel, cancel_until
from myg_app.server.waste.emission import qr_payload
from myg_app.server.waste.models import WasteBooking


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
